/**
 * Hostile and broken messages, generated rather than stored: each is megabytes of
 * repetition that says more as a generator than as a fixture file. Every message is
 * addressed to the test team's list from a member, so only its hostility decides its
 * outcome. Sizes are parameters: tests pick the smallest that still crosses a limit.
 */

export interface HostileMessage {
  /** What it attacks, for test names. */
  name: string;
  raw: Buffer;
}

const CRLF = '\r\n';

export interface Envelope {
  from?: string;
  to?: string;
  subject?: string;
  messageId: string;
}

function head(envelope: Envelope, extra: string[] = []): string {
  return [
    `From: ${envelope.from ?? 'Kurt Garloff <garloff@example.org>'}`,
    `To: ${envelope.to ?? 'scs-tech@lists.example.org'}`,
    `Subject: ${envelope.subject ?? '[agenda] Hostile (5 min)'}`,
    'Date: Mon, 11 Dec 2023 10:00:00 +0100',
    `Message-ID: <${envelope.messageId}>`,
    'MIME-Version: 1.0',
    ...extra,
  ].join(CRLF);
}

/** multipart/mixed inside multipart/mixed, `depth` levels deep, a text part at the bottom. */
export function deepNesting(depth: number, messageId = 'deep@hostile.example'): HostileMessage {
  const open: string[] = [];
  const close: string[] = [];
  for (let level = 0; level < depth; level++) {
    const boundary = `b${level}`;
    open.push(`Content-Type: multipart/mixed; boundary="${boundary}"${CRLF}${CRLF}--${boundary}`);
    close.unshift(`--${boundary}--`);
  }
  const body = `${open.join(CRLF)}${CRLF}Content-Type: text/plain${CRLF}${CRLF}AI @fkr: dig${CRLF}${close.join(CRLF)}${CRLF}`;
  // The first Content-Type is the message's own header.
  const [first, ...rest] = body.split(`${CRLF}${CRLF}`);
  const raw = `${head({ messageId }, [first!])}${CRLF}${CRLF}${rest.join(`${CRLF}${CRLF}`)}`;
  return { name: `MIME nested ${depth} deep`, raw: Buffer.from(raw) };
}

/** `parts` sibling parts in one multipart. */
export function partFlood(parts: number, messageId = 'parts@hostile.example'): HostileMessage {
  const lines = [`${head({ messageId }, ['Content-Type: multipart/mixed; boundary="p"'])}`, ''];
  for (let i = 0; i < parts; i++) lines.push('--p', 'Content-Type: text/x-junk', '', `part ${i}`);
  lines.push('--p--', '');
  return { name: `${parts} MIME parts`, raw: Buffer.from(lines.join(CRLF)) };
}

/** `count` extra header lines of `length` bytes each. */
export function headerFlood(
  count: number,
  length = 60,
  messageId = 'headers@hostile.example',
): HostileMessage {
  const filler = 'x'.repeat(Math.max(1, length - 12));
  const extra = Array.from({ length: count }, (_, i) => `X-Flood-${i % 1000}: ${filler}`);
  const raw = `${head({ messageId }, ['Content-Type: text/plain', ...extra])}${CRLF}${CRLF}AI @fkr: read headers${CRLF}`;
  return { name: `${count} header lines`, raw: Buffer.from(raw) };
}

/** A text/plain body of `bytes` decoded bytes, base64-encoded, wrapped at 76 columns. */
export function hugeBase64Text(bytes: number, messageId = 'b64text@hostile.example'): HostileMessage {
  const line = 'AI @fkr: this line repeats until the body is huge. ';
  const text = line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
  const encoded = Buffer.from(text).toString('base64').replace(/.{76}/g, `$&${CRLF}`);
  const raw = `${head({ messageId }, ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'])}${CRLF}${CRLF}${encoded}${CRLF}`;
  return { name: `${bytes}-byte base64 text body`, raw: Buffer.from(raw) };
}

/** A binary attachment of `bytes` bytes next to a short text part. */
export function hugeBase64Attachment(bytes: number, messageId = 'b64att@hostile.example'): HostileMessage {
  const chunk = Buffer.alloc(57 * 1024, 0xa5)
    .toString('base64')
    .replace(/.{76}/g, `$&${CRLF}`);
  const lines = Math.ceil(bytes / (57 * 1024));
  const body = [
    '--a',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'AI @fkr: look at the attachment',
    '--a',
    'Content-Type: application/octet-stream; name="blob.bin"',
    'Content-Disposition: attachment; filename="blob.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    chunk.repeat(lines),
    '--a--',
    '',
  ].join(CRLF);
  const raw = `${head({ messageId }, ['Content-Type: multipart/mixed; boundary="a"'])}${CRLF}${CRLF}${body}`;
  return { name: `${bytes}-byte base64 attachment`, raw: Buffer.from(raw) };
}

/** A subject (and a display name) of `words` RFC 2047 encoded words. */
export function encodedWordBomb(words: number, messageId = 'words@hostile.example'): HostileMessage {
  const word = '=?utf-8?B?w6TDtsO8?=';
  const folded = Array.from({ length: words }, () => word).join(`${CRLF} `);
  const raw = `${head({ messageId, subject: `[agenda] ${folded}`, from: `${folded} <garloff@example.org>` }, ['Content-Type: text/plain'])}${CRLF}${CRLF}hello${CRLF}`;
  return { name: `${words} encoded words`, raw: Buffer.from(raw) };
}

/** Charsets that lie: an unknown label, UTF-8 bytes cut mid-sequence, a UTF-7 body, broken encoded words. */
export function brokenCharsets(messageId = 'charset@hostile.example'): HostileMessage {
  const body = Buffer.concat([
    Buffer.from(`--c${CRLF}Content-Type: text/plain; charset=x-no-such-charset${CRLF}${CRLF}AI @fkr: `),
    Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]),
    Buffer.from(
      ` check charsets${CRLF}--c${CRLF}Content-Type: text/plain; charset=utf-7${CRLF}${CRLF}+AGEAYgBj-${CRLF}`,
    ),
    Buffer.from(
      `--c${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}=C3=${CRLF}`,
    ),
    Buffer.from(`--c--${CRLF}`),
  ]);
  const raw = Buffer.concat([
    Buffer.from(
      `${head({ messageId, subject: '=?x-bogus?Q?broken=ZZ?= =?utf-8?B?!!!notbase64?= [decision] charsets are hard' }, ['Content-Type: multipart/mixed; boundary="c"'])}${CRLF}${CRLF}`,
    ),
    body,
  ]);
  return { name: 'broken charsets', raw };
}

/**
 * CR/LF smuggled into a subject and a display name through encoded words (the decoded
 * value carries them), plus template syntax and markup: what a digest must show inert.
 */
export function injectionAttempt(messageId = 'inject@hostile.example'): HostileMessage {
  const encode = (text: string): string => `=?utf-8?B?${Buffer.from(text).toString('base64')}?=`;
  const subject = `[agenda] ${encode('Topic\r\nBcc: victim@example.net\r\nX-Injected: yes')} {{team.name}} <script>alert(1)</script> (5 min)`;
  const from = `${encode('Kurt\r\nBcc: victim@example.net')} <garloff@example.org>`;
  const raw = [
    head({ messageId, subject, from }, ['Content-Type: text/html; charset=utf-8']),
    '',
    '<p>AI @fkr: <b>check</b> {{#each x}}<img src="https://tracker.example/pixel.gif"></p>',
    '',
  ].join(CRLF);
  return { name: 'header and template injection', raw: Buffer.from(raw) };
}
