/**
 * A rendered digest (subject + 80-column plain text) as the content of a Matrix
 * `m.room.message`. Pure: no I/O.
 *
 * Why not convert the digest's HTML part: it is written for mail clients (tables,
 * inline styles) and most of that is outside what Matrix clients render. The plain
 * text already carries the structure we need — unindented lines are headings or
 * prose, indented runs are column-aligned lists — so we map that structure onto the
 * small tag set the client-server spec recommends clients allow (h1–h6, p, b,
 * strong, em, code, pre, ul, li, br, hr, a, …).
 */

export interface MatrixContent {
  /** Plain-text fallback, shown by clients that do not render HTML and in notifications. */
  body: string;
  /** HTML for `format: "org.matrix.custom.html"`. */
  formattedBody: string;
}

/**
 * Tags the formatted body may contain: the subset of the spec's recommended list this
 * converter uses. Tests assert nothing outside it is emitted.
 */
export const MATRIX_HTML_TAGS: readonly string[] = ['h4', 'p', 'strong', 'br', 'pre', 'code', 'hr', 'a'];

/** The RFC 3676 signature delimiter the digests end with ("-- " on its own line). */
const SIGNATURE_DELIMITER = '-- ';

export function matrixContent(subject: string, text: string): MatrixContent {
  const normalized = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const cleanSubject = subject.replace(/[\r\n]+/g, ' ').trim();
  const lines = normalized.split('\n');
  const signatureAt = lines.indexOf(SIGNATURE_DELIMITER);
  const main = signatureAt === -1 ? lines : lines.slice(0, signatureAt);
  const signature = signatureAt === -1 ? [] : lines.slice(signatureAt + 1);

  const html = [`<h4>${escapeText(cleanSubject)}</h4>`, ...blocksToHtml(main, true)];
  if (signature.length > 0) {
    // The footer is how-to boilerplate: set it apart, but give it no headings.
    html.push('<hr>', ...blocksToHtml(signature, false));
  }
  return { body: `${cleanSubject}\n\n${normalized}`, formattedBody: html.join('') };
}

type Block = { kind: 'prose'; lines: string[] } | { kind: 'columns'; lines: string[] };

/**
 * Splits at blank lines, then within each paragraph separates unindented prose from
 * indented runs. An unindented line directly followed by an indented run is the run's
 * heading ("Open action items (6, 1 overdue)").
 */
function blocksToHtml(lines: readonly string[], withHeadings: boolean): string[] {
  const out: string[] = [];
  for (const paragraph of paragraphs(lines)) {
    const blocks = splitByIndent(paragraph);
    for (const [i, block] of blocks.entries()) {
      if (block.kind === 'columns') {
        out.push(`<pre><code>${escapeLinked(dedent(block.lines).join('\n'))}</code></pre>`);
        continue;
      }
      const followedByColumns = blocks[i + 1]?.kind === 'columns';
      const heading = withHeadings && followedByColumns ? block.lines.at(-1) : undefined;
      const prose = heading === undefined ? block.lines : block.lines.slice(0, -1);
      if (prose.length > 0) out.push(`<p>${prose.map(escapeLinked).join('<br>')}</p>`);
      if (heading !== undefined) out.push(`<p><strong>${escapeLinked(heading)}</strong></p>`);
    }
  }
  return out;
}

function paragraphs(lines: readonly string[]): string[][] {
  const result: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) result.push(current);
      current = [];
    } else {
      current.push(line.replace(/\s+$/, ''));
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

function splitByIndent(paragraph: readonly string[]): Block[] {
  const blocks: Block[] = [];
  for (const line of paragraph) {
    const kind = /^\s/.test(line) ? 'columns' : 'prose';
    const last = blocks.at(-1);
    if (last?.kind === kind) last.lines.push(line);
    else blocks.push({ kind, lines: [line] });
  }
  return blocks;
}

/** Removes the indentation every line shares, keeping the relative columns. */
function dedent(lines: readonly string[]): string[] {
  const widths = lines.map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const common = Math.min(...widths);
  return lines.map((line) => line.slice(common));
}

export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text and turns http(s) URLs into links. Only those two schemes: a
 * `javascript:` "URL" in a subject stays text. Trailing punctuation is not part of
 * the URL ("see https://x.org/a.").
 */
function escapeLinked(text: string): string {
  const url = /https?:\/\/[^\s<>"'`]+/g;
  let out = '';
  let from = 0;
  for (const match of text.matchAll(url)) {
    const href = match[0].replace(/[.,;:!?)\]}]+$/, '');
    const start = match.index;
    out += escapeText(text.slice(from, start));
    out += `<a href="${escapeText(href)}">${escapeText(href)}</a>`;
    from = start + href.length;
  }
  return out + escapeText(text.slice(from));
}
