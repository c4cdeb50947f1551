import type { Transporter } from 'nodemailer';
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

// nodemailer's stream transport with buffer:true only builds the message; it sends nothing.
// Made on first use: a process that only ingests never loads nodemailer.
let composer: Promise<Transporter> | null = null;
const getComposer = (): Promise<Transporter> =>
  (composer ??= import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }),
  ));

/** One line, no control characters: nothing from mail can inject a header. */
export function headerSafe(value: string): string {
  return value
    .replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export async function composeMail(mail: OutgoingMail): Promise<ComposedMail> {
  const info = await (await getComposer()).sendMail({
    from: { name: headerSafe(mail.from.name), address: mail.from.address },
    to: mail.to,
    subject: headerSafe(mail.subject),
    text: mail.text,
    html: mail.html,
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
  });
  return { raw: info.message as Buffer, envelope: { from: mail.from.address, to: mail.to } };
}
