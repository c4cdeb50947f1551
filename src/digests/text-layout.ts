/** Plain-text layout for 80-column mail: word wrap, dot leaders, padding. */

const HIGH_SURROGATE = /[\ud800-\udbff]/;

/**
 * Code points, as `[...text].length` counts them, without building the array: a large digest
 * measures thousands of words, and the spread was most of its layout time.
 */
export function textWidth(text: string): number {
  // Without a high surrogate every code unit is a code point; the native search is the cheap test.
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let width = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        width--;
        i++;
      }
    }
  }
  return width;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textWidth(text))) + text;
}

/** Cuts a single over-long word (a URL, a hash) rather than letting it break the column. */
function elide(word: string, width: number): string {
  // UTF-16 length never undercounts code points: a word that short fits as it is.
  if (word.length <= width) return word;
  const chars = [...word];
  return chars.length <= width ? word : `${chars.slice(0, Math.max(1, width - 1)).join('')}…`;
}

/** Whitespace as the RegExp class \s has it (and trim() trims), by UTF-16 code unit. */
function isSpace(unit: number): boolean {
  if (unit <= 0x20) return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
  if (unit < 0xa0) return false;
  return (
    unit === 0xa0 ||
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000 ||
    unit === 0xfeff
  );
}

/**
 * restWidth: continuation lines may be indented deeper than the first line starts.
 * Words are runs of non-whitespace; one scan finds them and counts their code points, where
 * split(/\s+/) and measuring each word again cost a large digest a third of its layout time.
 */
export function wrapWords(text: string, width: number, restWidth = width): string[] {
  const lines: string[] = [];
  let line = '';
  // Kept alongside the line: measuring the line again for every word made long texts quadratic.
  let lineWidth = 0;
  const end = text.length;
  let i = 0;
  while (i < end) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i === end) break;
    const start = i;
    let rawWidth = 0;
    while (i < end) {
      const unit = text.charCodeAt(i);
      if (isSpace(unit)) break;
      i++;
      rawWidth++;
      // A surrogate pair is one code point, as textWidth counts it.
      if (unit >= 0xd800 && unit <= 0xdbff && i < end) {
        const next = text.charCodeAt(i);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
    }
    const raw = text.slice(start, i);
    const limit = lines.length === 0 ? width : restWidth;
    if (line === '') {
      line = rawWidth <= limit ? raw : elide(raw, limit);
      lineWidth = rawWidth <= limit ? rawWidth : textWidth(line);
    } else if (lineWidth + 1 + rawWidth <= limit) {
      // A word that fits beside others fits the line: elide() would leave it as it is.
      line += ` ${raw}`;
      lineWidth += 1 + rawWidth;
    } else {
      lines.push(line);
      line = rawWidth <= restWidth ? raw : elide(raw, restWidth);
      lineWidth = rawWidth <= restWidth ? rawWidth : textWidth(line);
    }
  }
  lines.push(line);
  return lines;
}

/**
 * "IaaS standards v3 ......... @garloff  15 min": the left text wraps in its column so
 * the right-hand part always keeps its place on the last line.
 */
export function leaderLines(left: string, right: string, width: number, restWidth = width): string[] {
  const rightWidth = textWidth(right);
  if (rightWidth === 0) return wrapWords(left, width, restWidth);
  // Continuation lines may use the full width; only the last one shares its line with the right part.
  const lines = wrapWords(left, width, restWidth);
  const lineWidth = lines.length === 1 ? width : restWidth;
  const room = lineWidth - rightWidth - 2;
  if (room < 16) return [...lines, padStart(right, restWidth)];
  const tail = lines.pop() ?? '';
  // The tail is words one space apart: when it fits the room, wrapping it again would return it.
  if (textWidth(tail) <= room) lines.push(tail);
  else lines.push(...wrapWords(tail, room, Math.min(room, restWidth - rightWidth - 2)));
  const last = lines.pop() ?? '';
  const gap = (lines.length === 0 ? width : restWidth) - textWidth(last) - rightWidth;
  const fill = gap >= 4 ? ` ${'.'.repeat(gap - 2)} ` : ' '.repeat(gap);
  lines.push(`${last}${fill}${right}`);
  return lines;
}

export function indentContinuation(lines: string[], indent: number): string {
  if (lines.length === 1) return lines[0] ?? '';
  return lines.join(`\n${' '.repeat(indent)}`);
}
