import libmime from 'libmime';
import { headerBlockEnd } from './mail-head.models.js';

/**
 * Cuts the content of large binary MIME parts (PDFs, images, archives) out of a message before
 * mailparser sees it. listscribe reads only the text of a message and small text attachments, yet
 * mailparser decodes every base64 line of every part, even one whose content is thrown away: a
 * 2 MB PDF costs as much CPU as fifty plain replies. A part keeps its headers, so its type and file
 * name are still reported; only its content, which nothing reads, is gone.
 *
 * It is deliberately timid. It cuts only a leaf part inside a multipart whose every boundary it
 * found, whose type is binary by name (and not a text file by its file name, which mailparser would
 * read as text/markdown or text/plain), whose content is large, and whose content holds no line
 * starting with "--": mailparser then cannot see a boundary in what was cut, so the structure it
 * parses is the same with and without the content. Anything else is left as it is.
 */
export function skimBinaryParts(raw: Buffer): Buffer {
  const cuts: Range[] = [];
  visitEntity(raw, { start: 0, end: raw.length }, 0, cuts);
  if (cuts.length === 0) return raw;
  const kept: Buffer[] = [];
  let at = 0;
  for (const cut of cuts) {
    kept.push(raw.subarray(at, cut.start));
    at = cut.end;
  }
  kept.push(raw.subarray(at));
  return Buffer.concat(kept);
}

/** Below this, decoding costs less than looking: small parts stay. */
export const MIN_SKIM_BYTES = 8 * 1024;

interface Range {
  start: number;
  end: number;
}

/** Nesting deeper than this is left alone (real mail nests two or three levels). */
const MAX_DEPTH = 8;

const BINARY_TYPE = /^(application|image|audio|video|font|model)\//;
const TEXT_FILE_NAME = /\.(md|markdown|txt|text)$/i;

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

/** Parts are visited in order, so the cuts come out sorted and never overlap. */
function visitEntity(raw: Buffer, entity: Range, depth: number, cuts: Range[]): void {
  const bodyStart = headerBlockEnd(raw, entity.start, entity.end)?.bodyStart;
  if (bodyStart === undefined) return;
  const headers = headerFields(raw.toString('latin1', entity.start, bodyStart));
  const type = libmime.parseHeaderValue(headers.get('content-type') ?? '', { stripComments: true });
  const mime = type.value.toLowerCase().trim();

  if (mime.startsWith('multipart/')) {
    const boundary = type.params.boundary;
    if (!boundary || depth >= MAX_DEPTH) return;
    const parts = partsOf(raw, { start: bodyStart, end: entity.end }, Buffer.from(`--${boundary}`, 'latin1'));
    for (const part of parts ?? []) visitEntity(raw, part, depth + 1, cuts);
    return;
  }

  // The top level is the message itself, never an attachment to drop.
  if (depth === 0 || entity.end - bodyStart < MIN_SKIM_BYTES) return;
  if (!isBinary(mime, type.params, headers.get('content-disposition'))) return;
  if (hasDashLine(raw, bodyStart, entity.end)) return;
  cuts.push({ start: bodyStart, end: entity.end });
}

/** Unfolded header fields by lower-case name; the first of a repeated field wins, as in mailsplit. */
function headerFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name))
      fields.set(
        name,
        line
          .slice(colon + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      );
  }
  return fields;
}

/**
 * The parts between the delimiter lines of one multipart body, each without the line break that
 * belongs to the next delimiter (RFC 2046 §5.1.1). Null when the closing delimiter is missing: a
 * broken message is parsed as it came.
 */
function partsOf(raw: Buffer, body: Range, delimiter: Buffer): Range[] | null {
  const parts: Range[] = [];
  let partStart: number | null = null;
  let from = body.start;
  for (;;) {
    const at = raw.indexOf(delimiter, from);
    if (at < 0 || at >= body.end) return null;
    from = at + delimiter.length;
    const atLineStart = at === body.start || raw[at - 1] === LF;
    const closing = raw[from] === DASH && raw[from + 1] === DASH;
    const lineEnd = raw.indexOf(LF, from);
    const rest = raw.toString('latin1', closing ? from + 2 : from, lineEnd < 0 ? body.end : lineEnd);
    // "--b" followed by more boundary characters is another boundary ("--b2"), not this one.
    if (!atLineStart || !/^[ \t]*\r?$/.test(rest)) continue;
    if (partStart !== null) {
      const end = raw[at - 2] === CR ? at - 2 : at - 1;
      if (end >= partStart) parts.push({ start: partStart, end });
    }
    if (closing) return parts;
    if (lineEnd < 0) return null;
    partStart = lineEnd + 1;
  }
}

function isBinary(mime: string, params: Record<string, string>, disposition: string | undefined): boolean {
  if (!BINARY_TYPE.test(mime)) return false;
  const names = [libmime.parseHeaderValue(disposition ?? '').params.filename, params.name];
  for (const name of names) {
    if (!name) continue;
    for (const candidate of [name, decodedWords(name)]) {
      if (TEXT_FILE_NAME.test(candidate.trim())) return false;
      // mailparser gives application/octet-stream the type its file name suggests.
      if (mime === 'application/octet-stream' && libmime.detectMimeType(candidate).startsWith('text/'))
        return false;
    }
  }
  return true;
}

function decodedWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** True when a line in the range starts with "--", which mailparser might take for a boundary. */
function hasDashLine(raw: Buffer, start: number, end: number): boolean {
  if (raw[start] === DASH && raw[start + 1] === DASH) return true;
  let from = start;
  for (;;) {
    const at = raw.indexOf('\n--', from, 'latin1');
    if (at < 0 || at >= end) return false;
    if (at + 1 < end) return true;
    from = at + 1;
  }
}
