/**
 * Writes docs/configuration.md, the configuration reference, from the zod schema that
 * validates the configuration file, so the two cannot disagree.
 *
 *   npm run docs:config
 *
 * `renderConfigReference` is pure (schema in, Markdown out, same output every run);
 * test/config-reference.test.ts fails when the committed file differs from it.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { configSchema } from '../src/config/config.schema.js';

/** The subset of JSON Schema (draft 2020-12) that `z.toJSONSchema` emits for our schema. */
interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface Row {
  path: string;
  type: string;
  default: string;
  required: boolean;
  description: string;
}

interface Section {
  title: string;
  description: string | undefined;
  rows: Row[];
}

export const REGENERATE_COMMAND = 'npm run docs:config';

/** The configuration reference as Markdown, from the schema that validates the file. */
export function renderConfigReference(schema: z.ZodType = configSchema): string {
  // `input`: what the operator writes, so keys with defaults are optional and
  // transforms (e.g. lower-casing addresses) do not change the documented type.
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    reused: 'inline',
    override: ({ zodSchema, jsonSchema }) => {
      // zod leaves out the default of a key whose value is transformed (it is an output
      // value), but an operator still needs to know what an omitted key means.
      const def = zodSchema._zod.def;
      if (def.type === 'default' && jsonSchema.default === undefined) {
        jsonSchema.default = JSON.parse(JSON.stringify(def.defaultValue));
      }
    },
  }) as JsonSchema;
  const sections: Section[] = [];
  collectSections(json, '', 'Top level', sections);
  const parts = [INTRO];
  for (const section of uniqueSections(sections)) {
    parts.push(`## ${section.title}`);
    if (section.description) parts.push(escapeText(section.description));
    parts.push(renderTable(section.rows));
  }
  return `${parts.join('\n\n')}\n`;
}

const INTRO = `# Configuration reference

<!-- Generated from src/config/config.schema.ts by scripts/config-reference.ts; do not edit by hand. -->

This page is generated from the schema that validates the configuration file
(\`src/config/config.schema.ts\`); after changing the schema, regenerate it with
\`${REGENERATE_COMMAND}\` and commit the result (a test fails while it is stale).

The file is one YAML document. A key path like \`teams[].matrix.room\` means the key
\`room\` of the \`matrix\` object of each entry of the \`teams\` list. Each object has
its own section below; "required" means required whenever the enclosing object is
given. Keys that are not listed are rejected. Secrets never go in the file: the
\`…Env\` keys name the environment variables that hold them.`;

/** Adds a section for `node` (an object) and, depth first, for every object inside it. */
function collectSections(node: JsonSchema, at: string, title: string, out: Section[]): void {
  const section: Section = { title, description: node.description, rows: [] };
  out.push(section);
  const nested: Array<() => void> = [];
  const required = new Set(node.required ?? []);
  for (const [key, prop] of Object.entries(node.properties ?? {})) {
    const keyPath = at ? `${at}.${key}` : key;
    const shape = unwrapArrays(prop, keyPath);
    const variants = objectVariants(shape.schema);
    let type = describeType(prop);
    if (variants.length === 1) {
      const sub = variants[0]!;
      type = `${shape.arrayPrefix ? `${shape.arrayPrefix}objects` : 'object'}, see ${sectionLink(code(shape.path))}`;
      nested.push(() => collectSections(sub, shape.path, code(shape.path), out));
    } else if (variants.length > 1) {
      const titles = variants.map((v, i) => variantTitle(shape.path, v, i, variants.length));
      type = `${shape.arrayPrefix ? `${shape.arrayPrefix}objects, each` : 'object,'} one of: ${titles.map(sectionLink).join(', ')}`;
      variants.forEach((v, i) => {
        nested.push(() => collectSections(v, shape.path, titles[i]!, out));
      });
    }
    section.rows.push({
      path: keyPath,
      type,
      default: prop.default === undefined ? '' : code(JSON.stringify(prop.default)),
      required: required.has(key),
      description: prop.description ?? shape.schema.description ?? '',
    });
  }
  for (const add of nested) add();
}

/**
 * Variants of a union that share an object (the meeting series' `rotation`) list it
 * twice: keep one. Two different objects under one heading would break the links.
 */
