import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractItems } from './items.models.js';

/**
 * Runs the extractor over the team's real minutes (read at test time, never copied into the
 * repository). The counts were checked by eye against the documents: 120 action items and 12
 * decisions when this was written; the floors leave room for improvements in either direction.
 */
const CORPUS = '/work/shared/corpus/scs-minutes/iaas';
const available = existsSync(CORPUS);

describe('extractItems over the real Team IaaS minutes', () => {
  it.skipIf(!available)(`finds sane items in every minutes file (skipped when ${CORPUS} is absent)`, () => {
    const files = readdirSync(CORPUS).filter((name) => name.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    let actions = 0;
    let decisions = 0;
    for (const name of files) {
      const text = readFileSync(path.join(CORPUS, name), 'utf8');
      for (const item of extractItems(text, { referenceDate: new Date('2024-01-10T00:00:00Z') })) {
        if (item.kind === 'action') {
          actions++;
          expect(item.text.trim(), name).not.toBe('');
          expect(item.text, name).toBe(item.text.trim());
          for (const owner of item.owners) {
            expect(owner, name).toMatch(/^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/);
          }
        } else if (item.kind === 'decision') {
          decisions++;
          expect(item.text.trim(), name).not.toBe('');
        } else {
          expect(item.ref, name).toMatch(/^A-\d+$/);
        }
      }
    }
    console.log(`corpus: ${files.length} minutes, ${actions} action items, ${decisions} decisions`);
    expect(actions).toBeGreaterThanOrEqual(100);
    expect(decisions).toBeGreaterThanOrEqual(8);
  });
});
