/**
 * Just enough Markdown structure for finding items: bullets with their nesting, checkboxes,
 * headings, fenced code (ignored), and continuation lines of a wrapped bullet.
 */

export interface Line {
  index: number;
  indent: number;
  bullet: boolean;
  /** " " for "- [ ]", "x" for "- [x]", null when the line has no checkbox. */
  checkbox: ' ' | 'x' | null;
  /** Heading level (1–6), 0 for other lines. */
  heading: number;
  /** The text after the bullet / checkbox / heading marks, continuation lines joined. */
  content: string;
  parent: Line | null;
  children: Line[];
}

const BULLET = /^([ \t]*)(?:[-*+•–]|\d{1,3}[.)])[ \t]+(.*)$/;
const CHECKBOX = /^\[([ xX])\][ \t]*(.*)$/;
const HEADING = /^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^[ \t]*(?:```|~~~)/;

function indentOf(raw: string): number {
  let width = 0;
  for (const ch of raw) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += 4;
    else break;
  }
  return width;
}

/** Splits text into logical lines and links each to its parent (the enclosing bullet or paragraph). */
export function parseLines(text: string, startsItem: (line: string) => boolean = () => false): Line[] {
  const lines: Line[] = [];
  let inFence = false;
  let last: Line | null = null;
  let lastWasBlank = true;
  let lastRaw = '';

  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (FENCE.test(raw)) {
      inFence = !inFence;
      last = null;
      continue;
    }
    if (inFence) continue;
    if (raw.trim() === '') {
      lastWasBlank = true;
      continue;
    }
    // Quoted text is never acted on; reply trimming should have removed it already.
    if (/^[ \t]*>/.test(raw)) {
      last = null;
      lastWasBlank = true;
      continue;
    }
    const heading = HEADING.exec(raw);
    if (heading) {
      pushLine(lines, {
        indent: 0,
        bullet: false,
        checkbox: null,
        heading: heading[1]!.length,
        content: heading[2]!,
      });
      last = null;
      lastWasBlank = true;
      continue;
    }
    const bullet = BULLET.exec(raw);
    if (bullet) {
      let content = bullet[2]!;
      let checkbox: ' ' | 'x' | null = null;
      const box = CHECKBOX.exec(content);
      if (box) {
        checkbox = box[1] === ' ' ? ' ' : 'x';
        content = box[2]!;
      }
      last = pushLine(lines, { indent: indentOf(bullet[1]!), bullet: true, checkbox, heading: 0, content });
      lastWasBlank = false;
      lastRaw = raw;
      continue;
    }
    const indent = indentOf(raw);
    if (last && !lastWasBlank && !startsItem(raw.trim()) && continues(last, lastRaw, raw, indent)) {
      last.content = `${last.content.trimEnd()} ${raw.trim()}`;
      lastRaw = raw;
      continue;
    }
    last = pushLine(lines, { indent, bullet: false, checkbox: null, heading: 0, content: raw.trim() });
    lastWasBlank = false;
    lastRaw = raw;
  }
  linkParents(lines);
  return lines;
}

/** Plain-text mail is hard-wrapped near 72 columns; a long line ending mid-sentence goes on. */
const WRAP_WIDTH = 60;

/**
 * Whether a non-bullet line continues the previous logical line: an indented line under a
 * bullet always does; otherwise only after a long (hard-wrapped) line, and not when a new
 * sentence starts on the new line.
 */
function continues(last: Line, lastRaw: string, raw: string, indent: number): boolean {
  if (last.heading > 0) return false;
  if (last.bullet && indent > last.indent) return true;
  if (lastRaw.trimEnd().length < WRAP_WIDTH) return false;
  return !(/[.!?:]$/.test(lastRaw.trimEnd()) && /^\p{Lu}/u.test(raw.trim()));
}

function pushLine(lines: Line[], fields: Omit<Line, 'index' | 'parent' | 'children'>): Line {
  const line: Line = { ...fields, index: lines.length, parent: null, children: [] };
  lines.push(line);
  return line;
}

/**
 * A bullet's parent is the nearest earlier line indented less, or a paragraph line at the same
 * indent ("AI:" followed by a list). Headings reset the nesting.
 */
function linkParents(lines: Line[]): void {
  const stack: Line[] = [];
  for (const line of lines) {
    if (line.heading > 0) {
      stack.length = 0;
      continue;
    }
    for (;;) {
      const top = stack.at(-1);
      if (!top) break;
      if (top.indent < line.indent) break;
      if (top.indent === line.indent && !top.bullet && line.bullet) break;
      stack.pop();
    }
    const parent = stack.at(-1) ?? null;
    line.parent = parent;
    parent?.children.push(line);
    stack.push(line);
  }
}

/** "~~old text~~": an item the team struck out is not an open item. */
export function isStruckThrough(text: string): boolean {
  return /^~~.*~~[.\s]*$/.test(text.trim());
}

/**
 * Removes emphasis markers: "*", "**", "***" anywhere except between spaces (a multiplication),
 * and "_" / "__" only at word edges so snake_case and @some_user survive.
 */
export function stripEmphasis(text: string): string {
  return text
    .replace(/(?<!\s)\*{1,3}|\*{1,3}(?!\s)/g, '')
    .replace(/(?<![\p{L}\p{N}_])_{1,2}(?=\S)|(?<=\S)_{1,2}(?![\p{L}\p{N}_])/gu, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
