/**
 * `npm run bench [-- --quick] [-- --messages N --live N --seed N --profile]`
 *
 * One run measures everything against a baseline taken in the same run on the same Dovecot:
 * generate a seeded corpus, APPEND it to a fresh Dovecot, then
 *   1. baseline: imapflow + mailparser simpleParser over every message, storing nothing;
 *   2. ingest into PostgreSQL (real IMAP source + sink), then live latency on that source;
 *   3. ingest into PGlite;
 *   4. digest render + compose for a large agenda;
 *   5. inspect (extractFromRaw) over the corpus.
 * Phases 1–3 run in child processes (bench/ingest-child.ts), so each one's peak RSS is its own.
 * Prints a table and, last, one JSON line with the figures.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import postgres from 'postgres';
import { extractFromRaw } from '../src/mail/extract.js';
import { dovecotAvailable, startDovecot } from '../test/support/dovecot.js';
import { adminUrl } from '../test/support/postgres-server.js';
import { positiveIntFlag } from './args.js';
import { type Done, endChild, runChild } from './child.js';
import { type CompiledTree, compileForBench } from './compile.js';
import { type CorpusOptions, corpusMessage, TEAM } from './corpus.js';
import { measureDigest } from './digest.js';
import type { ChildInput, ChildReport } from './ingest-child.js';
import { commitLog, measureLive } from './live.js';
import { percentile, round, table } from './stats.js';

interface Args {
  quick: boolean;
  messages: number;
  live: number;
  seed: number;
  profile: boolean;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const value = (name: string, fallback: number): number => positiveIntFlag(argv, name, fallback);
  return {
    quick,
    messages: value('--messages', quick ? 600 : 10_000),
    live: value('--live', quick ? 30 : 200),
    seed: value('--seed', 20231211),
    profile: argv.includes('--profile'),
  };
}

const APPEND_CHUNK = 250;
/** Longer than Dovecot's 500 ms notification window, so each live message meets a quiet mailbox. */
const LIVE_GAP_MS = 700;
const APPENDERS = 3;

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

