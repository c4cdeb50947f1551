import type MailComposer from 'nodemailer/lib/mail-composer';
import type { DigestAttachment } from '../digests/digest.types.js';

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string[];
  subject: string;
  text: string;
  /** Absent: a plain-text message (a confirmation has nothing to format). */
  html?: string | undefined;
  attachments: DigestAttachment[];
  /** Without angle brackets. Stable per digest: a resend after a crash carries the same id. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  date: Date;
  /** e.g. "agenda; team=iaas": lets us (and filters) recognise our own mail coming back. */
  listscribeHeader: string;
  /**
   * RFC 3834: "auto-generated" for digests (not a response to anything), "auto-replied"
   * for a reply to a member's message; both tell robots not to answer.
   */
  autoSubmitted?: 'auto-generated' | 'auto-replied';
}

export interface ComposedMail {
  raw: Buffer;
  envelope: { from: string; to: string[] };
}

// nodemailer's MailComposer builds the MIME tree that its transports send. We only need the
// bytes, so we build them straight from it rather than through a stream transport's sendMail,
// whose plugin steps and second pass over every byte to rewrite line ends cost a large digest
// ~0.25 of its ~2 ms. Loaded on first use: a process that only ingests never loads nodemailer.
let mailComposer: Promise<typeof MailComposer> | null = null;
const loadMailComposer = (): Promise<typeof MailComposer> =>
  (mailComposer ??= import('nodemailer/lib/mail-composer').then((module) => module.default));

/**
 * Text parts travel with CRLF line ends (RFC 2046 4.1.1): a lone CR or LF becomes CRLF here,
 * before encoding, so quoted-printable keeps them as line ends and the message needs no pass
 * that rewrites them afterwards. Headers, boundaries and base64 come from nodemailer with CRLF.
 */
export function canonicalLineEnds(text: string): string {
  // Rendered text has LF alone; replacing a string is twice as fast as matching the pattern.
  return text.includes('\r') ? text.replace(/\r\n|\r|\n/g, '\r\n') : text.replaceAll('\n', '\r\n');
}

/** One line, no control characters: nothing from mail can inject a header. */
export function headerSafe(value: string): string {
  return value
    .replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export async function composeMail(mail: OutgoingMail): Promise<ComposedMail> {
  const MailComposer = await loadMailComposer();
  const message = new MailComposer({
    from: { name: headerSafe(mail.from.name), address: mail.from.address },
    to: mail.to,
    subject: headerSafe(mail.subject),
    text: canonicalLineEnds(mail.text),
    html: mail.html === undefined ? undefined : canonicalLineEnds(mail.html),
    messageId: `<${mail.messageId}>`,
    inReplyTo: mail.inReplyTo ? `<${mail.inReplyTo}>` : undefined,
    references: mail.references.length ? mail.references.map((id) => `<${id}>`) : undefined,
    date: mail.date,
    // nodemailer would otherwise scan every text to choose between quoted-printable and base64,
    // a fifth of the cost of composing a large digest; digests are text a person may read raw.
    textEncoding: 'quoted-printable',
    headers: {
      // RFC 3834: robots must not auto-reply to this; our own skip rules look for both.
      'Auto-Submitted': mail.autoSubmitted ?? 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Listscribe': headerSafe(mail.listscribeHeader),
    },
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
    // Everything is in memory: nothing here may name a file or a URL for nodemailer to read.
    disableFileAccess: true,
    disableUrlAccess: true,
  }).compile();
  return { raw: await message.build(), envelope: { from: mail.from.address, to: mail.to } };
}
