import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractFromRaw } from '../src/mail/extract.js';
import type { ExtractedItem, Extraction } from '../src/mail/mail.types.js';
import { expectations } from './fixtures/eml/expectations.js';
import { fixtureContext } from './fixtures/eml/people.js';

const fixtureDir = fileURLToPath(new URL('./fixtures/eml/', import.meta.url));
const emlFiles = readdirSync(fixtureDir)
  .filter((name) => name.endsWith('.eml'))
  .sort();

const readFixture = (file: string): Buffer => readFileSync(`${fixtureDir}${file}`);

// Markup a digest must never carry, whatever the sender wrote.
const HTML_TAG = /<\/?(html|head|body|div|span|p|br|blockquote|font|b|a|style|meta)\b[^>]*>/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function handlesOf(item: ExtractedItem): string[] {
  if (item.kind === 'agenda') return [item.owner];
  if (item.kind === 'action') return item.owners;
  return [];
}

describe('the .eml fixtures', () => {
  it('has an expectation for every fixture file, and a file for every expectation', () => {
    const expected = expectations.map((e) => e.file).sort();
    expect(new Set(expected).size, 'an expectation is listed twice').toBe(expected.length);
    expect(expected).toEqual(emlFiles);
  });

  it('are stored with CRLF line endings, as messages travel on the wire', () => {
    const withBareLf = emlFiles.filter((file) => /(^|[^\r])\n/.test(readFixture(file).toString('latin1')));
    expect(withBareLf).toEqual([]);
  });

  it('are at least 40, so every client and case in the README is covered', () => {
    expect(emlFiles.length).toBeGreaterThanOrEqual(40);
  });
});

describe('inspect on real-client .eml fixtures', () => {
  for (const expectation of expectations) {
    it(`${expectation.file}: ${expectation.rule}`, async () => {
      const result: Extraction = await extractFromRaw(readFixture(expectation.file), fixtureContext);

      // The inspect contract is JSON: nothing in it may be lost on the way out.
      expect(JSON.parse(JSON.stringify(result)), 'result is plain JSON').toEqual(result);
      expect(result.reply, 'reply carries no HTML').not.toMatch(HTML_TAG);
      for (const item of result.items) {
        for (const handle of handlesOf(item))
          expect(handle, 'handles are written without "@"').not.toMatch(/^@/);
        if (item.kind === 'action' && item.due !== null)
          expect(item.due, 'due is YYYY-MM-DD').toMatch(ISO_DATE);
      }

      if (expectation.messageId !== undefined)
        expect(result.messageId, 'messageId').toBe(expectation.messageId);
      if (expectation.subject !== undefined) expect(result.subject, 'subject').toBe(expectation.subject);
      if (expectation.author) expect(result.author, 'author').toMatchObject(expectation.author);
      if (expectation.tags) expect([...result.tags].sort(), 'tags').toEqual([...expectation.tags].sort());

      const skip = expectation.skip;
      if (skip === null) {
        expect(result.skip, 'skip').toBeNull();
      } else if (typeof skip === 'string') {
        expect(result.skip?.reason, 'skip reason').toBe(skip);
        expect(result.skip?.detail, 'skip detail says why').toBeTruthy();
      } else if (skip !== undefined) {
        expect(skip, 'skip reason is one of the accepted outcomes').toContain(result.skip?.reason ?? null);
      }

      if (expectation.reply !== undefined) expect(result.reply.trim(), 'reply').toBe(expectation.reply);
      for (const text of expectation.replyIncludes ?? [])
        expect(result.reply, 'reply includes').toContain(text);
      for (const text of expectation.replyExcludes ?? []) {
        expect(result.reply, 'reply excludes').not.toContain(text);
      }

      if (expectation.items) {
        expect(result.items, 'items').toHaveLength(expectation.items.length);
        expect(result.items, 'items').toMatchObject(expectation.items);
      }

      if (expectation.minutes === null) expect(result.minutes, 'minutes').toBeNull();
      else if (expectation.minutes) expect(result.minutes, 'minutes').toMatchObject(expectation.minutes);
    });
  }
});
