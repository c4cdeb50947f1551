import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/listscribe.js');
const example = (name: string) => path.join(root, 'examples/inbox', name);

async function listscribe(...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run('node', [bin, ...args], { cwd: root });
    return { stdout, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; code: number };
    return { stdout: e.stdout, code: e.code };
  }
}

describe('listscribe inspect (the command a user runs)', () => {
  it('prints exactly the contract keys, in order, for one message', async () => {
    const { stdout, code } = await listscribe('inspect', example('03-reply-with-action.eml'));
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual([
      'messageId',
      'author',
      'subject',
      'tags',
      'skip',
      'reply',
      'items',
      'minutes',
    ]);
    expect(result.items).toContainEqual({
      kind: 'action',
      owners: ['fkr', 'garloff'],
      text: 'write down the wanted outcomes for R6',
      due: '2023-12-11',
    });
    expect(result.reply).not.toContain('must not become an action item');
  });

  it('prints one compact line per file with "file" first, an error line for an unreadable file, and exits 1', async () => {
    const missing = path.join(root, 'no-such.eml');
    const { stdout, code } = await listscribe(
      'inspect',
      example('06-vacation.eml'),
      missing,
      example('04-minutes.eml'),
    );
    expect(code).toBe(1);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => Object.keys(l)[0])).toEqual(['file', 'file', 'file']);
    expect(lines[0].skip).toEqual({ reason: 'auto-reply', detail: 'Auto-Submitted: auto-replied' });
    expect(lines[1]).toEqual({
      file: missing,
      error: { code: 'ENOENT', message: expect.stringContaining('no-such.eml') },
    });
    expect(lines[2].minutes.date).toBe('2023-12-04');
  });

  it('reads a minutes Markdown file', async () => {
    const file = path.join(root, 'test/fixtures/minutes');
    const { stdout } = await run('sh', ['-c', `ls ${file}/*.md | head -n 1`]);
    const { stdout: json, code } = await listscribe('inspect', stdout.trim());
    expect(code).toBe(0);
    expect(JSON.parse(json).minutes).not.toBeNull();
  });
});
