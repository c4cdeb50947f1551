/**
 * Line-level helpers shared by the reply-trimming steps: splitting a body into
 * comparable lines, recognising attribution lines, and joining kept lines back.
 */
import { GENERIC_ATTRIBUTIONS, KNOWN_ATTRIBUTIONS, QUOTED_LINE } from './reply-trim.patterns.js';

/**
 * CRLF and bare CR become LF; non-breaking spaces (Gmail and Outlook sprinkle them into
 * text parts) become spaces so patterns match; zero-width marks and BOMs are dropped.
 */
export function toLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/[\u200b\ufeff]/g, '')
    .split('\n')
    .map((line) => line.trimEnd());
}

export const isBlank = (line: string | undefined): boolean => line === undefined || line.trim() === '';
export const isQuoted = (line: string | undefined): boolean => line !== undefined && QUOTED_LINE.test(line);

/** Index of the next non-blank line at or after `from`, or -1. */
export function nextContentLine(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!isBlank(lines[i])) return i;
  return -1;
}

/** Index of the last non-blank line at or before `from`, or -1. */
export function previousContentLine(lines: readonly string[], from: number): number {
  for (let i = from; i >= 0; i--) if (!isBlank(lines[i])) return i;
  return -1;
}

const joinTrimmed = (lines: readonly string[]) =>
  lines
    .map((line) => line.trim())
    .join(' ')
    .replace(/\s+/g, ' ');

export interface AttributionMatch {
  start: number;
  end: number;
  /** True when the shape is one we know (date lead-in or "… schrieb am …"), not merely "… wrote:". */
  known: boolean;
}

/**
 * Finds an attribution line that ends at line `end`. Clients wrap long ones (Gmail
 * breaks inside the address: "… Kurt Garloff <\ngarloff@example.org> wrote:"), so up
 * to three lines are joined. Known shapes are tried first and with the fewest lines,
 * so a prose line above an attribution is never swallowed; the generic "… wrote:" form
 * spans two lines only when the pair carries an address or a time.
 */
export function attributionEndingAt(lines: readonly string[], end: number): AttributionMatch | null {
  const last = lines[end];
  if (last === undefined || isQuoted(last) || !/[:：>]$/.test(last)) return null;
  const spanOf = (k: number): string[] | null => {
    const start = end - k + 1;
    if (start < 0) return null;
    const span = lines.slice(start, end + 1);
    return span.some((line) => isBlank(line) || isQuoted(line)) ? null : span;
  };
  for (let k = 1; k <= 3; k++) {
    const span = spanOf(k);
    if (!span) break;
    const joined = joinTrimmed(span);
    // A wrapped prose sentence can also run from "On …" to "… wrote:"; a wrapped
    // client attribution carries a date or an address.
    if (k > 1 && !/\d|@/.test(joined)) continue;
    if (KNOWN_ATTRIBUTIONS.some((pattern) => pattern.test(joined))) {
      return { start: end - k + 1, end, known: true };
    }
  }
  for (let k = 1; k <= 2; k++) {
    const span = spanOf(k);
    if (!span) break;
    const joined = joinTrimmed(span);
    if (joined.length > 300 || !GENERIC_ATTRIBUTIONS.some((pattern) => pattern.test(joined))) continue;
    if (k === 1 || /@|\d:\d\d/.test(joined)) return { start: end - k + 1, end, known: false };
  }
  return null;
}

/**
 * Joins kept lines into the final text. A removed region leaves exactly one blank line
 * between the kept text around it (inline replies stay separate paragraphs); runs of
 * three or more blank lines collapse to one; the result is trimmed.
 */
export function renderKept(lines: readonly string[], removed: readonly boolean[]): string {
  const out: string[] = [];
  let gapPending = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (removed[i]) {
      gapPending = true;
      while (out.length > 0 && isBlank(out[out.length - 1])) out.pop();
      continue;
    }
    if (gapPending) {
      if (isBlank(line)) continue;
      if (out.length > 0) out.push('');
      gapPending = false;
    }
    out.push(line);
  }
  return normalizeText(out.join('\n'));
}

/** Whitespace normalisation every output gets. */
export function normalizeText(text: string): string {
  return toLines(text)
    .join('\n')
    .replace(/\n(?:[ \t]*\n){3,}/g, '\n\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}
