import libmime from 'libmime';
import { type AddressObject, type EmailAddress, MailParser } from 'mailparser';
import type { MailAddress, NormalizedMail, TextAttachment } from './mail.types.js';
import { forParser, splitHead } from './mail-head.models.js';
import { headerTooLarge, limitErrorOf, MAIL_LIMITS, MailLimitError } from './mail-limits.js';
import { skimBinaryParts } from './mime-skim.models.js';

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

export interface NormalizeOptions {
  /** Overrides MAIL_LIMITS.parseDeadlineMs (tests use a tiny one). */
  parseDeadlineMs?: number;
  /**
   * Hand mailparser every header field, not only those it reads (see mail-head.models.ts):
   * slower, and the same result; the test that proves it uses this.
   */
  parserSeesEveryField?: boolean;
}

/** Throws MailLimitError for a message over a limit (see mail-limits.ts); other defects are not errors. */
export async function normalizeMail(raw: Buffer, options: NormalizeOptions = {}): Promise<NormalizedMail> {
  const skimmed = skimBinaryParts(raw);
  const head = options.parserSeesEveryField ? null : splitHead(skimmed);
  // mailparser would refuse a header block this large; it must not get past because it sees less.
  if (head && head.cost > MAIL_LIMITS.maxHeadBytes) throw headerTooLarge();
  const input = (head && forParser(skimmed, head)) ?? [skimmed];
  const parsed = await parseMime(input, options.parseDeadlineMs ?? MAIL_LIMITS.parseDeadlineMs);

  const headers = collectHeaders(head ? head.lines : parsed.headerLines);
  const defects: string[] = [];
  const from = addressesOf(headerAddress(parsed.headers, 'from'));
  if (!headers.has('from')) defects.push('no From header');
  const date = dateOf(headers.get('date')?.[0]);
  if (headers.has('date') && !date) defects.push('unparseable Date header');
  if (!headers.has('message-id')) defects.push('no Message-ID header');

  const contentType = (headers.get('content-type')?.[0] ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
  const partTypes = parsed.attachments.map((a) => a.contentType.toLowerCase());

  const text = bounded(parsed.text && parsed.text.trim() !== '' ? parsed.text : null, 'text', defects);
  const html = bounded(
    typeof parsed.html === 'string' && parsed.html.trim() !== '' ? parsed.html : null,
    'HTML',
    defects,
  );
  const subject = parsed.headers.get('subject');

  return {
    messageId: cleanId(headerString(parsed.headers, 'message-id')),
    subject: (typeof subject === 'string' ? subject : '')
      .replace(/[\r\n]+/g, ' ')
      .trim()
      .slice(0, MAIL_LIMITS.maxSubjectChars),
    date,
    from,
    sender: addressesOf(headerAddress(parsed.headers, 'sender'))[0] ?? null,
    replyTo: addressesOf(headerAddress(parsed.headers, 'reply-to')),
    to: addressesOf(headerAddress(parsed.headers, 'to')),
    cc: addressesOf(headerAddress(parsed.headers, 'cc')),
    inReplyTo: cleanId(headerString(parsed.headers, 'in-reply-to')),
    references: referencesOf(parsed.headers.get('references') as string | string[] | undefined),
    headers,
    text,
    html,
    contentType,
    partTypes,
    textAttachments: parsed.attachments.flatMap(toTextAttachment),
    defects,
  };
}

interface ParsedPart {
  contentType: string;
  filename: string;
  /** Bytes of a kept text attachment; null for every other part (never buffered). */
  content: Buffer | null;
}

interface ParsedMime {
  headers: Map<string, unknown>;
  headerLines: ReadonlyArray<{ key: string; line: string }>;
  text: string | undefined;
  html: string | false | undefined;
  attachments: ParsedPart[];
}

/** Only the start of an overlong body is read: commands sit at the top of a reply. */
function bounded(body: string | null, what: string, defects: string[]): string | null {
  if (body === null || body.length <= MAIL_LIMITS.maxBodyChars) return body;
  defects.push(`${what} body longer than ${MAIL_LIMITS.maxBodyChars} characters: only its start is read`);
  return body.slice(0, MAIL_LIMITS.maxBodyChars);
}

const PARSER_OPTIONS = {
  // We never render the sender's HTML and trim replies ourselves: skip the work.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  keepDeliveryStatus: true,
  // An MD5 of every attachment that nobody reads.
  checksumAlgo: false,
  // Header floods and deep or wide MIME trees stop the parser with an error (EMAXLEN).
  maxHeadSize: MAIL_LIMITS.maxHeadBytes,
  maxChildNodes: MAIL_LIMITS.maxParts,
} as const;

/**
 * mailparser's streaming parser rather than `simpleParser`: simpleParser buffers every
 * attachment (a 2 MB PDF becomes a 2 MB Buffer, per message of a batch in flight),
 * while only small text attachments (minutes files) are ever read. Every other
 * attachment's content is discarded as it is decoded, so memory stays flat however
 * large the backlog's attachments are.
 */
function parseMime(input: readonly Buffer[], deadlineMs: number): Promise<ParsedMime> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser(PARSER_OPTIONS as ConstructorParameters<typeof MailParser>[0]);
    const result: ParsedMime = {
      headers: new Map(),
      headerLines: [],
      text: undefined,
      html: undefined,
      attachments: [],
    };
    const reading: Array<Promise<void>> = [];
    let settled = false;
    // mailparser may emit a non-fatal 'error' and still reach 'end': the first outcome wins.
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      reject(limitErrorOf(error) ?? error);
    };
    // mailparser yields to the event loop as it splits, so this fires even mid-parse.
    const deadline = setTimeout(() => {
      fail(new MailLimitError('PARSE_TIMEOUT', `parsing took longer than ${deadlineMs} ms`));
      parser.destroy();
    }, deadlineMs);
    parser.on('error', fail);
    parser.on('headers', (headers: Map<string, unknown>) => {
      result.headers = headers;
      result.headerLines = (parser as unknown as { headerLines: ParsedMime['headerLines'] }).headerLines;
    });
    parser.on('readable', () => {
      for (let data = parser.read(); data !== null; data = parser.read()) {
        if (data.type === 'text') {
          result.text = data.text;
          result.html = data.html;
          continue;
        }
        const part: ParsedPart = {
          contentType: data.contentType,
          filename: data.filename ?? '',
          content: null,
        };
        result.attachments.push(part);
        if (isTextAttachment(part.contentType, part.filename)) reading.push(keepContent(data.content, part));
        else data.content.resume();
        // Lets the parser go on while the content streams; it waits for this otherwise.
        data.release?.();
      }
    });
    parser.on('end', () => {
      Promise.all(reading).then(() => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(result);
      }, fail);
    });
    for (const chunk of input.slice(0, -1)) parser.write(chunk);
    parser.end(input.at(-1));
  });
}

