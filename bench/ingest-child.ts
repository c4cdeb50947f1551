/**
 * One measured phase in a process of its own, so its peak RSS is its own (the kernel's high-water
 * mark of its address space, VmHWM) and not the parent's, which generates the corpus:
 *
 * - `baseline`: imapflow fetches every message's source (`UID FETCH 1:*`) and mailparser's
 *   `simpleParser` (default options) parses it; nothing is stored.
 * - `ingest`: listscribe's real IMAP source and database sink read the same mailbox into a
 *   database until `idle()` says everything is committed. The source then stays in IDLE for the
 *   live phase until the parent sends "stop".
 *
 * Run by bench/run.ts as compiled JavaScript (see compile.ts); it talks to the parent over IPC.
 */
import { readFile } from 'node:fs/promises';
import { count } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { type DatabaseTarget, openDatabase } from '../src/db/database.js';
import { createDatabaseImapSink } from '../src/ingest/imap.sink.js';
import { createImapSource } from '../src/ingest/imap.source.js';
import type { TeamContext } from '../src/ingest/ingest.models.js';
import type { ImapSink } from '../src/ingest/source.types.js';
import { messages } from '../src/messages/messages.tables.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { type CpuSplit, since, snapshot } from './cpu.js';

export interface ChildInput {
  mode: 'baseline' | 'ingest';
  imap: { host: string; port: number; user: string; pass: string };
  db?: DatabaseTarget;
  team?: TeamContext;
  batchSize?: number;
}

export type ChildReport =
  | { type: 'ready' }
  | {
      type: 'done';
      messages: number;
      seconds: number;
      /**
       * The kernel's high-water mark of this process's own address space (VmHWM in
       * /proc/self/status). Not `process.resourceUsage().maxRSS`: Linux carries the parent's
       * high-water mark over a fork and exec into the child's maxrss, so every phase reported
       * the bench process's own peak (271 MB for both baseline and ingest in one run).
       */
      peakRssMB: number;
      sampledPeakRssMB: number;
      /**
       * CPU time of this process over the phase (user + system). Unlike the wall time it hardly
       * moves when other processes compete for the cores; it leaves out Dovecot and PostgreSQL.
       */
      cpuSeconds: number;
      /** CPU over the phase of Dovecot, PostgreSQL and the whole machine (null off Linux). */
      others: CpuSplit | null;
      /** RSS before the phase started (runtime, modules, database driver). */
      startRssMB?: number;
      /** Time spent inside the sink (parse + store + commit); the rest is IMAP and waiting. */
      sinkSeconds?: number;
      batches?: number;
    }
  | {
      /**
       * A batch committed after the backlog (the live phase): its uids and when, in milliseconds
       * since the epoch with sub-millisecond precision (performance.timeOrigin + now(), which
       * another process on the same machine can compare with its own).
       */
      type: 'committed';
      uids: number[];
      at: number;
    }
  | { type: 'error'; message: string };

const send = (report: ChildReport): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(report, undefined, {}, () => resolve());
  });

/** Sampled as well as the kernel's high-water mark: the samples show it was the backlog, not start-up. */
function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

const mb = (bytes: number): number => bytes / (1024 * 1024);

/** VmHWM of this process (Linux); where /proc is missing, the sampled peak. */
async function highWaterMarkMB(sampledBytes: number): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kb === undefined ? mb(sampledBytes) : Number(kb) / 1024;
}
const cpuOf = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6;

async function baseline(input: ChildInput): Promise<void> {
  const client = new ImapFlow({
    host: input.imap.host,
    port: input.imap.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: input.imap.user, pass: input.imap.pass },
    logger: false,
  });
  client.on('error', () => {});
  const sampler = rssSampler();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const othersStart = snapshot();
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  let parsed = 0;
  try {
    for await (const message of client.fetch('1:*', { uid: true, source: true }, { uid: true })) {
      if (!message.source) continue;
      await simpleParser(message.source);
      parsed++;
    }
  } finally {
    lock.release();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuOf(process.cpuUsage(cpuStart));
  const others = since(othersStart, snapshot());
  const sampled = sampler.stop();
  await client.logout().catch(() => client.close());
  await send({
    type: 'done',
    messages: parsed,
    seconds,
    peakRssMB: await highWaterMarkMB(sampled),
    sampledPeakRssMB: mb(sampled),
    cpuSeconds,
    others,
  });
}

async function ingest(input: ChildInput): Promise<void> {
  if (!input.db || !input.team) throw new Error('ingest needs db and team');
  const sinkTime = { ms: 0, batches: 0, live: false };
  const handle = await openDatabase(input.db);
  await handle.migrate();
  await syncTeams(handle.db, [input.team]);
  const source = createImapSource({
    options: {
      host: input.imap.host,
      port: input.imap.port,
      secure: false,
      starttls: false,
      user: input.imap.user,
      password: input.imap.pass,
      mailbox: 'INBOX',
      key: `${input.imap.user}@${input.imap.host}/INBOX`,
      // The configuration's default (25 MB) and the worker's batch size.
      maxMessageBytes: 25 * 1024 * 1024,
      batchSize: input.batchSize ?? 100,
      resyncIntervalMs: 10 * 60_000,
      backoff: { initialMs: 100, maxMs: 1_000 },
    },
    sink: timedSink(
      createDatabaseImapSink({
        db: handle.db,
        teams: [input.team],
        clock: systemClock,
        logger: silentLogger,
      }),
      sinkTime,
    ),
    logger: silentLogger,
  });
  const stopped = new Promise<void>((resolve) => {
    process.on('message', (m) => {
      if (m === 'stop') resolve();
    });
  });
  const startRssMB = mb(process.memoryUsage.rss());
  const sampler = rssSampler();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const othersStart = snapshot();
  await source.start();
  await source.idle();
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuOf(process.cpuUsage(cpuStart));
  const others = since(othersStart, snapshot());
  const sampled = sampler.stop();
  const peak = await highWaterMarkMB(sampled);
  const state = source.state();
  if (state.lastError) throw new Error(`IMAP source reported: ${state.lastError}`);
  sinkTime.live = true;
  const [row] = await handle.db.select({ n: count() }).from(messages);
  await send({
    type: 'done',
    messages: row?.n ?? 0,
    seconds,
    peakRssMB: peak,
    sampledPeakRssMB: mb(sampled),
    cpuSeconds,
    others,
    startRssMB,
    sinkSeconds: sinkTime.ms / 1000,
    batches: sinkTime.batches,
  });
  await stopped;
  await source.stop();
  await handle.close();
}

/**
 * Times the sink from the source's side (what is left of the wall time is IMAP and scheduling),
 * and once the backlog is in, tells the parent when each batch was committed: the live phase
 * learns when a message was stored without polling the database (a poll every few milliseconds
 * would load the machine whose latency it measures).
 */
function timedSink(sink: ImapSink, total: { ms: number; batches: number; live: boolean }): ImapSink {
  return {
    getCheckpoint: (mailbox) => sink.getCheckpoint(mailbox),
    async ingestBatch(batch) {
      const t0 = performance.now();
      try {
        await sink.ingestBatch(batch);
      } finally {
        total.ms += performance.now() - t0;
        total.batches++;
      }
      if (total.live) {
        const at = performance.timeOrigin + performance.now();
        void send({ type: 'committed', uids: batch.messages.map((m) => m.uid), at });
      }
    },
  };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.BENCH_CHILD_INPUT ?? '{}') as ChildInput;
  await send({ type: 'ready' });
  if (input.mode === 'baseline') await baseline(input);
  else await ingest(input);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await send({
      type: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  },
);
