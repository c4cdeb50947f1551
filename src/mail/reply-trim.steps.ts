/**
 * The steps of the plain-text reply-trimming pipeline. Each takes lines (already
 * normalised by toLines) and returns lines or an index; none of them does I/O.
 */
import {
  attributionEndingAt,
  isBlank,
  isQuoted,
  nextContentLine,
  previousContentLine,
  renderKept,
} from './reply-trim.lines.js';
import {
  ANY_HEADER,
  CLIENT_SIGNATURES,
  DASH_NAME_SIGNATURE,
  DEVICE_SIGNATURES,
  FORWARD_MARKERS,
  FROM_HEADER,
  LIST_FOOTER_LINES,
  MAILMAN_LINK,
  MAILMAN_LIST_NAME,
  ORIGINAL_MESSAGE,
  OTHER_HEADER,
  SEPARATOR_LINE,
  SIGNATURE_DELIMITER,
  unwrapSignatureLine,
} from './reply-trim.patterns.js';

const isSeparator = (line: string) => SEPARATOR_LINE.test(line.trim()) || ORIGINAL_MESSAGE.test(line.trim());

/** Moves a cut upwards over blank and separator lines that belong to what is cut. */
function extendCutUpwards(
  lines: readonly string[],
  cut: number,
  alsoOver?: (line: string) => boolean,
): number {
  let start = cut;
  for (let i = cut - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (isQuoted(line)) break;
    if (isBlank(line) || isSeparator(line) || alsoOver?.(line)) start = i;
    else break;
  }
  return start;
}

// ---------------------------------------------------------------- list footers

const withinNext = (lines: readonly string[], from: number, count: number, pattern: RegExp) =>
  lines.slice(from, from + count).some((line) => pattern.test(line.trim()));

function listFooterStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isQuoted(line)) continue;
    const trimmed = line.trim();
    const opensFooter =
      LIST_FOOTER_LINES.some((pattern) => pattern.test(trimmed)) ||
      (/^_{5,}$/.test(trimmed) &&
        (withinNext(lines, i + 1, 2, MAILMAN_LIST_NAME) || withinNext(lines, i + 1, 4, MAILMAN_LINK))) ||
      (MAILMAN_LIST_NAME.test(trimmed) && withinNext(lines, i + 1, 3, MAILMAN_LINK));
    if (opensFooter) {
      return extendCutUpwards(
        lines,
        i,
        (above) => /^(?:--|—|–)$/.test(above.trim()) || MAILMAN_LIST_NAME.test(above.trim()),
      );
    }
  }
  return -1;
}

/** Drops a list server's footer (Mailman 2/3, Google Groups, Groups.io) and everything below it. */
export function cutListFooter(lines: readonly string[]): string[] {
  const start = listFooterStart(lines);
  return start < 0 ? [...lines] : lines.slice(0, start);
}

// ---------------------------------------------------------------- quoted tails

export type TailKind = 'outlook-header' | 'original-message' | 'attribution';

export interface QuotedTail {
  /** First line that belongs to the quoted tail (separators above the block included). */
  start: number;
  /** First line of the header block itself, for Outlook tails. */
  headerStart: number;
  kind: TailKind;
}

/**
 * An Outlook-style header block: a From line (in any language Outlook ships) with at
 * least one more header line in the same paragraph. A lone "From: the team's
 * perspective…" line is prose and does not count.
 */
export function isOutlookHeaderBlock(lines: readonly string[], at: number): boolean {
  const first = lines[at]?.trim() ?? '';
  if (!ANY_HEADER.test(first)) return false;
  let sawFrom = false;
  let headers = 0;
  for (let i = at; i < Math.min(lines.length, at + 16); i++) {
    const line = lines[i]?.trim() ?? '';
    if (isQuoted(line)) break;
    // HTML conversion turns header fields written as paragraphs into lines with blanks between.
    if (line === '') {
      if (!ANY_HEADER.test(lines[nextContentLine(lines, i)]?.trim() ?? '')) break;
      continue;
    }
    if (FROM_HEADER.test(line)) {
      if (headers > 3) break;
      sawFrom = true;
      headers++;
    } else if (OTHER_HEADER.test(line)) headers++;
  }
  // Outlook always starts with From; a pair like "Date: …/From: Team IaaS" in minutes is prose.
  return sawFrom && (headers >= 3 || (headers === 2 && FROM_HEADER.test(first)));
}

/**
 * A year, a numeric date or an address: what a client-written attribution carries and
 * a sentence such as "On Monday at 10:00 we discussed what Kurt wrote:" does not.
 */
const DATED = /\b(?:19|20)\d{2}\b|@|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b/;

/**
 * The first place where the rest of the message is quoted text without `>` markers:
 * an Outlook header block, "-----Original Message-----", or an attribution line of a
 * known shape ("On … wrote:") that no `>`-quoted line follows (Yahoo, mobile clients).
 */
