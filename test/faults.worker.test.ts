/**
 * The real worker (`node bin/listscribe.js run`) killed with SIGKILL at every step of ingest and
 * of sending, then started again; and stopped with SIGTERM in the middle of a backlog. It reads a
 * real Dovecot mailbox, keeps its records in PostgreSQL (the production database: the embedded
 * PGlite is not crash-safe, see the README) and sends through a real SMTP list.
 *
 * After the restart, every message has exactly one outcome, no record exists twice, the checkpoint
 * equals what was stored, and the agenda digest was delivered once — or, when the worker died
 * between the SMTP server's 250 and marking it sent, twice under the same Message-ID, which is what
 * the ledger promises (a list and mail clients drop the second copy).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, inject, it } from 'vitest';
import { FAULT_POINTS, type FaultPoint } from '../src/shared/fault-points.js';
import { startWorker, type WorkerExit, type WorkerProcess, writeWorkerConfig } from './support/cli-worker.js';
import { skipReason } from './support/databases.js';
import { type Dovecot, type DovecotUser, describeWithDovecot, startDovecot } from './support/dovecot.js';
import { eventually, ledgerClient, ledgerCounts, type Sql } from './support/ledger-check.js';
import { type MailingList, startMailingList } from './support/mailing-list.js';
import { type ScratchDatabase, scratchDatabase } from './support/scratch-postgres.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/** The worker's IMAP batch size (src/ingest/worker.ts): the backlog spans several batches. */
const BATCH = 100;

/**
 * PostgreSQL unreachable this long. 30 s is the outage the issue names; the test costs about a
 * minute (other files run on the second vitest worker meanwhile).
 */
const OUTAGE_MS = Number(process.env.LISTSCRIBE_FAULT_OUTAGE_MS ?? 30_000);

