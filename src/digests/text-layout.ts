/** Plain-text layout for 80-column mail: word wrap, dot leaders, padding. */

/**
 * Code points, as `[...text].length` counts them, without building the array: a large digest
 * measures thousands of words, and the spread was most of its layout time.
 */
export function textWidth(text: string): number {
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

/** restWidth: continuation lines may be indented deeper than the first line starts. */
export function wrapWords(text: string, width: number, restWidth = width): string[] {
  const lines: string[] = [];
  let line = '';
  // Kept alongside the line: measuring the line again for every word made long texts quadratic.
  let lineWidth = 0;
  for (const raw of text.split(/\s+/).filter(Boolean)) {
    const limit = lines.length === 0 ? width : restWidth;
    const word = elide(raw, limit);
    const wordWidth = textWidth(word);
    if (line === '') {
      line = word;
      lineWidth = wordWidth;
    } else if (lineWidth + 1 + wordWidth <= limit) {
      line += ` ${word}`;
      lineWidth += 1 + wordWidth;
    } else {
      lines.push(line);
      line = elide(raw, restWidth);
      lineWidth = textWidth(line);
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
  const tailLines = wrapWords(tail, room, Math.min(room, restWidth - rightWidth - 2));
  lines.push(...tailLines);
  const last = lines.pop() ?? '';
  const gap = (lines.length === 0 ? width : restWidth) - textWidth(last) - rightWidth;
  const fill = gap >= 4 ? ` ${'.'.repeat(gap - 2)} ` : ' '.repeat(gap);
  lines.push(`${last}${fill}${right}`);
  return lines;
}

export function indentContinuation(lines: string[], indent: number): string {
  return lines.join(`\n${' '.repeat(indent)}`);
}
