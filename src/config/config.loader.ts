import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Config, configSchema } from './config.schema.js';

/** A configuration mistake: `message` is one line that says what and where. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export interface LoadedConfig {
  config: Config;
  /** The file it came from; the bundled example when none was given. */
  file: string;
  isExample: boolean;
}

export const exampleConfigFile = fileURLToPath(new URL('../../examples/listscribe.yaml', import.meta.url));

/**
 * Which file: --config, else $LISTSCRIBE_CONFIG, else ./listscribe.yaml, else the
 * bundled example (the embedded default: a newcomer runs it with no setup).
 */
export function resolveConfigFile(explicit: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const chosen = explicit ?? env.LISTSCRIBE_CONFIG;
  if (chosen) return path.resolve(cwd, chosen);
  const local = path.resolve(cwd, 'listscribe.yaml');
  return existsSync(local) ? local : exampleConfigFile;
}

export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${file}: cannot read the configuration (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  const config = parseConfig(text, file);
  const isExample = path.resolve(file) === path.resolve(exampleConfigFile);
  return { config, file, isExample };
}

/** Parse and validate; the first problem becomes a ConfigError of the form `file:line: key.path: problem`. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line;
    throw new ConfigError(
      `${file}${line ? `:${line}` : ''}: not valid YAML: ${yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  const result = configSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keyPath = issue.path.map(String);
  const line = lineOf(doc, issue.path, lineCounter);
  throw new ConfigError(
    `${file}${line ? `:${line}` : ''}: ${keyPath.length ? keyPath.join('.') : '(top level)'}: ${describe(issue)}`,
  );
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `missing (expected ${issue.expected})`;
  return issue.message;
}

/** The line of the deepest node of the path that exists in the document. */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  keyPath: readonly PropertyKey[],
  counter: LineCounter,
): number | null {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: number[] } | null)?.range?.[0];
  for (const key of keyPath) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      const keyRange = (pair?.key as { range?: number[] } | undefined)?.range;
      if (keyRange) offset = keyRange[0];
      next = pair?.value;
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
      const range = (next as { range?: number[] } | undefined)?.range;
      if (range) offset = range[0];
    }
    if (next === undefined || next === null) break;
    node = next;
  }
  return offset === undefined ? null : counter.linePos(offset).line;
}
