import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { canonicalLineEnds, composeMail, type OutgoingMail } from './compose.js';

const mail = (over: Partial<OutgoingMail> = {}): OutgoingMail => ({
  from: { name: 'listscribe (Team IaaS)', address: 'listscribe@example.org' },
  to: ['scs-tech@lists.scs.community'],
  subject: '[agenda] Team IaaS — Mon 11 Dec 2023, 15:05 CET',
  text: 'Team IaaS Meeting — Monday 11 December 2023\n\nAgenda\n  15:05  1.  IaaS standards\n',
  html: '<p>Team IaaS Meeting – Monday</p>\n<p>Agenda</p>\n',
  attachments: [],
  messageId: 'agenda-41@listscribe.example.org',
  inReplyTo: null,
  references: [],
  date: new Date('2023-12-10T14:05:00Z'),
  listscribeHeader: 'agenda; team=iaas',
  ...over,
});

/** RFC 5322: every line ends in CRLF, none is longer than 998 octets (ours stay within 78). */
function expectCanonical(raw: Buffer): void {
  const message = raw.toString('latin1');
  expect(message.endsWith('\r\n')).toBe(true);
  expect(message.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const longest = Math.max(...message.split('\r\n').map((line) => line.length));
  expect(longest).toBeLessThanOrEqual(78);
}

describe('composeMail', () => {
  it('builds a message with CRLF line ends throughout that decodes to the parts as given', async () => {
    const out = mail({
      text: `${'a long line of the text part '.repeat(8)}\n  indented — with a dash  \n\nend`,
      html: `<table>\n${'<tr><td style="padding:2px 0;white-space:nowrap;">x – y</td></tr>\n'.repeat(40)}</table>\n`,
      attachments: [
        { filename: '20231211.md', contentType: 'text/markdown', content: '# Minutes\n\n- a — b\n' },
      ],
    });
    const { raw } = await composeMail(out);
    expectCanonical(raw);
    const parsed = await simpleParser(raw);
    expect(parsed.text).toBe(out.text);
    expect(parsed.html).toBe(out.html);
    expect(parsed.attachments[0]?.content.toString('utf8')).toBe('# Minutes\n\n- a — b\n');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('x-listscribe')).toBe('agenda; team=iaas');
    expect(parsed.messageId).toBe('<agenda-41@listscribe.example.org>');
  });

  it('turns a lone CR or LF from the content into a line end rather than a bare byte in the message', async () => {
    const { raw } = await composeMail(mail({ text: 'one\rtwo\r\nthree\nfour', html: '<p>\r</p>\n' }));
    expectCanonical(raw);
    const parsed = await simpleParser(raw);
    expect(parsed.text).toBe('one\ntwo\nthree\nfour');
    expect(parsed.html).toBe('<p>\n</p>\n');
  });

  it('sends a plain-text message as one text/plain part', async () => {
    const { raw, envelope } = await composeMail(mail({ html: undefined, autoSubmitted: 'auto-replied' }));
    expectCanonical(raw);
    const parsed = await simpleParser(raw);
    expect(parsed.html).toBe(false);
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'text/plain' });
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(envelope).toEqual({ from: 'listscribe@example.org', to: ['scs-tech@lists.scs.community'] });
  });

  it('never lets CR/LF from the subject or the marker header start a new header', async () => {
    const { raw } = await composeMail(
      mail({ subject: 'Hello\r\nBcc: all@example.org', listscribeHeader: 'agenda\nX-Evil: 1' }),
    );
    const parsed = await simpleParser(raw);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('x-evil')).toBe(false);
    expect(parsed.subject).toBe('Hello Bcc: all@example.org');
  });
});

describe('canonicalLineEnds', () => {
  it('makes every CR, LF and CRLF one CRLF', () => {
    expect(canonicalLineEnds('a\nb\r\nc\rd\r\r\ne\n\n')).toBe('a\r\nb\r\nc\r\nd\r\n\r\ne\r\n\r\n');
  });
});
