import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { normalizeMail } from './mail.normalize.js';
import { MIN_SKIM_BYTES, skimBinaryParts } from './mime-skim.models.js';

const CRLF = '\r\n';

/** Deterministic bytes that compress badly, like a real PDF. */
function binary(size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = 0x2545f491;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const base64Lines = (bytes: Buffer): string => bytes.toString('base64').replace(/.{76}/g, `$&${CRLF}`);

function message(body: string, contentType: string): Buffer {
  return Buffer.from(
    [
      'From: Kurt Garloff <garloff@example.org>',
      'To: scs-tech@lists.example.org',
      'Subject: [agenda] Lab status (@garloff ~10 min)',
      'Date: Mon, 4 Dec 2023 10:00:00 +0100',
      'Message-ID: <skim-1@example.org>',
      'MIME-Version: 1.0',
      `Content-Type: ${contentType}`,
      '',
      body,
    ].join(CRLF),
    'latin1',
  );
}

function part(headers: string[], content: string): string {
  return [...headers, '', content].join(CRLF);
}

function multipart(boundary: string, parts: string[], close = true): string {
  return [
    'This is a multi-part message in MIME format.',
    ...parts.map((p) => `--${boundary}${CRLF}${p}`),
    close ? `--${boundary}--${CRLF}` : '',
  ].join(CRLF);
}

const text = part(['Content-Type: text/plain; charset=utf-8'], 'See the slides.\r\nAI @fkr: review them');

function pdf(name: string, size = 200_000, type = 'application/pdf'): string {
  return part(
    [
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
    ],
    base64Lines(binary(size)),
  );
}

/** What mailparser makes of a message, minus attachment contents. */
async function parsedShape(raw: Buffer) {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true });
  return {
    subject: parsed.subject,
    text: parsed.text,
    html: parsed.html,
    attachments: parsed.attachments.map((a) => ({
      contentType: a.contentType,
      filename: a.filename,
      contentDisposition: a.contentDisposition,
    })),
  };
}

describe('skimBinaryParts', () => {
  it('cuts the content of a large PDF and keeps its headers, so mailparser sees the same message', async () => {
    const raw = message(multipart('b1', [text, pdf('slides.pdf')]), 'multipart/mixed; boundary="b1"');
    const skimmed = skimBinaryParts(raw);
    expect(skimmed.length).toBeLessThan(2_000);
    expect(skimmed.toString('latin1')).toContain('Content-Disposition: attachment; filename="slides.pdf"');
    expect(await parsedShape(skimmed)).toEqual(await parsedShape(raw));
    const parsed = await simpleParser(skimmed);
    expect(parsed.attachments[0]?.size).toBe(0);
  });

  it('reaches attachments inside nested multiparts and keeps every text alternative', async () => {
    const alternative = multipart('alt', [
      text,
      part(['Content-Type: text/html; charset=utf-8'], '<p>See the slides.</p>'),
    ]);
    const inner = part(['Content-Type: multipart/alternative; boundary=alt'], alternative);
    const image = pdf('screen.png', 120_000, 'image/png');
    const raw = message(
      multipart('outer', [inner, pdf('a.pdf'), image]),
      'multipart/mixed;\r\n boundary="outer"',
    );
    const skimmed = skimBinaryParts(raw);
    expect(skimmed.length).toBeLessThan(3_000);
    expect(await parsedShape(skimmed)).toEqual(await parsedShape(raw));
  });

  it('keeps a minutes file sent as application/octet-stream, which mailparser reads as Markdown', async () => {
    const markdown = `# 2023-12-04${CRLF}${'* a line of minutes\r\n'.repeat(1_000)}`;
    const minutes = part(
      [
        'Content-Type: application/octet-stream; name="20231204.md"',
        'Content-Disposition: attachment; filename="20231204.md"',
        'Content-Transfer-Encoding: base64',
      ],
      base64Lines(Buffer.from(markdown)),
    );
    const raw = message(multipart('b2', [text, minutes]), 'multipart/mixed; boundary=b2');
    expect(skimBinaryParts(raw)).toBe(raw);
    expect((await normalizeMail(raw)).textAttachments[0]?.content).toBe(markdown);
  });

  it('keeps a text file whose name is an encoded word', () => {
    const name = '=?UTF-8?B?UHJvdG9rb2xsLm1k?='; // "Protokoll.md"
    const raw = message(
      multipart('b3', [text, pdf(name, 50_000, 'application/octet-stream')]),
      'multipart/mixed; boundary=b3',
    );
    expect(skimBinaryParts(raw)).toBe(raw);
  });

  it('leaves small attachments, text parts and single-part mail as they are', () => {
    const small = message(
      multipart('b4', [text, pdf('tiny.pdf', MIN_SKIM_BYTES / 2)]),
      'multipart/mixed; boundary=b4',
    );
    expect(skimBinaryParts(small)).toBe(small);
    const plain = message(`${'A long plain message.\r\n'.repeat(2_000)}`, 'text/plain');
    expect(skimBinaryParts(plain)).toBe(plain);
    const bigText = part(['Content-Type: text/plain'], 'x'.repeat(50_000));
    const log = message(multipart('b5', [text, bigText]), 'multipart/mixed; boundary=b5');
    expect(skimBinaryParts(log)).toBe(log);
  });

  it('leaves a multipart without its closing boundary to mailparser', () => {
    const raw = message(multipart('b6', [text, pdf('slides.pdf')], false), 'multipart/mixed; boundary=b6');
    expect(skimBinaryParts(raw)).toBe(raw);
  });

  it('does not cut content with a line that mailparser could read as a boundary', () => {
    const content = `${'x'.repeat(20_000)}\r\n--outer-boundary\r\nContent-Type: text/plain\r\n\r\nhidden text\r\n`;
    const odd = part(['Content-Type: application/octet-stream', 'Content-Transfer-Encoding: 8bit'], content);
    const raw = message(multipart('b7', [text, odd]), 'multipart/mixed; boundary=b7');
    expect(skimBinaryParts(raw)).toBe(raw);
  });

  it('does not take a longer boundary that starts with the same characters for its own', async () => {
    const nested = part(['Content-Type: multipart/mixed; boundary=b8x'], multipart('b8x', [pdf('in.pdf')]));
    const raw = message(multipart('b8', [text, nested]), 'multipart/mixed; boundary=b8');
    const skimmed = skimBinaryParts(raw);
    expect(skimmed.length).toBeLessThan(2_000);
    expect(await parsedShape(skimmed)).toEqual(await parsedShape(raw));
  });

  it('changes nothing mailparser reports for any .eml fixture', async () => {
    const dir = fileURLToPath(new URL('../../test/fixtures/eml/', import.meta.url));
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
      const raw = readFileSync(`${dir}${file}`);
      expect(await parsedShape(skimBinaryParts(raw)), file).toEqual(await parsedShape(raw));
    }
  });
});
