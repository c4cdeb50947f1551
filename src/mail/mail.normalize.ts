import libmime from 'libmime';
import { type AddressObject, type Attachment, type EmailAddress, simpleParser } from 'mailparser';
import type { MailAddress, NormalizedMail, TextAttachment } from './mail.types.js';

/**
 * The only place that parses MIME. Everything downstream is a pure function over
 * the NormalizedMail this returns.
 *
 * mailparser is lenient by design (broken boundaries, wrong charset labels and
 * missing headers still give a result), which is what we want: malformed mail is
 * not an error, it is mail with defects that the skip rules look at.
 */

/** Text attachments larger than this are not kept: minutes are a few KB, logs are not minutes. */
const MAX_TEXT_ATTACHMENT_BYTES = 512 * 1024;

const TEXT_ATTACHMENT = /^text\/(markdown|x-markdown|plain)$/;
const TEXT_ATTACHMENT_NAME = /\.(md|markdown|txt)$/i;

export async function normalizeMail(raw: Buffer): Promise<NormalizedMail> {
  const parsed = await simpleParser(raw, {
    // We never render the sender's HTML and trim replies ourselves: skip the work.
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    keepDeliveryStatus: true,
  });

  const headers = collectHeaders(parsed.headerLines);
  const defects: string[] = [];
  const from = addressesOf(parsed.from);
  if (!headers.has('from')) defects.push('no From header');
  const date = dateOf(headers.get('date')?.[0]);
  if (headers.has('date') && !date) defects.push('unparseable Date header');
  if (!headers.has('message-id')) defects.push('no Message-ID header');

  const contentType = (headers.get('content-type')?.[0] ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
  const partTypes = parsed.attachments.map((a) => a.contentType.toLowerCase());

  const text = parsed.text && parsed.text.trim() !== '' ? parsed.text : null;
  const html = typeof parsed.html === 'string' && parsed.html.trim() !== '' ? parsed.html : null;

  return {
    messageId: cleanId(parsed.messageId),
    subject: (parsed.subject ?? '').replace(/[\r\n]+/g, ' ').trim(),
    date,
    from,
    sender: addressesOf(headerAddress(parsed, 'sender'))[0] ?? null,
    replyTo: addressesOf(parsed.replyTo),
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    inReplyTo: cleanId(parsed.inReplyTo),
    references: referencesOf(parsed.references),
    headers,
    text,
    html,
    contentType,
    partTypes,
    textAttachments: parsed.attachments.flatMap(toTextAttachment),
    defects,
  };
}

function collectHeaders(lines: ReadonlyArray<{ key: string; line: string }>): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    const rawValue = colon >= 0 ? line.slice(colon + 1) : '';
    // Unfold (RFC 5322 §2.2.3) and decode encoded words; a broken word must not lose the header.
    const unfolded = rawValue.replace(/\r?\n[ \t]+/g, ' ').trim();
    let value = unfolded;
    try {
      value = libmime.decodeWords(unfolded);
    } catch {
      // keep the undecoded value
    }
    const name = key.toLowerCase();
    const values = headers.get(name);
    if (values) values.push(value);
    else headers.set(name, [value]);
  }
  return headers;
}

function headerAddress(parsed: { headers: Map<string, unknown> }, name: string): AddressObject | undefined {
  const value = parsed.headers.get(name);
  return value && typeof value === 'object' && 'value' in value ? (value as AddressObject) : undefined;
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  const out: MailAddress[] = [];
  const visit = (entry: EmailAddress): void => {
    // Groups ("undisclosed-recipients:;") carry their members in `group`.
    if (entry.group) {
      for (const member of entry.group) visit(member);
      return;
    }
    const address = (entry.address ?? '').trim().toLowerCase();
    const name = (entry.name ?? '').replace(/[\r\n]+/g, ' ').trim();
    if (address || name) out.push({ address, name });
  };
  for (const object of objects) for (const entry of object.value) visit(entry);
  return out;
}

/**
 * mailparser replaces a missing or unparseable Date with the time of parsing, which
 * would date a message (and the due dates counted from it) to today. Parsed the same
 * way (`new Date`), but garbage becomes null.
 */
function dateOf(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function cleanId(id: string | undefined): string | null {
  if (!id) return null;
  const match = /<([^<>]+)>/.exec(id);
  const inner = (match?.[1] ?? id).trim();
  return inner === '' ? null : inner;
}

function referencesOf(references: string | string[] | undefined): string[] {
  if (!references) return [];
  const list = Array.isArray(references) ? references : references.split(/\s+/);
  return list.map(cleanId).filter((id): id is string => id !== null);
}

function toTextAttachment(attachment: Attachment): TextAttachment[] {
  const contentType = attachment.contentType.toLowerCase();
  const filename = attachment.filename ?? '';
  const isText = TEXT_ATTACHMENT.test(contentType) || TEXT_ATTACHMENT_NAME.test(filename);
  if (!isText || attachment.size > MAX_TEXT_ATTACHMENT_BYTES) return [];
  return [{ filename, contentType, content: attachment.content.toString('utf8') }];
}
