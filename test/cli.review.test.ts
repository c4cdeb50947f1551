import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/listscribe.js');

/**
 * The operator's side of "only members act", as an operator types it: held mail is
 * listed, approved or rejected, and the roster grows from list traffic. One embedded
 * database for the whole journey, so each step sees what the one before did.
 */
describe('listscribe review and members (the commands an operator runs)', { timeout: 240_000 }, () => {
  let dir: string;
  let config: string;

  async function listscribe(...args: string[]): Promise<{ stdout: string; code: number }> {
    try {
      const { stdout } = await run('node', [bin, ...args, '--config', config], {
        cwd: dir,
        env: { ...process.env, LISTSCRIBE_OPERATOR: 'anna', DATABASE_URL: '' },
      });
      return { stdout, code: 0 };
    } catch (error) {
      const e = error as { stdout: string; stderr: string; code: number };
      return { stdout: `${e.stdout}${e.stderr}`, code: e.code };
    }
  }

  const eml = (name: string, from: string, subject: string, body: string) =>
    writeFile(
      path.join(dir, name),
      [
        `From: ${from}`,
        'To: scs-tech@lists.example.org',
        `Subject: ${subject}`,
        'Date: Mon, 11 Dec 2023 10:00:00 +0100',
        `Message-ID: <${name}@example.net>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        body,
        '',
      ].join('\r\n'),
    );

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-review-'));
    config = path.join(dir, 'listscribe.yaml');
    await writeFile(
      config,
      [
        'dataDir: ./data',
        'teams:',
        '  - slug: iaas',
        '    name: Team IaaS',
        '    list: scs-tech@lists.example.org',
        '    address: listscribe@example.org',
        '    people:',
        '      - { handle: fkr, addresses: [fkr@example.org] }',
        '',
      ].join('\n'),
    );
    await eml('a', 'Jonas Weber <jonas.weber@example.net>', '[agenda] Lab power budget (10 min)', 'Hi');
    await eml('b', 'Mallory <mallory@evil.example>', '[decision] Buy our product', 'Really.');
    await eml('c', 'Jonas Weber <jonas.weber@example.net>', 'Re: lab', 'Just chatting.');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists held commands, approves one, rejects the other, and shows both in status', async () => {
    const imported = await listscribe(
      'import',
      path.join(dir, 'a'),
      path.join(dir, 'b'),
      path.join(dir, 'c'),
    );
    expect(imported.stdout).toContain('1 recorded, 0 skipped, 2 need review');

    const listed = await listscribe('review');
    expect(listed.code).toBe(0);
    const ids = [...listed.stdout.matchAll(/^#(\d+) .*"(.*)"$/gm)].map((m) => [m[2], m[1]]);
    const idOf = Object.fromEntries(ids) as Record<string, string>;
    expect(Object.keys(idOf).sort()).toEqual([
      '[agenda] Lab power budget (10 min)',
      '[decision] Buy our product',
    ]);
    expect(listed.stdout).toContain('agenda: Lab power budget (@jonas.weber@example.net, 10 min)');
    expect(listed.stdout).toContain(
      'held: not-a-member — mallory@evil.example is not on the Team IaaS roster',
    );

    const agendaId = idOf['[agenda] Lab power budget (10 min)']!;
    const decisionId = idOf['[decision] Buy our product']!;
    const approved = await listscribe('review', 'approve', agendaId);
    expect(approved.stdout).toMatch(
      new RegExp(`^#${agendaId}: approved by anna at \\S+: 1 item\\(s\\) applied$`, 'm'),
    );
    const rejected = await listscribe('review', 'reject', decisionId, '--reason', 'spam');
    expect(rejected.stdout).toContain(`#${decisionId}: rejected by anna`);
    expect((await listscribe('review')).stdout).toContain('nothing waits for review');
    const status = JSON.parse((await listscribe('status', '--json')).stdout);
    expect(status.messages).toEqual(
      expect.arrayContaining([
        { outcome: 'recorded', reason: 'approved', count: 1 },
        { outcome: 'skipped', reason: 'rejected', count: 1 },
      ]),
    );
  });

  it('suggests a frequent sender and adds them to the roster; configured people stay as configured', async () => {
    const suggested = await listscribe('members', 'suggest');
    expect(suggested.stdout).toContain(
      'listscribe members add jonas.weber@example.net --handle JonasWeber --name "Jonas Weber" --team iaas',
    );
    const added = await listscribe('members', 'add', 'jonas.weber@example.net', '--handle', 'jweber');
    expect(added.stdout).toContain('added jonas.weber@example.net as @jweber (iaas)');
    const listed = await listscribe('members');
    expect(listed.stdout).toMatch(/^@fkr\s+configured\s+fkr@example.org$/m);
    expect(listed.stdout).toMatch(/^@jweber\s+added\s+jonas.weber@example.net$/m);
    const refused = await listscribe('members', 'add', 'felix@private.example', '--handle', 'fkr');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('MEMBER_CONFIGURED');
  });

  it('reports a mistake of the operator in one line with its code, never a stack trace', async () => {
    const unknown = await listscribe('members', '--team', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout.trim()).toBe(`listscribe: UNKNOWN_TEAM: no team "nope" in ${config}`);
  });
});