function uniqueSections(sections: Section[]): Section[] {
  const byTitle = new Map<string, string>();
  const unique: Section[] = [];
  for (const section of sections) {
    const content = JSON.stringify(section);
    const seen = byTitle.get(section.title);
    if (seen === content) continue;
    if (seen !== undefined)
      throw new Error(`two different objects would both be documented as ${section.title}`);
    byTitle.set(section.title, content);
    unique.push(section);
  }
  return unique;
}

/** `teams` (array of objects) → the element schema at `teams[]`. */
function unwrapArrays(
  node: JsonSchema,
  at: string,
): { schema: JsonSchema; path: string; arrayPrefix: string } {
  let schema = node;
  let keyPath = at;
  let arrayPrefix = '';
  while (schema.type === 'array' && schema.items) {
    schema = schema.items;
    keyPath += '[]';
    arrayPrefix += 'list of ';
  }
  return { schema, path: keyPath, arrayPrefix };
}

/** The object schemas a key may hold: one for a plain object, several for a union of objects. */
function objectVariants(node: JsonSchema): JsonSchema[] {
  if (isObject(node)) return [node];
  const alternatives = node.oneOf ?? node.anyOf ?? [];
  const objects = alternatives.filter(isObject);
  return objects.length > 0 && objects.length === alternatives.length ? objects : [];
}

function isObject(node: JsonSchema): boolean {
  return node.type === 'object' && node.properties !== undefined;
}

/** `source` (kind: imap) for a discriminated union, else the variant's number and description. */
function variantTitle(at: string, variant: JsonSchema, index: number, count: number): string {
  for (const [key, prop] of Object.entries(variant.properties ?? {})) {
    if (prop.const !== undefined) return `${code(at)} (${key}: ${String(prop.const)})`;
  }
  return `${code(at)} (form ${index + 1} of ${count})`;
}

function describeType(node: JsonSchema): string {
  if (node.const !== undefined) return code(JSON.stringify(node.const));
  if (node.enum) return `one of ${node.enum.map((v) => code(JSON.stringify(v))).join(', ')}`;
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives) return alternatives.map(describeType).join(' or ');
  if (Array.isArray(node.type)) return node.type.map((type) => describeType({ ...node, type })).join(' or ');
  switch (node.type) {
    case 'string':
      return describeString(node);
    case 'number':
    case 'integer':
      return withBounds(node.type, node);
    case 'array': {
      const items = node.items ? describeType(node.items) : 'anything';
      const min = node.minItems ? ` (at least ${node.minItems})` : '';
      return `list of ${items}${min}`;
    }
    case 'object': {
      const values = node.additionalProperties;
      if (typeof values === 'object') return `map of string to ${describeType(values)}`;
      return 'object';
    }
    case undefined:
      return 'any';
    default:
      return node.type;
  }
}

function describeString(node: JsonSchema): string {
  // A format says more than its (often long) generated pattern.
  if (node.format) return `string (${node.format})`;
  if (node.pattern) return `string matching ${code(node.pattern)}`;
  if (node.minLength) return 'non-empty string';
  return 'string';
}

function withBounds(kind: string, node: JsonSchema): string {
  const bounds: string[] = [];
  if (node.exclusiveMinimum !== undefined) bounds.push(`> ${node.exclusiveMinimum}`);
  if (node.minimum !== undefined) bounds.push(`≥ ${node.minimum}`);
  if (node.exclusiveMaximum !== undefined) bounds.push(`< ${node.exclusiveMaximum}`);
  // zod writes MAX_SAFE_INTEGER as the bound of every integer: not a limit anyone chose.
  if (node.maximum !== undefined && node.maximum !== Number.MAX_SAFE_INTEGER)
    bounds.push(`≤ ${node.maximum}`);
  return bounds.length ? `${kind} ${bounds.join(', ')}` : kind;
}

function renderTable(rows: Row[]): string {
  const lines = ['| Key | Type | Default | Required | Description |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const cells = [
      code(row.path),
      row.type,
      row.default,
      row.required ? 'yes' : 'no',
      escapeText(row.description),
    ];
    lines.push(`| ${cells.map(escapeCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** A link to a section by the anchor GitHub derives from its heading. */
function sectionLink(title: string): string {
  const anchor = title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
  return `[${title}](#${anchor})`;
}

function code(text: string): string {
  return `\`${text}\``;
}

/** Markdown would read `<`, `>` in a description as HTML. */
function escapeText(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A `|` ends a table cell, even inside code spans. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

async function main(): Promise<void> {
  const target = path.resolve(import.meta.dirname, '../docs/configuration.md');
  await writeFile(target, renderConfigReference());
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