/** Starts a phase in its own process, profiled with `--profile`. */
function startPhase(compiled: CompiledTree, input: ChildInput, profile: boolean) {
  const execArgv = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(here, 'profiles')}`] : [];
  return runChild(compiled.file('bench/ingest-child.ts'), input, execArgv);
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const available = dovecotAvailable();
  if (!available.ok) throw new Error(available.why);
  const corpus: CorpusOptions = { seed: args.seed, maxAttachmentBytes: 2 * 1024 * 1024 };
  const startedAll = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  log(
    `${args.quick ? 'quick' : 'full'} mode: ${args.messages} messages, ${args.live} live, seed ${args.seed}`,
  );

  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  const pgName = `listscribe_bench_${process.pid}`;
  const pgliteDir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-bench-'));
  const compiled = await compileForBench(repoRoot, ['bench/ingest-child.ts', 'bench/cpu.ts']);
  const dovecot = await startDovecot({ spareUsers: 1 });
  const children: ChildProcess[] = [];
  try {
    const versions = await serverVersions(admin);
    const user = await dovecot.addUser();
    const imap = { host: dovecot.host, port: dovecot.imapPort, user: user.user, pass: user.pass };

    // Corpus: generated chunk by chunk (the full one is ~600 MB), each chunk APPENDed over a
    // connection of its own. Three at a time: one APPEND waits for Dovecot's write, so a single
    // connection leaves the machine idle most of the time. (Uids then interleave chunks, which
    // changes nothing measured: every message is read, in uid order.)
    const appendStarted = performance.now();
    let bytes = 0;
    const kinds = new Map<string, number>();
    let nextChunk = 0;
    const appender = async (): Promise<void> => {
      for (let from = nextChunk; from < args.messages; from = nextChunk) {
        nextChunk += APPEND_CHUNK;
        const chunk = [];
        for (let i = from; i < Math.min(args.messages, from + APPEND_CHUNK); i++) {
          const m = corpusMessage(corpus, i);
          bytes += m.raw.length;
          kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
          chunk.push(m.raw);
        }
        await dovecot.appendMany(user.user, chunk);
      }
    };
    await Promise.all(Array.from({ length: APPENDERS }, appender));
    const appendSeconds = (performance.now() - appendStarted) / 1000;
    log(
      `appended ${args.messages} messages (${round(bytes / 1e6)} MB) in ${round(appendSeconds)} s: ${[
        ...kinds,
      ]
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    await warmMailbox(imap);

    log('baseline: imapflow FETCH + simpleParser');
    const baseline = (await startPhase(compiled, { mode: 'baseline', imap }, args.profile)).report;
    if (baseline.messages !== args.messages)
      throw new Error(`baseline parsed ${baseline.messages} of ${args.messages}`);
    const baselineRate = baseline.messages / baseline.seconds;

    log('ingest into PostgreSQL');
    await admin.unsafe(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${pgName}`);
    const pgUrl = adminUrl(pgName);
    const pg = await startPhase(
      compiled,
      { mode: 'ingest', imap, db: { kind: 'postgres', url: pgUrl }, team: TEAM },
      args.profile,
    );
    children.push(pg.child);
    if (pg.report.messages !== args.messages)
      throw new Error(`PostgreSQL ingest stored ${pg.report.messages} of ${args.messages}`);

    log(`live latency: ${args.live} messages appended one by one`);
    const commits = commitLog();
    pg.child.on('message', (m: ChildReport) => {
      if (m.type === 'committed') commits.record(m.uids, m.at);
    });
    const live = await measureLive({
      imap,
      count: args.live,
      message: (i) => corpusMessage(corpus, args.messages + i),
      storedAt: commits.storedAt,
      gapMs: LIVE_GAP_MS,
    });
    for (const drop of live.idleDrops) log(`bare IDLE client: ${drop}`);
    if (live.idleDrops.length > 0) {
      const serverLog = (await dovecot.log())
        .split('\n')
        .filter((l) => /panic|fatal|error|disconnected/i.test(l));
      for (const line of serverLog.slice(-8)) log(`dovecot: ${line}`);
    }
    await endChild(pg.child);
    const total = args.messages + args.live;
    const probe = postgres(pgUrl, { max: 1, onnotice: () => {} });
    const [stored] = await probe<{ n: number }[]>`select count(*)::int as n from messages`.finally(() =>
      probe.end(),
    );
    if (stored?.n !== total)
      throw new Error(`PostgreSQL holds ${stored?.n} of ${total} messages after the live phase`);

    log('ingest into PGlite');
    const lite = await startPhase(
      compiled,
      { mode: 'ingest', imap, db: { kind: 'pglite', dataDir: pgliteDir }, team: TEAM },
      args.profile,
    );
    children.push(lite.child);
    await endChild(lite.child);
    if (lite.report.messages !== total)
      throw new Error(`PGlite ingest stored ${lite.report.messages} of ${total}`);

    log('digest: large agenda');
    const digest = await measureDigest(args.quick ? 100 : 300);

    log('inspect over the corpus');
    let inspectMs = 0;
    for (let i = 0; i < args.messages; i++) {
      const { raw } = corpusMessage(corpus, i);
      const t0 = performance.now();
      await extractFromRaw(raw);
      inspectMs += performance.now() - t0;
    }

    const pgRate = args.messages / pg.report.seconds;
    const liteRate = total / lite.report.seconds;
    const idleP50 = percentile(live.idleMs, 50);
    const idleP95 = percentile(live.idleMs, 95);
    const liveP50 = percentile(live.storedMs, 50);
    const liveP95 = percentile(live.storedMs, 95);
    const figures = {
      baselineMsgsPerSec: round(baselineRate, 0),
      ingestPgMsgsPerSec: round(pgRate, 0),
      ingestPgliteMsgsPerSec: round(liteRate, 0),
      ingestRatio: round(pgRate / baselineRate, 2),
      idleP95Ms: round(idleP95),
      liveP95Ms: round(liveP95),
      peakRssMB: round(pg.report.peakRssMB, 0),
      digestP50Ms: round(digest.totalP50Ms, 2),
      inspectMsgsPerSec: round(args.messages / (inspectMs / 1000), 0),
      messages: args.messages,
    };

    const cpus = os.cpus();
    // More runnable processes than cores at either end: the run shared the machine.
    const busy = Math.max(loadAtStart, os.loadavg()[0] ?? 0) > cpus.length;
    process.stdout.write(
      `\nlistscribe bench (${args.quick ? 'quick' : 'full'}): ${args.messages} messages, ${round(bytes / 1e6)} MB, seed ${args.seed}\n` +
        `machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${versions.postgres}, Dovecot ${versions.dovecot}\n` +
        `load average (1 min) at start / end: ${round(loadAtStart)} / ${round(os.loadavg()[0] ?? 0)}${busy ? ' (busy: other processes competed for the cores; wall-clock figures are low)' : ''}\n\n`,
    );
    process.stdout.write(
      `${table([
        [
          'baseline (FETCH + simpleParser)',
          `${figures.baselineMsgsPerSec} msg/s`,
          `${round(baseline.seconds)} s, peak RSS ${round(baseline.peakRssMB, 0)} MB`,
        ],
        [
          'ingest → PostgreSQL',
          `${figures.ingestPgMsgsPerSec} msg/s`,
          `${figures.ingestRatio}× baseline, ${round(pg.report.seconds)} s, ${round(pg.report.sinkSeconds ?? 0)} s of it parsing and storing`,
        ],
        [
          'CPU per message, baseline / ingest',
          `${round(cpuMs(baseline, args.messages), 2)} / ${round(cpuMs(pg.report, args.messages), 2)} ms`,
          'the measuring process only (not Dovecot, not PostgreSQL); steady when the machine is busy',
        ],
        [
          'CPU per message, all processes',
          `${cpuSplitLine(baseline, args.messages)} / ${cpuSplitLine(pg.report, args.messages)}`,
          'baseline / ingest: this process + Dovecot + PostgreSQL + the rest of the machine (kernel, others)',
        ],
        [
          'ingest → PGlite',
          `${figures.ingestPgliteMsgsPerSec} msg/s`,
          `${round(liteRate / baselineRate, 2)}× baseline, ${total} messages, ${round(lite.report.sinkSeconds ?? 0)} s in the sink, peak RSS ${round(lite.report.peakRssMB, 0)} MB`,
        ],
        [
          'peak RSS (PostgreSQL ingest)',
          `${figures.peakRssMB} MB`,
          `the ingest process's VmHWM; sampled every 10 ms ${round(pg.report.sampledPeakRssMB, 0)} MB, ${round(pg.report.startRssMB ?? 0, 0)} MB before the backlog`,
        ],
        [
          'bare IDLE notification p50/p95',
          `${round(idleP50)} / ${figures.idleP95Ms} ms`,
          `${live.idleMs.length} APPENDs, each ${LIVE_GAP_MS} ms after the last was heard of${live.idleLost ? `; ${live.idleLost} lost to a dropped connection` : ''}`,
        ],
        [
          'live APPEND → stored p50/p95',
          `${round(liveP50)} / ${figures.liveP95Ms} ms`,
          `+${round(liveP50 - idleP50)} ms over IDLE p50, +${round(liveP95 - idleP95)} ms over p95`,
        ],
        [
          'digest view+render+compose p50',
          `${figures.digestP50Ms} ms`,
          `view ${round(digest.viewP50Ms, 2)}, render ${round(digest.renderP50Ms, 2)}, compose ${round(digest.composeP50Ms, 2)} ms; 50 items, 200 actions`,
        ],
        ['inspect (extractFromRaw)', `${figures.inspectMsgsPerSec} msg/s`, 'one process, sequential'],
        [
          'APPEND (corpus set-up)',
          `${round(args.messages / appendSeconds, 0)} msg/s`,
          `${round(appendSeconds)} s`,
        ],
      ])}\n\nwall time ${round((performance.now() - startedAll) / 1000)} s\n`,
    );
    process.stdout.write(`\n${targetLines(figures, args.quick).join('\n')}\n\n`);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await dovecot.stop().catch(() => {});
    await admin.unsafe(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`).catch(() => {});
    await admin.end();
    await rm(pgliteDir, { recursive: true, force: true });
    await compiled.remove();
  }
}

