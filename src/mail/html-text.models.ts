/**
 * HTML mail to plain text, for messages that carry no text/plain part. The output is
 * text only: entities decoded, no markup, images dropped (their alt texts are mostly
 * "logo" noise), links reduced to their text, list items kept as "- " lines so that
 * "- [ ] @fkr …" survives.
 */
import { compile, type HtmlToTextOptions, type SelectorDefinition } from 'html-to-text';
import { normalizeText } from './reply-trim.lines.js';

const BLOCK = { leadingLineBreaks: 1, trailingLineBreaks: 1 };

const BASE_SELECTORS: SelectorDefinition[] = [
  { selector: 'a', options: { ignoreHref: true } },
  { selector: 'img', format: 'skip' },
  { selector: 'script', format: 'skip' },
  { selector: 'style', format: 'skip' },
  { selector: 'head', format: 'skip' },
  { selector: 'title', format: 'skip' },
  { selector: 'noscript', format: 'skip' },
  { selector: 'template', format: 'skip' },
  { selector: 'input', format: 'skip' },
  { selector: 'ul', options: { itemPrefix: '- ' } },
  ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((tag) => ({
    selector: tag,
    options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 },
  })),
  // Mail layouts are tables; the library's grid renderer wraps cells at 60 columns.
  { selector: 'table', format: 'block', options: BLOCK },
  { selector: 'tr', format: 'block', options: BLOCK },
  { selector: 'td', format: 'tableCell' },
  { selector: 'th', format: 'tableCell' },
];

/**
 * Containers that hold quoted text, attributions or signatures in the HTML that
 * Gmail, Apple Mail, Thunderbird, Yahoo, Outlook and Proton Mail write. A bare
 * <blockquote> is not dropped here but rendered as "> " lines: the text pipeline then
 * removes it together with an attribution line that no client class marks.
 */
const QUOTE_SELECTORS = [
  'blockquote[type="cite"]',
  '.gmail_quote',
  '.gmail_quote_container',
  '.gmail_attr',
  '.gmail_signature',
  '.gmail_signature_prefix',
  '.yahoo_quoted',
  '.moz-cite-prefix',
  '.moz-signature',
  '.moz-forward-container',
  '.protonmail_quote',
  '.protonmail_signature_block',
  '#Signature',
  '#ms-outlook-mobile-signature',
];

const baseOptions = (extra: SelectorDefinition[]): HtmlToTextOptions => ({
  wordwrap: false,
  formatters: {
    tableCell: (elem, walk, builder) => {
      walk(elem.children, builder);
      builder.addInline(' ');
    },
  },
  selectors: [...BASE_SELECTORS, ...extra],
});

const renderAll = compile(baseOptions([]));
const renderWithoutQuotes = compile(
  baseOptions(QUOTE_SELECTORS.map((selector) => ({ selector, format: 'skip' }))),
);

/** Plain text of an HTML body; quotes are kept (as "> " lines). Never returns markup. */
export function htmlToPlainText(html: string): string {
  return normalizeText(renderAll(html));
}

/**
 * Outlook marks where the quoted message starts with an element id
 * ("divRplyFwdMsg", or the empty "appendonsend" just above it) and nests nothing:
 * the quoted message simply follows. So the cut is on the markup, before parsing,
 * together with the <hr> Outlook draws right above it.
 */
export function cutOutlookQuote(html: string): string {
  const marker = /<[a-z][^>]*\bid\s*=\s*["']?(?:divRplyFwdMsg|appendonsend)\b/i.exec(html);
  if (!marker) return html;
  const before = html.slice(0, marker.index);
  const hr = /<hr\b[^>]*>\s*$/i.exec(before);
  return hr ? before.slice(0, hr.index) : before;
}

/**
 * Plain text of an HTML body for reply trimming: quote containers and signatures
 * removed before conversion, any other blockquote as "> " lines.
 */
export function htmlToReplyText(html: string): string {
  return normalizeText(renderWithoutQuotes(cutOutlookQuote(html)));
}