export function findQuotedTail(lines: readonly string[]): QuotedTail | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isQuoted(line) || isBlank(line)) continue;
    const trimmed = line.trim();
    if (ORIGINAL_MESSAGE.test(trimmed)) {
      const header = nextContentLine(lines, i + 1);
      return {
        start: extendCutUpwards(lines, i),
        headerStart: header < 0 ? i : header,
        kind: 'original-message',
      };
    }
    if (isOutlookHeaderBlock(lines, i)) {
      return { start: extendCutUpwards(lines, i), headerStart: i, kind: 'outlook-header' };
    }
    const attribution = attributionEndingAt(lines, i);
    if (attribution?.known && DATED.test(lines.slice(attribution.start, i + 1).join(' '))) {
      const next = nextContentLine(lines, i + 1);
      if (next < 0 || !isQuoted(lines[next])) {
        return { start: attribution.start, headerStart: attribution.start, kind: 'attribution' };
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------- forwards

/** The first unquoted line that opens a forwarded message ("---------- Forwarded message ---------"). */
export function findForwardMarker(lines: readonly string[]): number {
  return lines.findIndex(
    (line) => !isQuoted(line) && FORWARD_MARKERS.some((pattern) => pattern.test(line.trim())),
  );
}

/**
 * The line after a forwarded header block that starts at `start`. Wrapped values
 * continue on the next lines; HTML conversion may put blank lines between the fields.
 */
function endOfHeaderBlock(lines: readonly string[], start: number): number {
  let i = start;
  while (i < lines.length) {
    if (!isBlank(lines[i])) {
      i++;
      continue;
    }
    const next = nextContentLine(lines, i);
    if (next < 0 || !ANY_HEADER.test(lines[next]?.trim() ?? '')) return i;
    i = next;
  }
  return i;
}

/**
 * The forwarded message below a marker, without its header block. Apple Mail and
 * HTML conversion quote the whole forwarded message with `>`; that one level goes.
 */
export function forwardedBody(lines: readonly string[]): string {
  let body = [...lines];
  const content = body.filter((line) => !isBlank(line));
  if (content.length > 0 && content.every(isQuoted)) {
    body = body.map((line) => line.replace(/^ {0,3}> ?/, ''));
  }
  let i = 0;
  while (i < body.length && (isBlank(body[i]) || isSeparator(body[i] ?? ''))) i++;
  if (ANY_HEADER.test(body[i]?.trim() ?? '')) i = endOfHeaderBlock(body, i);
  return renderKept(body.slice(i), []);
}

// ---------------------------------------------------------------- signatures

const matchesAny = (patterns: readonly RegExp[], line: string) =>
  patterns.some((pattern) => pattern.test(line));

/** "-- " or a line naming the author's device: everything from here on is signature. */
const isHardSignature = (line: string) => {
  const trimmed = line.trim();
  return SIGNATURE_DELIMITER.test(trimmed) || matchesAny(DEVICE_SIGNATURES, unwrapSignatureLine(trimmed));
};

const isClientSignature = (line: string) => matchesAny(CLIENT_SIGNATURES, unwrapSignatureLine(line.trim()));

/** Whether line `at` belongs to an attribution line (which may be wrapped over up to three lines). */
const isInAttribution = (lines: readonly string[], at: number) =>
  [at, at + 1, at + 2].some((end) => {
    const match = attributionEndingAt(lines, end);
    return match !== null && match.start <= at;
  });

/** The last line of the author's own prose before `end`, or -1. */
function lastOwnLine(lines: readonly string[], end: number): number {
  for (let i = end - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (isBlank(line) || isQuoted(line) || isClientSignature(line) || isInAttribution(lines, i)) continue;
    return i;
  }
  return -1;
}

/**
 * Cuts at the first signature: the "-- " delimiter (clients often strip its space, so
 * "--" alone counts; "---" is a Markdown rule and does not) or a whole-line mobile
 * signature such as "Sent from my iPhone". Looser client lines ("Sent with Airmail")
 * can read like a sentence, so they count only below the author's last own line.
 */
export function cutSignature(lines: readonly string[]): string[] {
  const hard = lines.findIndex((line) => !isQuoted(line) && isHardSignature(line));
  const end = hard < 0 ? lines.length : hard;
  const own = lastOwnLine(lines, end);
  if (own >= 0 && DASH_NAME_SIGNATURE.test(lines[own]?.trim() ?? '')) return lines.slice(0, own);
  let start = end;
  for (let i = own + 1; i < end; i++) {
    const line = lines[i] ?? '';
    if (!isQuoted(line) && isClientSignature(line)) {
      start = i;
      break;
    }
  }
  return lines.slice(0, start);
}

// ---------------------------------------------------------------- inline quotes

/**
 * Removes every `>`-quoted line and the attribution line above each quoted block,
 * keeping the author's text between blocks (interleaved replies).
 */
export function dropQuotedBlocks(lines: readonly string[]): string {
  const removed = lines.map((line) => isQuoted(line));
  for (let i = 0; i < lines.length; i++) {
    if (!removed[i] || (i > 0 && removed[i - 1])) continue;
    const end = previousContentLine(lines, i - 1);
    if (end < 0 || removed[end] || i - end > 3) continue;
    const attribution = attributionEndingAt(lines, end);
    if (!attribution) continue;
    for (let j = attribution.start; j <= attribution.end; j++) removed[j] = true;
  }
  return renderKept(lines, removed);
}
