import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MatrixHomeserver, startMatrixHomeserver } from './support/matrix-homeserver.js';

/**
 * `listscribe run` as an operator runs it (embedded database, Maildir inbox, outbox):
 * the digest goes to the outbox and to the Matrix room, a member's agenda mail gets
 * its confirmation, and SIGTERM / SIGINT stop it cleanly, logging JSON lines or
 * readable lines.
 */

const repoRoot = path.resolve(import.meta.dirname, '..');
const TOKEN = 'syt_cnVuIHRlc3Q_runWorkerTest_7a8b9c';
const ROOM = '!iaas:example.org';

let dir: string;
let hs: MatrixHomeserver;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-run-'));
  hs = await startMatrixHomeserver({ accessToken: TOKEN, rooms: { [ROOM]: { alias: '#iaas:example.org' } } });
});
afterEach(async () => {
  await hs.close();
  await rm(dir, { recursive: true, force: true });
});

/** A meeting two hours from now, so its agenda (24 h lead) is due at once. */
async function writeConfig(): Promise<string> {
  const start = new Date(Date.now() + 2 * 3_600_000).toISOString().slice(0, 16);
  const config = {
    dataDir: path.join(dir, 'data'),
    schedulerSeconds: 5,
    log: { level: 'info' },
    teams: [
      {
        slug: 'iaas',
        name: 'Team IaaS',
        list: 'scs-tech@lists.example.org',
        address: 'listscribe@example.org',
        confirmSender: true,
        matrix: { homeserverUrl: hs.url, room: '#iaas:example.org', timeoutSeconds: 5 },
        people: [{ handle: 'garloff', name: 'Kurt Garloff', addresses: ['garloff@example.org'] }],
        meetings: [
          {
            slug: 'weekly',
            name: 'Team IaaS Meeting',
            timeZone: 'UTC',
            start,
            durationMinutes: 50,
            every: { weeks: 1 },
            agendaLeadHours: 24,
            minutesDelayHours: 2,
          },
        ],
      },
    ],
  };
  const file = path.join(dir, 'listscribe.yaml');
  await writeFile(file, JSON.stringify(config, null, 2)); // JSON is YAML
  const inbox = path.join(dir, 'data', 'inbox');
  for (const sub of ['new', 'cur', 'tmp']) await mkdir(path.join(inbox, sub), { recursive: true });
  await writeFile(
    path.join(inbox, 'new', '1701860100.M1P1.test'),
    [
      'From: Kurt Garloff <garloff@example.org>',
      'To: scs-tech@lists.example.org',
      'Subject: [scs-tech] [agenda] IaaS standards v3 (15 min)',
      `Date: ${new Date().toUTCString()}`,
      'Message-ID: <run-worker-test-1@garloff.example.org>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Let us settle the timeline.',
      '',
      'Kurt',
      '',
    ].join('\r\n'),
  );
  return file;
}

function listscribe(args: string[], env: NodeJS.ProcessEnv = {}) {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    MATRIX_ACCESS_TOKEN: TOKEN,
    LOG_LEVEL: 'info',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.LISTSCRIBE_CONFIG;
  if (env.LOG_FORMAT === undefined) delete childEnv.LOG_FORMAT;
  const child = spawn(process.execPath, ['bin/listscribe.js', ...args], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Waits for a condition the worker brings about; gives up (and says what it saw) after a generous bound. */
async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  child: ChildProcess,
  log: () => string,
) {
  const giveUpAt = Date.now() + 180_000;
  while (!(await check())) {
    if (child.exitCode !== null) throw new Error(`worker exited before ${what}:\n${log()}`);
    if (Date.now() > giveUpAt) throw new Error(`no ${what} within 180 s:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('listscribe run', () => {
  it('mails and posts the digest, confirms to the sender, and stops cleanly on SIGTERM with JSON logs', async () => {
    const config = await writeConfig();
    const run = listscribe(['run', '--config', config]);
    const outbox = path.join(dir, 'data', 'outbox');
    const outboxFiles = async () => readdir(outbox).catch(() => [] as string[]);

    await until('Matrix post', () => hs.events.length > 0, run.child, run.stderr);
    await until(
      'confirmation',
      async () => (await outboxFiles()).some((f) => f.startsWith('listscribe.confirmation.iaas')),
      run.child,
      run.stderr,
    );
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });

    const digestFile = (await outboxFiles()).find((f) => f.startsWith('listscribe.agenda.iaas.weekly'));
    expect(digestFile).toBeDefined();
    expect(hs.events).toHaveLength(1);
    expect(hs.events[0]).toMatchObject({ roomId: ROOM, eventType: 'm.room.message' });
    expect(hs.events[0]!.txnId).toMatch(/^listscribe\.agenda\.iaas\.weekly\.\d{4}-\d{2}-\d{2}@example\.org$/);
    expect(String(hs.events[0]!.content.body)).toContain('IaaS standards v3');
    const confirmationFile = (await outboxFiles()).find((f) => f.startsWith('listscribe.confirmation.iaas'))!;
    const confirmation = await readFile(path.join(outbox, confirmationFile), 'utf8');
    expect(confirmation).toMatch(/^To: garloff@example\.org$/m);
    expect(confirmation).toMatch(/^Auto-Submitted: auto-replied$/m);

    const lines = run.stderr().trim().split('\n');
    const records = lines.map(
      (line) => JSON.parse(line) as { msg: string; level: number; [k: string]: unknown },
    );
    const messages = records.map((r) => r.msg);
    expect(messages).toContain('listscribe is running');
    expect(records.find((r) => r.msg.startsWith('stopping'))).toMatchObject({ signal: 'SIGTERM' });
    expect(records.at(-1)).toMatchObject({ msg: 'stopped', clean: true });
    expect(run.stderr()).not.toContain(TOKEN);

    // The data folder is free again, and status shows the post.
    const status = listscribe(['status', '--config', config]);
    expect(await status.exited).toEqual({ code: 0, signal: null });
    expect(status.stdout()).toMatch(/matrix posts \(latest first\)\n {2}iaas \S+ agenda {2}sent/);
    expect(status.stdout()).toContain('confirmations to senders: 1 sent');
  }, 400_000);

  it('logs readable lines with LOG_FORMAT=pretty and stops cleanly on SIGINT', async () => {
    const config = await writeConfig();
    const run = listscribe(['run', '--config', config], { LOG_FORMAT: 'pretty' });
    await until('start', () => run.stderr().includes('listscribe is running'), run.child, run.stderr);
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    const lines = run.stderr().trim().split('\n');
    expect(lines.some((line) => line.startsWith('{'))).toBe(false);
    expect(run.stderr()).toMatch(/INFO.*: stopping: finishing work in flight.*\n\s+signal: "SIGINT"/);
    expect(run.stderr()).toMatch(/INFO.*: stopped\n\s+clean: true\n?$/);
  }, 400_000);
});