const cpuMs = (report: Done, messages: number): number => (report.cpuSeconds * 1000) / messages;

/** "2.1 = 1.3 + 0.5 + 0.2 + 0.1 ms": the machine's CPU per message, split by who used it. */
function cpuSplitLine(report: Done, messages: number): string {
  const o = report.others;
  if (!o) return 'n/a';
  const ms = (s: number): number => round((s * 1000) / messages, 2);
  const rest = o.machine - report.cpuSeconds - o.dovecot - o.postgres;
  return `${ms(o.machine)} = ${ms(report.cpuSeconds)} + ${ms(o.dovecot)} + ${ms(o.postgres)} + ${ms(rest)} ms`;
}

type Figures = {
  ingestRatio: number;
  idleP95Ms: number;
  liveP95Ms: number;
  peakRssMB: number;
  digestP50Ms: number;
};

/**
 * The issue's targets beside this run's figures. Reported, not enforced: the exit code says only
 * whether everything was measured, since on a shared machine a busy neighbour moves every figure.
 */
function targetLines(f: Figures, quick: boolean): string[] {
  const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');
  return [
    // 600 messages are a few batches: the first one's start-up (connecting, the size FETCH, V8
    // compiling the hot code: most of a second of CPU) weighs about as much as the rest together.
    `target ingest >= 1.2x baseline${quick ? ' (set for 10,000 messages; the quick corpus is mostly start-up)' : ''}: ${f.ingestRatio}x, ${verdict(f.ingestRatio >= 1.2)}`,
    `target live p95 <= IDLE p95 + 50 ms: +${round(f.liveP95Ms - f.idleP95Ms)} ms, ${verdict(f.liveP95Ms <= f.idleP95Ms + 50)}`,
    `target peak RSS <= 256 MB${quick ? ' (set for 10,000 messages; this is the quick corpus)' : ''}: ${f.peakRssMB} MB, ${verdict(f.peakRssMB <= 256)}`,
    `target digest p50 <= 10 ms: ${f.digestP50Ms} ms, ${verdict(f.digestP50Ms <= 10)}`,
  ];
}

/** The first FETCH after a bulk APPEND makes Dovecot build its index cache: not the baseline's cost. */
async function warmMailbox(imap: { host: string; port: number; user: string; pass: string }): Promise<void> {
  const c = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: imap.user, pass: imap.pass },
    logger: false,
  });
  c.on('error', () => {});
  await c.connect();
  const lock = await c.getMailboxLock('INBOX');
  try {
    await c.fetchAll('1:*', { uid: true, size: true }, { uid: true });
  } finally {
    lock.release();
    await c.logout().catch(() => c.close());
  }
}

async function serverVersions(admin: postgres.Sql): Promise<{ postgres: string; dovecot: string }> {
  const [row] = await admin<{ v: string }[]>`select current_setting('server_version') as v`;
  const { spawnSync } = await import('node:child_process');
  const available = dovecotAvailable();
  const dovecot = available.ok
    ? spawnSync(available.bin, ['--version'], { encoding: 'utf8' }).stdout.trim()
    : 'unknown';
  return { postgres: `PostgreSQL ${row?.v ?? '?'}`, dovecot };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
