/**
 * The real worker as a child process, `node bin/listscribe.js run --config FILE`, pointed at a
 * Dovecot mailbox (or a proxy in front of it), a PostgreSQL database and an SMTP list. Used by
 * the SIGKILL/SIGTERM fault tests and by the soak: what runs is exactly what an operator runs.
 *
 *   const config = await writeWorkerConfig(dir, { imap, smtp, series });
 *   const worker = startWorker({ config, databaseUrl, imapPassword, faultPoint: 'send:after-send' });
 *   await worker.exited;            // { code: null, signal: 'SIGKILL' }
 *   await worker.terminate();       // SIGTERM, then the exit
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultPoint } from '../../src/shared/fault-points.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const WORKER_TEAM = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.example.org',
  listId: 'scs-tech.lists.example.org',
  address: 'listscribe@example.org',
};

export interface WorkerPerson {
  handle: string;
  addresses: string[];
}

/** A weekly meeting series in UTC whose first meeting starts at `start` (to the second). */
export interface WorkerSeries {
  slug: string;
  start: Date;
  durationMinutes?: number;
  agendaLeadHours: number;
  minutesDelayHours: number;
}

export interface WorkerConfigOptions {
  imap: { host: string; port: number; user: string };
  smtp: { host: string; port: number };
  people: WorkerPerson[];
  series?: WorkerSeries[];
  /** The IDLE-silence check; short in tests so a dead connection is found quickly. */
  resyncSeconds?: number;
  schedulerSeconds?: number;
}

/** Writes `dir/listscribe.yaml` and returns its path. */
export async function writeWorkerConfig(dir: string, o: WorkerConfigOptions): Promise<string> {
  const file = path.join(dir, 'listscribe.yaml');
  const localStart = (d: Date) => d.toISOString().slice(0, 19);
  const config = {
    dataDir: path.join(dir, 'data'),
    source: {
      kind: 'imap',
      host: o.imap.host,
      port: o.imap.port,
      secure: false,
      user: o.imap.user,
      passwordEnv: 'IMAP_PASSWORD',
      mailbox: 'INBOX',
      resyncMinutes: (o.resyncSeconds ?? 5) / 60,
    },
    delivery: { kind: 'smtp', host: o.smtp.host, port: o.smtp.port, ignoreTls: true, timeoutSeconds: 5 },
    schedulerSeconds: o.schedulerSeconds ?? 5,
    log: { level: 'info' },
    teams: [
      {
        ...WORKER_TEAM,
        people: o.people,
        meetings: (o.series ?? []).map((s) => ({
          slug: s.slug,
          name: `Meeting ${s.slug}`,
          timeZone: 'UTC',
          start: localStart(s.start),
          durationMinutes: s.durationMinutes ?? 50,
          every: { weeks: 1 },
          agendaLeadHours: s.agendaLeadHours,
          minutesDelayHours: s.minutesDelayHours,
        })),
      },
    ],
  };
  // JSON is YAML: no quoting rules to get wrong for addresses and times.
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<WorkerExit>;
  /** Everything the worker logged so far (JSON lines), for failure messages. */
  log(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`, reported as such). */
  terminate(graceMs?: number): Promise<WorkerExit>;
  /** SIGKILL from outside, then waits for the exit. */
  kill(): Promise<WorkerExit>;
}

export function startWorker(o: {
  config: string;
  databaseUrl: string;
  imapPassword: string;
  faultPoint?: FaultPoint;
}): WorkerProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    IMAP_PASSWORD: o.imapPassword,
    LOG_LEVEL: 'info',
  };
  delete env.LISTSCRIBE_FAULT_POINT;
  if (o.faultPoint) env.LISTSCRIBE_FAULT_POINT = o.faultPoint;
  const child = spawn(process.execPath, ['bin/listscribe.js', 'run', '--config', o.config], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<WorkerExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const stopWith = async (signal: NodeJS.Signals, graceMs: number): Promise<WorkerExit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    child,
    exited,
    log: () => output,
    terminate: (graceMs = 20_000) => stopWith('SIGTERM', graceMs),
    kill: () => stopWith('SIGKILL', 5_000),
  };
}
