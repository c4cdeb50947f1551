/**
 * The header block of a message, split into fields the way mailparser's splitter (mailsplit)
 * splits it, so that mailparser can be handed only the fields it is asked about.
 *
 * List mail carries many fields nobody reads here: `Received` lines, DKIM and ARC signatures,
 * `Authentication-Results`, `X-*` fields of every hop. mailparser decodes every field of the
 * top-level header (encoded words, address lists, list headers) whatever the caller reads:
 * about a third of its time on a list's mail. listscribe reads the fields it needs from the
 * raw lines itself (`NormalizedMail.headers`), so mailparser only needs the ones it turns into
 * addresses, the subject and ids, and the ones that shape the body.
 *
 * Timid, like the attachment skim: a header block that is anything but plain (no empty line
 * ending it, a bare CR, a line that is not a field, an mbox "From " line) is not split, and the
 * caller hands mailparser the message as it came.
 */

export interface HeaderLine {
  /** The field name, trimmed and lower-cased. */
  key: string;
  /** The whole field as it came (name, colon, value), continuation lines joined by CRLF; latin1. */
  line: string;
}

export interface MailHead {
  lines: HeaderLine[];
  /** Offset of the line break that ends the header block: the empty line and the body follow. */
  end: number;
  /** What the block counts for against mailparser's header size limit (see headCost). */
  cost: number;
}

/** The fields mailparser reads for listscribe: addresses, subject, ids, and the body's MIME shape. */
export const PARSER_FIELDS: ReadonlySet<string> = new Set([
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
]);

/**
 * mailsplit counts every header line as at least this many bytes against its header size limit
 * (its HEADER_LINE_MIN_COST), so a flood of short lines is bounded too.
 */
const LINE_MIN_COST = 64;

const LF = 0x0a;
const CR = 0x0d;
const FIELD = /^[!-9;-~]+[ \t]*:/;

/**
 * Where the header block that starts at `start` ends, as mailsplit finds it: at the first empty
 * line. `fieldsEnd` is the line break that ends the last field (`start` when the block is empty),
 * `bodyStart` the first byte after the empty line. Null without an empty line before `limit` (a
 * part that is all headers, or a truncated message).
 */
export function headerBlockEnd(
  raw: Buffer,
  start: number,
  limit: number,
): { fieldsEnd: number; bodyStart: number } | null {
  if (raw[start] === LF) return { fieldsEnd: start, bodyStart: start + 1 };
  if (raw[start] === CR && raw[start + 1] === LF) return { fieldsEnd: start, bodyStart: start + 2 };
  for (let lf = raw.indexOf(LF, start); lf >= 0 && lf < limit; lf = raw.indexOf(LF, lf + 1)) {
    const next = lf + 1;
    const fieldsEnd = lf - (raw[lf - 1] === CR ? 1 : 0);
    if (raw[next] === LF) return { fieldsEnd, bodyStart: next + 1 };
    if (raw[next] === CR && raw[next + 1] === LF) return { fieldsEnd, bodyStart: next + 2 };
  }
  return null;
}

/** The top-level header block's fields, or null when it is not plain enough to split safely. */
export function splitHead(raw: Buffer): MailHead | null {
  const end = headerBlockEnd(raw, 0, raw.length)?.fieldsEnd ?? 0;
  if (end === 0) return null;
  const block = raw.toString('latin1', 0, end);
  if (/\r(?!\n)/.test(block)) return null;
  const lines: HeaderLine[] = [];
  let cost = 0;
  for (let start = 0; start < block.length; ) {
    const lf = block.indexOf('\n', start);
    const stop = lf < 0 ? block.length : lf;
    const physical = block.slice(start, block[stop - 1] === '\r' ? stop - 1 : stop);
    // The line break counts with the line, as mailsplit measures it (the last one is at `end`).
    cost += Math.max(lf < 0 ? physical.length + (raw[end] === CR ? 2 : 1) : stop + 1 - start, LINE_MIN_COST);
    start = stop + 1;
    const first = physical.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      const last = lines.at(-1);
      if (!last) return null;
      last.line += `\r\n${physical}`;
      continue;
    }
    if (!FIELD.test(physical)) return null;
    lines.push({ key: physical.slice(0, physical.indexOf(':')).trim().toLowerCase(), line: physical });
  }
  return { lines, end, cost };
}

/**
 * The message as mailparser should see it: the fields it reads, then the rest of the message
 * from the end of the header block on, as two buffers (nothing of the body is copied). Null when
 * it reads none of the fields: an empty header block would change where the body starts.
 */
export function forParser(raw: Buffer, head: MailHead): [Buffer, Buffer] | null {
  const kept = head.lines.filter((l) => PARSER_FIELDS.has(l.key)).map((l) => l.line);
  if (kept.length === 0) return null;
  return [Buffer.from(kept.join('\r\n'), 'latin1'), raw.subarray(head.end)];
}
