import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGENERATE_COMMAND, renderConfigReference } from '../scripts/config-reference.js';
import { configSchema } from '../src/config/config.schema.js';

const committed = path.resolve(import.meta.dirname, '../docs/configuration.md');

/** docs/configuration.md is generated from the configuration schema and must not go stale. */
describe('configuration reference', () => {
  it('docs/configuration.md is what the generator writes from the current schema', async () => {
    const onDisk = await readFile(committed, 'utf8');
    expect(
      onDisk === renderConfigReference(configSchema),
      `docs/configuration.md is stale: run \`${REGENERATE_COMMAND}\` and commit the result`,
    ).toBe(true);
  });

  it('is the same on every run', () => {
    expect(renderConfigReference(configSchema)).toBe(renderConfigReference(configSchema));
  });

  it('documents nested keys with type, default, requiredness and description', () => {
    const doc = renderConfigReference(configSchema);
    expect(doc).toContain(
      '| `teams[].matrix.msgtype` | one of `"m.notice"`, `"m.text"` | `"m.notice"` | no | m.notice is the type for bot output',
    );
    expect(doc).toContain(
      '| `teams[].matrix.room` | string matching `^[!#][^:]+:.+$` |  | yes | The room the digests are posted to',
    );
    // A default zod leaves out of the input schema because the value is transformed.
    expect(doc).toContain('| `teams[].identity.arcSealers` | list of non-empty string | `[]` | no |');
    // Both forms of a meeting series, each in its own section, and their shared object once.
    expect(doc).toContain('## `teams[].meetings[]` (form 1 of 2)');
    expect(doc).toContain('## `teams[].meetings[]` (form 2 of 2)');
    expect(doc.match(/^## `teams\[\]\.meetings\[\]\.rotation`$/gm)).toHaveLength(1);
    expect(doc).toContain('## `source` (kind: imap)');
  });
});
