import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusMessage } from '../bench/corpus.js';
import { type NormalizeOptions, normalizeMail } from '../src/mail/mail.normalize.js';

/**
 * normalizeMail hands mailparser only the header fields it reads (mail-head.models.ts). Whatever
 * a message holds, the result must be the one mailparser gives when it sees every field: the same
 * NormalizedMail, or the same error.
 */
async function outcome(raw: Buffer, options: NormalizeOptions): Promise<unknown> {
  try {
    return await normalizeMail(raw, options);
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

async function expectSame(raw: Buffer): Promise<void> {
  const every = await outcome(raw, { parserSeesEveryField: true });
  expect(await outcome(raw, {})).toEqual(every);
}

const fixtureDirs = ['test/fixtures/eml', 'examples/inbox'].map((d) =>
  path.resolve(import.meta.dirname, '..', d),
);

const crlf = (text: string): Buffer => Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');

describe('mailparser shown only the fields it reads', () => {
  it('gives the same result for every fixture (real clients, bounces, broken MIME)', async () => {
    let seen = 0;
    for (const dir of fixtureDirs) {
      for (const name of (await readdir(dir)).filter((n) => n.endsWith('.eml'))) {
        await expectSame(await readFile(path.join(dir, name)));
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(50);
  });

  it('gives the same result for 300 messages of the bench corpus (every kind it generates)', async () => {
    for (let i = 0; i < 300; i++)
      await expectSame(corpusMessage({ seed: 7, maxAttachmentBytes: 64 * 1024 }, i).raw);
  });

  it.each([
    [
      'encoded words and raw UTF-8 in the fields it reads and in those it does not',
      'From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@example.org>\nTo: "Team, IaaS" <scs@lists.example.org>, b@example.org\nX-Note: Grüße =?ISO-8859-1?Q?Gr=FC=DFe?=\nSubject: Grüße [agenda] x\nMessage-ID: <a@b>\n\nhallo\n',
    ],
    [
      'a single part that is an attachment by its disposition',
      'From: a@example.org\nReceived: x\nContent-Type: text/markdown; name="minutes.md"\nContent-Disposition: attachment; filename="minutes.md"\n\n# Minutes\n',
    ],
    [
      'two Content-Type fields and a folded References',
      'From: a@example.org\nContent-Type: text/html\nContent-Type: text/plain; charset=iso-8859-1\nReferences: <a@b>\n <c@d>\nIn-Reply-To: <c@d>\n\nx\n',
    ],
    [
      'quoted-printable with format=flowed and many trace fields',
      `${'Received: from hop by hop; Mon, 11 Dec 2023 10:00:00 +0100\n'.repeat(40)}From: a@example.org\nContent-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\nContent-Transfer-Encoding: quoted-printable\n\nA long line =\nwith a soft break and =C3=BC\n`,
    ],
    ['only fields it does not read', 'X-Only: 1\nReceived: x\n\nbody\n'],
    [
      'a Sender and a Reply-To group',
      'From: a@example.org\nSender: list-bounces@example.org\nReply-To: team:;\n\nx\n',
    ],
  ])('gives the same result for %s', async (_what, text) => {
    await expectSame(crlf(text));
    await expectSame(Buffer.from(text, 'utf8'));
  });

  it('refuses a header block over the limit even when the flood is in fields it does not read', async () => {
    const flood = crlf(`From: a@example.org\n${'X-Flood: a\n'.repeat(5000)}\nbody\n`);
    expect(await outcome(flood, {})).toEqual({ error: 'MIME_HEADER_TOO_LARGE' });
    expect(await outcome(flood, { parserSeesEveryField: true })).toEqual({ error: 'MIME_HEADER_TOO_LARGE' });
  });
});