function post(n: number): string {
  return [
    'From: Kurt Garloff <garloff@example.org>',
    'To: scs-tech@lists.example.org',
    `Subject: Re: [scs-tech] Lab status (${n})`,
    `Message-ID: <worker-${n}@mail.example.org>`,
    'Date: Mon, 11 Dec 2023 10:00:00 +0100',
    'List-Id: <scs-tech.lists.example.org>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `AI @garloff: follow up on lab item ${n}`,
    '',
  ].join('\r\n');
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describeWithDovecot('the worker process under SIGKILL and SIGTERM', () => {
  const reason = skipReason('postgres');
  let dovecot: Dovecot;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  interface Rig {
    bot: DovecotUser;
    key: string;
    db: ScratchDatabase;
    sql: Sql;
    list: MailingList;
    agendaId: string;
    /** Between the worker and PostgreSQL, when asked for. */
    dbProxy: TcpProxy | null;
    start(faultPoint?: FaultPoint): WorkerProcess;
  }

  /** A mailbox holding `messages` posts, a database, a list with one member, one agenda due now. */
  async function rig(messages: number, options: { dbProxy?: boolean } = {}): Promise<Rig> {
    const bot = await dovecot.addUser();
    const member = await dovecot.addUser();
    if (messages > 0)
      await dovecot.appendMany(
        bot.user,
        range(messages).map((n) => post(n)),
      );
    const db = await scratchDatabase(inject('runId'), inject('postgresTemplate'));
    cleanups.push(() => db.drop());
    const sql = ledgerClient(db.url);
    cleanups.push(() => sql.end());
    let dbProxy: TcpProxy | null = null;
    if (options.dbProxy) {
      const target = new URL(db.url);
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      cleanups.push(() => proxy.close());
      dbProxy = proxy;
    }
    const databaseUrl = dbProxy ? db.urlVia(dbProxy.host, dbProxy.port) : db.url;
    const list = await startMailingList({
      dovecot,
      listAddress: 'scs-tech@lists.example.org',
      subscribers: [{ address: 'garloff@example.org', user: member.user }],
    });
    cleanups.push(() => list.close());
    const dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-worker-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // A meeting an hour from now, at a whole second: its agenda (24 h lead) is due at once.
    const start = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
    const config = await writeWorkerConfig(dir, {
      imap: { host: dovecot.host, port: dovecot.imapPort, user: bot.user },
      smtp: { host: list.host, port: list.smtpPort },
      people: [{ handle: 'garloff', addresses: ['garloff@example.org'] }],
      series: [{ slug: 'weekly', start, agendaLeadHours: 24, minutesDelayHours: 2 }],
    });
    const running: WorkerProcess[] = [];
    cleanups.push(async () => {
      for (const w of running) await w.kill();
    });
    return {
      bot,
      key: `${bot.user}@${dovecot.host}/INBOX`,
      db,
      sql,
      list,
      agendaId: `listscribe.agenda.iaas.weekly.${start.toISOString().slice(0, 10)}@example.org`,
      dbProxy,
      start(faultPoint) {
        const worker = startWorker({ config, databaseUrl, imapPassword: bot.pass, faultPoint });
        running.push(worker);
        return worker;
      },
    };
  }

  const delivered = (r: Rig) =>
    r.list.received
      .filter((m) => m.outcome === 'delivered')
      .map((m) => /^Message-ID: <(.*)>$/im.exec(m.raw.toString())?.[1]);

  const describeState = async (r: Rig, worker: WorkerProcess) =>
    `${JSON.stringify(await ledgerCounts(r.sql, r.key), (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}\n${worker.log().slice(-3_000)}`;

  async function waitForEverything(r: Rig, worker: WorkerProcess, messages: number): Promise<void> {
    await eventually(
      async () => {
        const counts = await ledgerCounts(r.sql, r.key);
        return counts.messages === messages && counts.digests.sent === 1;
      },
      120_000,
      () => describeState(r, worker),
    );
  }

  it.skipIf(reason).each(FAULT_POINTS.map((point) => ({ point })))(
    'SIGKILL at $point, then a restart: one outcome per message, no duplicate record, the digest delivered once',
    async ({ point }) => {
      const messages = BATCH + 30;
      const r = await rig(messages);

      const doomed = r.start(point);
      const death = await doomed.exited;
      expect(death, doomed.log().slice(-3_000)).toEqual({ code: null, signal: 'SIGKILL' });
      const atDeath = await ledgerCounts(r.sql, r.key);
      const [row] = await r.sql<
        { status: string }[]
      >`select status from digests where message_id = ${r.agendaId}`;
      const diedWhileSending = row?.status === 'sending';
      if (point === 'ingest:after-fetch' || point === 'ingest:after-insert') {
        expect(atDeath.checkpoint).toBeNull();
        expect(atDeath.messages).toBe(0);
      }
      if (point === 'ingest:after-commit') {
        expect(atDeath.checkpoint?.lastUid).toBe(BATCH);
        expect(atDeath.messages).toBe(BATCH);
      }
      if (point.startsWith('send:'))
        expect(row?.status).toBe(point === 'send:after-mark' ? 'sent' : 'sending');
      // The claim of a worker that died keeps the digest for the lease (5 min) before another may
      // send it. Waiting that out would only cost time: the lease is ended here instead.
      await r.sql`update digests set lease_until = now() - interval '1 second' where status = 'sending'`;

      const survivor = r.start();
      await waitForEverything(r, survivor, messages);
      expect(await survivor.terminate(), survivor.log().slice(-3_000)).toEqual({ code: 0, signal: null });

      const counts = await ledgerCounts(r.sql, r.key);
      expect(counts).toMatchObject({
        messages,
        byOutcome: { recorded: messages },
        actionItems: messages,
        duplicateRecords: 0,
        checkpoint: { lastUid: messages },
        digests: { sent: 1 },
      });
      const copies = delivered(r);
      expect(new Set(copies)).toEqual(new Set([r.agendaId]));
      // Killed between the 250 and the mark (on purpose, or by chance while ingest was the target):
      // the one resend, same Message-ID. Otherwise exactly one copy.
      const allowed =
        point === 'send:after-send' ? [2] : diedWhileSending && point.startsWith('ingest:') ? [1, 2] : [1];
      expect(allowed).toContain(copies.length);
    },
    240_000,
  );

  it.skipIf(reason)(
    'SIGTERM in the middle of a backlog: the batch in flight is committed, the process exits 0, a restart finishes',
    async () => {
      const messages = 4 * BATCH;
      const r = await rig(messages);
      const worker = r.start();
      await eventually(
        async () => (await ledgerCounts(r.sql, r.key)).messages > 0,
        120_000,
        () => describeState(r, worker),
      );

      const exit = await worker.terminate();
      expect(exit, worker.log().slice(-3_000)).toEqual({ code: 0, signal: null });
      expect(worker.log()).toContain('stopping: finishing work in flight');
      const stopped = await ledgerCounts(r.sql, r.key);
      // Whole batches only, each with its records, and the checkpoint exactly where they end.
      expect(stopped.messages % BATCH === 0 || stopped.messages === messages).toBe(true);
      expect(stopped.checkpoint?.lastUid).toBe(stopped.messages);
      expect(stopped.actionItems).toBe(stopped.messages);

      const again = r.start();
      await waitForEverything(r, again, messages);
      expect(await again.terminate()).toEqual({ code: 0, signal: null });
      expect(await ledgerCounts(r.sql, r.key)).toMatchObject({
        messages,
        actionItems: messages,
        duplicateRecords: 0,
        checkpoint: { lastUid: messages },
      });
      expect(delivered(r)).toEqual([r.agendaId]);
    },
    240_000,
  );

  it.skipIf(reason)(
    `PostgreSQL unreachable for ${OUTAGE_MS / 1000} s: ingest backs off and resumes, and never checkpoints a message without its records`,
    async () => {
      const messages = 3 * BATCH;
      const r = await rig(messages, { dbProxy: true });
      const dbProxy = r.dbProxy!;
      // The test is the worker's supervisor (systemd, Docker): a worker that exits is started
      // again after a pause. Every such exit is kept and checked below.
      const exits: Array<{ exit: WorkerExit; log: string }> = [];
      let worker = r.start();
      let supervising = true;
      const supervisor = (async () => {
        while (supervising) {
          const exit = await worker.exited;
          if (!supervising) return;
          exits.push({ exit, log: worker.log().slice(-2_000) });
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          if (supervising) worker = r.start();
        }
      })();

      await eventually(
        async () => (await ledgerCounts(r.sql, r.key)).messages >= BATCH,
        120_000,
        () => describeState(r, worker),
      );
      dbProxy.cut();
      const atCut = await ledgerCounts(r.sql, r.key);
      const outageEnds = Date.now() + OUTAGE_MS;
      // Mail keeps arriving during the outage. Whatever the database holds stays consistent: the
      // checkpoint is exactly the highest uid stored, and every stored message has its record.
      await dovecot.appendMany(
        r.bot.user,
        range(20).map((n) => post(messages + n)),
      );
      while (Date.now() < outageEnds) {
        const during = await ledgerCounts(r.sql, r.key);
        expect(during.messages).toBe(atCut.messages);
        expect(during.checkpoint?.lastUid).toBe(during.messages);
        expect(during.actionItems).toBe(during.messages);
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(2_000, Math.max(0, outageEnds - Date.now()))),
        );
      }
      dbProxy.restore();

      await eventually(
        async () => {
          const counts = await ledgerCounts(r.sql, r.key);
          return counts.messages === messages + 20 && counts.digests.sent === 1;
        },
        120_000,
        () => describeState(r, worker),
      );
      supervising = false;
      const last = await worker.terminate();
      await supervisor;
      expect(last, worker.log().slice(-3_000)).toEqual({ code: 0, signal: null });
      expect(await ledgerCounts(r.sql, r.key)).toMatchObject({
        messages: messages + 20,
        byOutcome: { recorded: messages + 20 },
        actionItems: messages + 20,
        duplicateRecords: 0,
        checkpoint: { lastUid: messages + 20 },
      });
      expect(delivered(r)).toEqual([r.agendaId]);
      // A worker may only have exited for one of two reasons. A worker started during the outage
      // stops at start-up, saying it cannot reach the database. And postgres.js 3.4.9 throws from a
      // timer when a connection inside a transaction is reset (porsager/postgres#1154, #1208; no
      // release fixes it yet): the process dies, which the SIGKILL tests above show is safe, and
      // the supervisor starts it again. Anything else is a bug of ours.
      for (const { exit, log } of exits) {
        expect(exit.code, log).toBe(1);
        expect(log).toMatch(
          /ECONNRESET|ECONNREFUSED|CONNECTION_CLOSED|Cannot read properties of null \(reading 'write'\)/,
        );
      }
    },
    OUTAGE_MS + 300_000,
  );
});
