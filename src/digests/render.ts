import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { AgendaDigestView } from './agenda-digest.models.js';
import type { RenderedDigest } from './digest.types.js';
import { oneLine, plural } from './digest-format.models.js';
import type { MinutesDigestView } from './minutes-digest.models.js';
import { indentContinuation, leaderLines, padEnd, padStart, wrapWords } from './text-layout.js';

export type RenderedDigestBody = Omit<RenderedDigest, 'attachments'>;

export interface DigestRenderer {
  agenda(view: AgendaDigestView): RenderedDigestBody;
  minutes(view: MinutesDigestView): RenderedDigestBody;
}

export class DigestTemplateError extends Error {
  readonly code = 'DIGEST_TEMPLATE';
  /** A template is wrong until an operator fixes it: retrying cannot help. */
  readonly retryable = false;
  constructor(
    readonly template: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`digest template ${template}: ${message}`, options);
    this.name = 'DigestTemplateError';
  }
}

/** Plain-text mail is read in 80 columns. */
export const TEXT_COLUMNS = 80;

const DEFAULT_TEMPLATE_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

const TEMPLATES = [
  'agenda.text.hbs',
  'agenda.html.hbs',
  'minutes.text.hbs',
  'minutes.html.hbs',
  'subject-agenda.hbs',
  'subject-minutes.hbs',
] as const;
type TemplateName = (typeof TEMPLATES)[number];
type Render = (view: unknown) => string;

/**
 * Reads and compiles every template once. An operator's templateDir replaces any file
 * it holds (partials included); the defaults fill in the rest.
 */
export function createDigestRenderer(opts: { templateDir?: string | null }): DigestRenderer {
  const sources = new TemplateSources(opts.templateDir ?? null);
  // Two environments: partials are compiled per environment, and the text part must
  // never be HTML-escaped while the HTML part always is.
  const text = environment(sources, { noEscape: true });
  const html = environment(sources, { noEscape: false });

  const compiled = {} as Record<TemplateName, Render>;
  for (const name of TEMPLATES) {
    const env = name.includes('.html.') ? html : text;
    compiled[name] = compile(env, name, sources.read(name), name.includes('.html.'));
  }

  const subject = (name: TemplateName, view: unknown): string =>
    // Whatever a template or the data holds, a header line gets no CR/LF.
    oneLine(compiled[name](view));

  return {
    agenda: (view) => ({
      subject: subject('subject-agenda.hbs', view),
      text: tidyText(compiled['agenda.text.hbs'](view)),
      html: compiled['agenda.html.hbs'](view),
    }),
    minutes: (view) => ({
      subject: subject('subject-minutes.hbs', view),
      text: tidyText(compiled['minutes.text.hbs'](view)),
      html: compiled['minutes.html.hbs'](view),
    }),
  };
}

class TemplateSources {
  constructor(private readonly overrideDir: string | null) {}

  read(relative: string): { file: string; source: string } {
    const override = this.overrideDir === null ? null : path.join(this.overrideDir, relative);
    const file =
      override !== null && existsSync(override) ? override : path.join(DEFAULT_TEMPLATE_DIR, relative);
    try {
      return { file, source: readFileSync(file, 'utf8') };
    } catch (error) {
      throw new DigestTemplateError(relative, `cannot read ${file}`, { cause: error });
    }
  }

  partialNames(): string[] {
    const names = new Set<string>();
    for (const dir of [DEFAULT_TEMPLATE_DIR, this.overrideDir]) {
      const partials = dir === null ? null : path.join(dir, 'partials');
      if (partials === null || !existsSync(partials)) continue;
      for (const entry of readdirSync(partials)) if (entry.endsWith('.hbs')) names.add(entry);
    }
    return [...names].sort();
  }
}

function environment(sources: TemplateSources, options: { noEscape: boolean }): typeof Handlebars {
  const env = Handlebars.create();
  registerHelpers(env);
  for (const entry of sources.partialNames()) {
    const name = `partials/${entry}`;
    const render = compile(env, name, sources.read(name), !options.noEscape);
    env.registerPartial(entry.replace(/\.hbs$/, ''), (context: unknown) => render(context));
  }
  return env;
}

function compile(
  env: typeof Handlebars,
  name: string,
  { file, source }: { file: string; source: string },
  escapeHtml: boolean,
): Render {
  try {
    // compile() is lazy; parsing now makes a syntax error fail when the renderer is created.
    env.parse(source);
  } catch (error) {
    throw new DigestTemplateError(name, `${file}: ${(error as Error).message}`, { cause: error });
  }
  const template = env.compile(source, { strict: true, noEscape: !escapeHtml });
  return (view) => {
    try {
      return template(view);
    } catch (error) {
      throw new DigestTemplateError(name, (error as Error).message, { cause: error });
    }
  };
}

function registerHelpers(env: typeof Handlebars): void {
  const args = (raw: unknown[]): { values: unknown[]; hash: Record<string, unknown> } => {
    const options = raw[raw.length - 1] as Handlebars.HelperOptions;
    return { values: raw.slice(0, -1), hash: options.hash as Record<string, unknown> };
  };
  const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
  const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

  /** {{pad value width}} pads on the right; {{pad value width "right"}} aligns right. */
  env.registerHelper('pad', (...raw: unknown[]) => {
    const [value, width, align] = args(raw).values;
    return align === 'right' ? padStart(str(value), num(width, 0)) : padEnd(str(value), num(width, 0));
  });
  /** {{cat a b c}} joins its arguments. */
  env.registerHelper('cat', (...raw: unknown[]) => args(raw).values.map(str).join(''));
  // col= is the column the helper's output starts in: lines end by column 80 and
  // continuation lines line up under the first (indent= overrides that).
  const layout = (hash: Record<string, unknown>) => {
    const col = num(hash.col, 0);
    const indent = num(hash.indent, col);
    return { width: num(hash.width, TEXT_COLUMNS - col), rest: TEXT_COLUMNS - indent, indent };
  };
  /** {{dots left right… col=13}}: left text, a dot leader, the right parts. */
  env.registerHelper('dots', (...raw: unknown[]) => {
    const { values, hash } = args(raw);
    const [left, ...right] = values.map(str);
    const { width, rest, indent } = layout(hash);
    return indentContinuation(leaderLines(left ?? '', right.join('  ').trimEnd(), width, rest), indent);
  });
  /** {{wrap text col=2 indent=4}}: word wrap with a hanging indent. */
  env.registerHelper('wrap', (...raw: unknown[]) => {
    const { values, hash } = args(raw);
    const { width, rest, indent } = layout(hash);
    return indentContinuation(wrapWords(str(values[0]), width, rest), indent);
  });
  env.registerHelper('add', (...raw: unknown[]) =>
    args(raw).values.reduce((sum: number, value) => sum + num(value, 0), 0),
  );
  /** {{plural count "thread"}} → "1 thread", "3 threads". */
  env.registerHelper('plural', (...raw: unknown[]) => {
    const [count, singular, pluralForm] = args(raw).values;
    return plural(num(count, 0), str(singular), pluralForm === undefined ? undefined : str(pluralForm));
  });
}

/** Templates are easier to write with a little slack: no trailing blanks, at most one empty line in a row. */
function tidyText(text: string): string {
  return `${text
    .split('\n')
    .map((line) => (line === '-- ' ? line : line.trimEnd()))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