/** Collects a text attachment, up to the limit: a larger one is dropped, not truncated. */
function keepContent(stream: NodeJS.ReadableStream, part: ParsedPart): Promise<void> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_TEXT_ATTACHMENT_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    stream.on('end', () => {
      part.content = size <= MAX_TEXT_ATTACHMENT_BYTES ? Buffer.concat(chunks, size) : null;
      resolve();
    });
    stream.on('error', reject);
  });
}

function collectHeaders(lines: ReadonlyArray<{ key: string; line: string }>): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    const rawValue = colon >= 0 ? line.slice(colon + 1) : '';
    // Unfold (RFC 5322 §2.2.3) and decode encoded words; a broken word must not lose the header.
    const unfolded = (rawValue.includes('\n') ? rawValue.replace(/\r?\n[ \t]+/g, ' ') : rawValue).trim();
    let value = unfolded;
    // Most fields (Received, DKIM-Signature) hold no encoded word: skip the decoder's scan.
    if (unfolded.includes('=?')) {
      try {
        value = libmime.decodeWords(unfolded);
      } catch {
        // keep the undecoded value
      }
    }
    const name = key.toLowerCase();
    const values = headers.get(name);
    if (values) values.push(value);
    else headers.set(name, [value]);
  }
  return headers;
}

function headerAddress(headers: Map<string, unknown>, name: string): AddressObject | undefined {
  const value = headers.get(name);
  return value && typeof value === 'object' && 'value' in value ? (value as AddressObject) : undefined;
}

function headerString(headers: Map<string, unknown>, name: string): string | undefined {
  const value = headers.get(name);
  return typeof value === 'string' ? value : undefined;
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
    const name = (entry.name ?? '')
      .replace(/[\r\n]+/g, ' ')
      .trim()
      .slice(0, MAIL_LIMITS.maxNameChars);
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

function isTextAttachment(contentType: string, filename: string): boolean {
  return TEXT_ATTACHMENT.test(contentType.toLowerCase()) || TEXT_ATTACHMENT_NAME.test(filename);
}

function toTextAttachment(part: ParsedPart): TextAttachment[] {
  if (part.content === null) return [];
  return [
    {
      filename: part.filename,
      contentType: part.contentType.toLowerCase(),
      content: part.content.toString('utf8'),
    },
  ];
}
