import { describe, expect, it } from 'vitest';
import { forParser, splitHead } from './mail-head.models.js';

const crlf = (text: string): Buffer => Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1');

describe('splitHead', () => {
  it('splits a CRLF header block into fields, continuation lines joined, names lower-cased', () => {
    const raw = crlf(
      'Received: from a\n\tby b; Mon, 11 Dec 2023 10:00:00 +0100\nFrom: Kurt <garloff@example.org>\nSUBJECT : [agenda] x\n\nbody\n',
    );
    const head = splitHead(raw);
    expect(head?.lines).toEqual([
      { key: 'received', line: 'Received: from a\r\n\tby b; Mon, 11 Dec 2023 10:00:00 +0100' },
      { key: 'from', line: 'From: Kurt <garloff@example.org>' },
      { key: 'subject', line: 'SUBJECT : [agenda] x' },
    ]);
    expect(raw.subarray(head!.end).toString()).toBe('\r\n\r\nbody\r\n');
  });

  it('reads LF-only mail the same way', () => {
    const head = splitHead(Buffer.from('From: a@example.org\nTo: b@example.org\n\nhi\n'));
    expect(head?.lines.map((l) => l.key)).toEqual(['from', 'to']);
    expect(head?.end).toBe('From: a@example.org\nTo: b@example.org'.length);
  });

  it('keeps the bytes of a raw 8-bit field as latin1, as mailparser hands them over', () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: '),
      Buffer.from('Grüße', 'utf8'),
      Buffer.from('\r\n\r\nx'),
    ]);
    expect(splitHead(raw)?.lines[0]?.line).toBe(
      `Subject: ${Buffer.from('Grüße', 'utf8').toString('latin1')}`,
    );
  });

  it.each([
    ['no empty line ends the header', 'From: a@example.org\r\nTo: b@example.org\r\n'],
    ['an mbox From_ line', 'From a@example.org Mon Dec 11 10:00:00 2023\r\nFrom: a@example.org\r\n\r\nx'],
    ['a bare CR', 'From: a@example.org\rTo: b@example.org\r\n\r\nx'],
    ['a line that is not a field', 'From: a@example.org\r\nthis is not a header\r\n\r\nx'],
    ['a continuation before any field', ' folded\r\nFrom: a@example.org\r\n\r\nx'],
    ['a body without any header', '\r\nhello\r\n'],
  ])('leaves a message alone with %s', (_what, text) => {
    expect(splitHead(Buffer.from(text, 'latin1'))).toBeNull();
  });

  it('counts every line as at least 64 bytes, as mailparser does against its header limit', () => {
    const short = splitHead(crlf('A: 1\nB: 2\n\nx'));
    expect(short?.cost).toBe(128);
    const long = 'X-Long: '.padEnd(100, 'y');
    expect(splitHead(crlf(`${long}\nB: 2\n\nx`))?.cost).toBe(102 + 64);
  });
});

describe('forParser', () => {
  it('keeps the fields mailparser reads, in order, and hands the rest of the message on uncopied', () => {
    const raw = crlf(
      'Received: from a by b\nDKIM-Signature: v=1; a=rsa-sha256;\n b=abc\nFrom: a@example.org\nList-Id: <x.example.org>\nContent-Type: text/plain;\n charset=utf-8\nSubject: hi\n\nbody\n',
    );
    const [head, rest] = forParser(raw, splitHead(raw)!)!;
    expect(head.toString('latin1')).toBe(
      'From: a@example.org\r\nContent-Type: text/plain;\r\n charset=utf-8\r\nSubject: hi',
    );
    expect(rest.toString()).toBe('\r\n\r\nbody\r\n');
    expect(rest.buffer).toBe(raw.buffer);
  });

  it('gives up when mailparser would read none of the fields, rather than start the body early', () => {
    const raw = crlf('X-Only: 1\n\nbody\n');
    expect(forParser(raw, splitHead(raw)!)).toBeNull();
  });
});
