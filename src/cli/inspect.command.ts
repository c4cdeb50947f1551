import { readFile } from 'node:fs/promises';
import { teamsOf } from '../app/app.js';
import { loadConfig } from '../config/config.loader.js';
import { extractContextOf } from '../ingest/ingest.models.js';
import {
  type ExtractContext,
  emptyContext,
  extractFromMinutesFile,
  extractFromRaw,
} from '../mail/extract.js';
import type { Extraction } from '../mail/mail.types.js';
import { ListscribeError } from '../shared/errors.js';

type InspectLine =
  | ({ file: string } & Extraction)
  | { file: string; error: { code: string; message: string } };

/**
 * `listscribe inspect FILE…`: what listscribe would extract, as JSON (the contract in
 * product.md). One file: one pretty object. Several: one compact object per line,
 * each with "file" first. Needs no configuration and no database; with --config,
 * authors get their configured handles.
 */
export async function inspectCommand(
  files: string[],
  options: { config?: string },
  out: (line: string) => void,
): Promise<number> {
  const context = options.config ? contextFromConfig(options.config) : emptyContext;
  let exitCode = 0;
  for (const file of files) {
    const line = await inspectOne(file, context);
    if ('error' in line) exitCode = 1;
    if (files.length === 1) {
      const { file: _file, ...rest } = line;
      out(JSON.stringify('error' in line ? line : rest, null, 2));
    } else {
      out(JSON.stringify(line));
    }
  }
  return exitCode;
}

async function inspectOne(file: string, context: ExtractContext): Promise<InspectLine> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'READ_ERROR';
    return { file, error: { code, message: `cannot read ${file}: ${(error as Error).message}` } };
  }
  try {
    if (/\.(md|markdown)$/i.test(file))
      return { file, ...extractFromMinutesFile(file, raw.toString('utf8')) };
    return { file, ...(await extractFromRaw(raw, context)) };
  } catch (error) {
    // A message over a parsing limit says which (MIME_TOO_MANY_PARTS, …); anything else is a parse error.
    const code = error instanceof ListscribeError ? error.code : 'PARSE_ERROR';
    return { file, error: { code, message: (error as Error).message } };
  }
}

function contextFromConfig(file: string): ExtractContext {
  const teams = teamsOf(loadConfig(file).config);
  return extractContextOf(teams[0], teams);
}
