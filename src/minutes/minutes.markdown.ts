/**
 * Just enough Markdown structure for minutes: ATX headings and list entries, with fenced
 * code blocks blanked out (a shell snippet's `# on manager node` is not a heading).
 * Deliberately no full Markdown parser: minutes come from pads and mail bodies, and the
 * sloppy parts (a `< @berendt` bullet typo, a handle on the line after its question)
 * are easier to forgive line by line.
 */

export interface Heading {
  /** Position among the document's headings. */
  index: number;
  /** Index of the heading's line. */
  line: number;
  level: number;
  text: string;
}

/** One list item or paragraph line, with the lines that continue it joined on. */
export interface Entry {
  line: number;
  /** Index of the entry's last line (continuations included). */
  end: number;
  indent: number;
  bullet: boolean;
  text: string;
}

export interface MarkdownDoc {
  /** The document's lines, with code fences, their content and YAML front matter replaced by "". */
  lines: string[];
  /** The lines of a leading YAML front matter block (HedgeDoc slides put `title:`/`date:` there). */
  frontMatter: string[];
  headings: Heading[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const BULLET = /^(\s*)(?:[-*+]|\d{1,3}[.)])(?:\s+\[[ xX-]?\])?\s+(.*)$/;
// Pads turn a bare "->" line into a continuation of the line above ("Who presents? \n -> @x").
const ARROW_CONTINUATION = /^\s*(?:->|=>|→)/;

export function readMarkdown(markdown: string): MarkdownDoc {
  const lines = markdown.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const frontMatter = takeFrontMatter(lines);
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const match = FENCE.exec(lines[i] ?? '');
    if (fence !== null) {
      if (match?.[1]?.startsWith(fence)) fence = null;
      lines[i] = '';
    } else if (match?.[1]) {
      fence = match[1].slice(0, 3);
      lines[i] = '';
    }
  }
  const headings: Heading[] = [];
  lines.forEach((line, index) => {
    const match = ATX_HEADING.exec(line);
    if (match?.[1] && match[2] !== undefined) {
      headings.push({ index: headings.length, line: index, level: match[1].length, text: match[2].trim() });
    }
  });
  return { lines, frontMatter, headings };
}

function takeFrontMatter(lines: string[]): string[] {
  if (lines[0]?.trim() !== '---') return [];
  const end = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (end < 0 || end > 100) return [];
  const block = lines.slice(1, end);
  for (let i = 0; i <= end; i++) lines[i] = '';
  return block;
}

/**
 * List entries and paragraph lines of a line range. A non-bullet line right after a
 * bullet continues it (Markdown's lazy continuation), so does an arrow line after any
 * line; a blank line ends the continuation.
 */
export function entriesOf(lines: readonly string[], from: number, to: number): Entry[] {
  const entries: Entry[] = [];
  let open: Entry | null = null;
  for (let i = from; i < to && i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || ATX_HEADING.test(line)) {
      open = null;
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      open = {
        line: i,
        end: i,
        indent: indentOf(bullet[1] ?? ''),
        bullet: true,
        text: (bullet[2] ?? '').trim(),
      };
      entries.push(open);
      continue;
    }
    if (open && (open.bullet || ARROW_CONTINUATION.test(line))) {
      open.text = `${open.text} ${line.trim()}`.trim();
      open.end = i;
      continue;
    }
    open = {
      line: i,
      end: i,
      indent: indentOf(/^\s*/.exec(line)?.[0] ?? ''),
      bullet: false,
      text: line.trim(),
    };
    entries.push(open);
  }
  return entries;
}

export function indentOf(whitespace: string): number {
  return whitespace.replace(/\t/g, '    ').length;
}

/** The line after a heading up to (not including) the next heading of any level. */
export function bodyRange(doc: MarkdownDoc, heading: Heading): { from: number; to: number } {
  const next = doc.headings[heading.index + 1];
  return { from: heading.line + 1, to: next ? next.line : doc.lines.length };
}

/** The line after a heading up to the next heading at the same or a higher level. */
export function sectionRange(doc: MarkdownDoc, heading: Heading): { from: number; to: number } {
  const next = doc.headings.find((h) => h.line > heading.line && h.level <= heading.level);
  return { from: heading.line + 1, to: next ? next.line : doc.lines.length };
}

/** `[text](url)` → text, `<url>` → url, emphasis markers and inline code ticks dropped. */
export function plainText(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\s?\([^)]*\)/g, '$1')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/<\/?[a-zA-Z][^<>]*>/g, ' ')
    .replace(/~~.*?~~/g, ' ')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=$|[\s).,:;!?])/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
