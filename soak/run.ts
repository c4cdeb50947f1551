/**
 * `npm run soak [-- --quick] [-- --messages N --seconds S --seed N]`
 *
 * A bounded soak of the real worker (`node bin/listscribe.js run`, a child process) against a real
 * Dovecot, a real SMTP list in front of it and PostgreSQL. A seeded stream of list mail (members'
 * commands and discussion, replies quoting commands, auto-replies, bounces, a guest's commands,
 * hostile mail) is delivered into the worker's mailbox over LMTP while meeting digests fall due,
 * and faults are injected on a schedule: the IMAP connection reset, an SMTP 421 and 450, Dovecot
 * stopped and started, the worker SIGKILLed and restarted, the IMAP path going silent (and in the
 * full run a server that never answers after DATA). Then the worker is stopped with SIGTERM and
 * the database and mailboxes are checked.
 *
 * Prints a table and, last, one JSON line. Exits 1 when an invariant fails: a message without an
 * outcome, a duplicate record, records other than the stream's commands, digests delivered other
 * than expected, a worker that did not exit 0 on SIGTERM, or the time bound reached.
 * Only loopback traffic; everything it starts is stopped and removed at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { positiveIntFlag } from '../bench/args.js';
import {
  startWorker,
  type WorkerProcess,
  type WorkerSeries,
  writeWorkerConfig,
} from '../test/support/cli-worker.js';
import { dovecotAvailable, startDovecot } from '../test/support/dovecot.js';
import { ledgerClient, ledgerCounts, messagesWithoutOutcome } from '../test/support/ledger-check.js';
import { listMailbox, type SmtpFault, startMailingList } from '../test/support/mailing-list.js';
import { postgresRequirement } from '../test/support/postgres-server.js';
import { scratchDatabase } from '../test/support/scratch-postgres.js';
import { startTcpProxy } from '../test/support/tcp-proxy.js';
import { SOAK_LIST, SOAK_MEMBERS, type StreamKind, streamMessage } from './stream.js';

interface Args {
  quick: boolean;
  messages: number;
  /** How long the stream of mail lasts; faults and digests are spread over it. */
  seconds: number;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const value = (name: string, fallback: number): number => positiveIntFlag(argv, name, fallback);
  return {
    quick,
    messages: value('--messages', quick ? 300 : 3_000),
    seconds: value('--seconds', quick ? 30 : 240),
    seed: value('--seed', 20231211),
  };
}

/** After the stream: time left for retries (a 4xx waits 30 s, then 60 s) and the last checks. */
const SETTLE_MS = 150_000;
const BOT_ADDRESS = 'listscribe@example.org';

type Fault =
  | 'imap-reset'
  | 'smtp-421'
  | 'smtp-450'
  | 'smtp-no-answer-after-data'
  | 'dovecot-restart'
  | 'worker-sigkill'
  | 'imap-silent';

/** One round of faults, at fractions of a stretch of the stream. */
const ROUND: Array<[number, Fault]> = [
  [0.15, 'imap-reset'],
  [0.22, 'smtp-421'],
  [0.4, 'dovecot-restart'],
  [0.55, 'worker-sigkill'],
  [0.7, 'imap-silent'],
  [0.8, 'smtp-450'],
];

const log = (line: string): void => {
  process.stderr.write(`[soak] ${line}\n`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const available = dovecotAvailable();
  if (!available.ok) throw new Error(available.why);
  const postgres = await postgresRequirement();
  if (!postgres.ok) throw new Error(postgres.why);
  const started = Date.now();
  const rounds = args.quick ? 1 : 3;
  log(
    `${args.quick ? 'quick' : 'full'}: ${args.messages} messages over ${args.seconds} s, ${rounds} round(s) of faults, seed ${args.seed}`,
  );

  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const dovecot = await startDovecot({ spareUsers: 2 });
    cleanups.push(() => dovecot.stop());
    const bot = await dovecot.addUser();
    const member = await dovecot.addUser();
    // The bot is subscribed too: its own digests come back to it through the list, as in life.
    const list = await startMailingList({
      dovecot,
      listAddress: SOAK_LIST,
      subscribers: [
        { address: SOAK_MEMBERS[0]!.address, user: member.user },
        { address: BOT_ADDRESS, user: bot.user },
      ],
    });
    cleanups.push(() => list.close());
    const imapProxy = await startTcpProxy({ host: dovecot.host, port: dovecot.imapPort });
    cleanups.push(() => imapProxy.close());
    const db = await scratchDatabase('listscribe_soak');
    cleanups.push(() => db.drop());
    const sql = ledgerClient(db.url);
    cleanups.push(() => sql.end({ timeout: 5 }));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-soak-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));

    // Digests falling due during the stream: agendas (meeting an hour after, 1 h lead) and
    // minutes (a meeting that ended 2 h 10 min before, delay chosen to land on the offset). The
    // stream starts once the worker is reading, at the earliest after this head start.
    let streamStart = Date.now() + 15_000;
    const digestCount = args.quick ? 4 : 10;
    const series: WorkerSeries[] = Array.from({ length: digestCount }, (_, i) => {
      const dueAt = streamStart + ((i + 0.5) / digestCount) * args.seconds * 1000;
      const whole = (ms: number) => new Date(Math.ceil(ms / 1000) * 1000);
      if (i % 2 === 0)
        return { slug: `a${i}`, start: whole(dueAt + 3_600_000), agendaLeadHours: 1, minutesDelayHours: 2 };
      const start = whole(dueAt - 3 * 3_600_000);
      return {
        slug: `m${i}`,
        start,
        durationMinutes: 50,
        agendaLeadHours: 1,
        minutesDelayHours: (Math.ceil(dueAt / 1000) * 1000 - start.getTime() - 50 * 60_000) / 3_600_000,
      };
    });
    const config = await writeWorkerConfig(dir, {
      imap: { host: imapProxy.host, port: imapProxy.port, user: bot.user },
      smtp: { host: list.host, port: list.smtpPort },
      people: SOAK_MEMBERS.map((m) => ({ handle: m.handle, addresses: [m.address] })),
      series,
      resyncSeconds: 3,
      schedulerSeconds: 5,
    });
    const start = () => startWorker({ config, databaseUrl: db.url, imapPassword: bot.pass });
    let worker: WorkerProcess = start();
    cleanups.push(async () => worker.kill());
    const mailboxKey = `${bot.user}@${dovecot.host}/INBOX`;
    // Faults aimed at a worker that is still starting would hit nothing.
    await until(() => imapProxy.open > 0, 60_000, 'the worker did not connect to IMAP');
    streamStart = Math.max(streamStart, Date.now() + 1_000);

    // The stream, paced evenly; a delivery that fails (Dovecot is restarting) is tried again.
    const lmtp = nodemailer.createTransport({
      host: dovecot.host,
      port: dovecot.lmtpPort,
      lmtp: true,
      ignoreTLS: true,
    });
    cleanups.push(async () => lmtp.close());
    const expected = { agendaItems: 0, actionItems: 0, decisions: 0 };
    const kinds = new Map<StreamKind, number>();
    let deliveryRetries = 0;
    const feed = (async () => {
      await sleep(streamStart - Date.now());
      for (let i = 0; i < args.messages; i++) {
        await sleep(streamStart + (i * args.seconds * 1000) / args.messages - Date.now());
        const m = streamMessage(args.seed, i, new Date());
        kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
        expected.agendaItems += m.records.agendaItems;
        expected.actionItems += m.records.actionItems;
        expected.decisions += m.records.decisions;
        for (;;) {
          try {
            await lmtp.sendMail({
              envelope: { from: `scs-tech-bounces@lists.example.org`, to: [`${bot.user}@localhost`] },
              raw: m.raw,
            });
            break;
          } catch {
            deliveryRetries++;
            await sleep(250);
          }
        }
      }
    })();

    // The faults, on their schedule.
    const injected: Array<{ fault: Fault; atSeconds: number; hit: number }> = [];
    let leasesEnded = 0;
    /** Injects the fault; returns how many connections or processes it hit (1 for SMTP replies). */
    const hitBy = async (fault: Fault): Promise<number> => {
      const smtp = (f: SmtpFault) => {
        list.injectNext(1, f);
        return 1;
      };
      // An IMAP fault needs a connection to hit: after a restart the worker may still be connecting.
      if (fault === 'imap-reset' || fault === 'imap-silent')
        await until(() => imapProxy.open > 0, 30_000, `no IMAP connection to hit with ${fault}`);
      switch (fault) {
        case 'imap-reset':
          return imapProxy.dropAll();
        case 'imap-silent':
          return imapProxy.freeze();
        case 'smtp-421':
          return smtp({ kind: 'reply', code: 421, at: 'mail' });
        case 'smtp-450':
          return smtp({ kind: 'reply', code: 450, at: 'rcpt' });
        case 'smtp-no-answer-after-data':
          return smtp({ kind: 'stall-after-data' });
        case 'dovecot-restart':
          await dovecot.restart();
          return 1;
        case 'worker-sigkill': {
          const exit = await worker.kill();
          if (exit.signal !== 'SIGKILL')
            throw new Error(`the worker was not running when killed: ${JSON.stringify(exit)}`);
          // A claim the dead worker held blocks its digest for the 5-minute lease; the soak does
          // not wait that out (a restart after a real crash would), it ends such leases.
          leasesEnded += (
            await sql`update digests set lease_until = now() - interval '1 second' where status = 'sending' returning id`
          ).length;
          worker = start();
          return 1;
        }
      }
    };
    const inject = async (fault: Fault): Promise<void> => {
      const atSeconds = Math.round((Date.now() - streamStart) / 100) / 10;
      const hit = await hitBy(fault);
      injected.push({ fault, atSeconds, hit });
      log(`fault: ${fault} (hit ${hit})`);
    };
    const schedule: Array<[number, Fault]> = [];
    for (let r = 0; r < rounds; r++) {
      for (const [at, fault] of ROUND) schedule.push([(r + at) / rounds, fault]);
      if (!args.quick) schedule.push([(r + 0.9) / rounds, 'smtp-no-answer-after-data']);
    }
    schedule.sort((a, b) => a[0] - b[0]);
    for (const [at, fault] of schedule) {
      await sleep(streamStart + at * args.seconds * 1000 - Date.now());
      await inject(fault);
    }
    await feed;
    log(`stream delivered (${deliveryRetries} LMTP retries); waiting for the worker to settle`);

    // Settled: every digest sent, and every message in the mailbox has an outcome.
    const settleBy = Date.now() + SETTLE_MS;
    let missing: Array<{ uid: number; messageId: string | null }> = [];
    let mailbox: Awaited<ReturnType<typeof listMailbox>> = [];
    let timedOut = false;
    for (;;) {
      const counts = await ledgerCounts(sql, mailboxKey);
      if ((counts.digests.sent ?? 0) === digestCount) {
        mailbox = await listMailbox(dovecot, bot.user);
        missing = await messagesWithoutOutcome(
          sql,
          mailboxKey,
          mailbox.map((m) => ({ uid: m.uid, messageId: idOf(m.headers.get('message-id')) })),
        );
        if (missing.length === 0) break;
      }
      if (Date.now() > settleBy) {
        timedOut = true;
        mailbox = await listMailbox(dovecot, bot.user);
        missing = await messagesWithoutOutcome(
          sql,
          mailboxKey,
          mailbox.map((m) => ({ uid: m.uid, messageId: idOf(m.headers.get('message-id')) })),
        );
        break;
      }
      await sleep(2_000);
    }
    const exit = await worker.terminate();

    const counts = await ledgerCounts(sql, mailboxKey);
    const [attempts] = await sql<{ retried: number; attempts: number }[]>`
      select count(*) filter (where attempts > 1)::int as retried, coalesce(sum(attempts), 0)::int as attempts
      from digests where status <> 'pending'`;
    const memberIds = (await listMailbox(dovecot, member.user)).map((m) => idOf(m.headers.get('message-id')));
    const digestIds = new Set(memberIds.filter((id) => id?.startsWith('listscribe.')));
    const copies = list.received.filter((r) => r.outcome === 'delivered').length;
    const echoed = mailbox.filter((m) => m.headers.has('x-listscribe')).length;
    const created = {
      agendaItems: counts.agendaItems,
      actionItems: counts.actionItems,
      decisions: counts.decisions,
    };
    const recordsMatch =
      created.agendaItems === expected.agendaItems &&
      created.actionItems === expected.actionItems &&
      created.decisions === expected.decisions;

    const report = {
      mode: args.quick ? 'quick' : 'full',
      seed: args.seed,
      seconds: Math.round((Date.now() - started) / 1000),
      messagesIn: mailbox.length,
      streamMessages: args.messages,
      digestsEchoed: echoed,
      kinds: Object.fromEntries([...kinds].sort()),
      outcomesStored: counts.messages,
      byOutcome: counts.byOutcome,
      messagesWithoutOutcome: missing.length,
      recordsCreated: created,
      recordsExpected: { ...expected },
      duplicates: counts.duplicateRecords,
      digestsExpected: digestCount,
      digestsDelivered: digestIds.size,
      digestCopiesDelivered: copies,
      digestsByStatus: counts.digests,
      digestsRetried: attempts!.retried,
      digestSendAttempts: attempts!.attempts,
      imapConnections: imapProxy.accepted,
      faults: injected,
      leasesEndedAfterKill: leasesEnded,
      workerExitOnSigterm: exit,
      timedOut,
    };
    const failures = [
      missing.length > 0 &&
        `${missing.length} messages without an outcome (uids ${missing
          .slice(0, 10)
          .map((m) => m.uid)
          .join(', ')})`,
      counts.duplicateRecords > 0 && `${counts.duplicateRecords} duplicate records`,
      !recordsMatch && `records ${JSON.stringify(created)} != expected ${JSON.stringify(expected)}`,
      digestIds.size !== digestCount && `${digestIds.size} digests delivered, ${digestCount} expected`,
      copies < digestCount && `${copies} digest copies delivered`,
      (exit.code !== 0 || exit.signal !== null) && `worker exit on SIGTERM ${JSON.stringify(exit)}`,
      timedOut && `not settled within ${SETTLE_MS / 1000} s after the stream`,
      injected.some((f) => f.hit === 0) &&
        `faults that hit nothing: ${injected
          .filter((f) => f.hit === 0)
          .map((f) => f.fault)
          .join(', ')}`,
    ].filter((f): f is string => typeof f === 'string');

    const rows: string[][] = [
      [
        'messages in (mailbox)',
        `${mailbox.length} (${args.messages} stream + ${echoed} own digests back from the list)`,
      ],
      [
        'outcomes stored',
        `${counts.messages}: ${Object.entries(counts.byOutcome)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      ],
      ['messages without an outcome', `${missing.length}`],
      [
        'records created / expected',
        `agenda ${created.agendaItems}/${expected.agendaItems}, actions ${created.actionItems}/${expected.actionItems}, decisions ${created.decisions}/${expected.decisions}`,
      ],
      ['duplicates', `${counts.duplicateRecords}`],
      [
        'digests expected / delivered',
        `${digestCount} / ${digestIds.size} (${copies} copies through the list)`,
      ],
      ['digest send attempts', `${attempts!.attempts} (${attempts!.retried} digests needed a retry)`],
      ['IMAP connections opened', `${imapProxy.accepted}`],
      ['faults injected (time, hits)', injected.map((f) => `${f.fault}@${f.atSeconds}s×${f.hit}`).join(', ')],
      ['worker exit on SIGTERM', exit.signal ?? `${exit.code}`],
      ['wall time', `${report.seconds} s`],
      ['result', failures.length === 0 ? 'PASS' : `FAIL: ${failures.join('; ')}`],
    ];
    process.stdout.write(`${table(rows)}\n`);
    process.stdout.write(
      `${JSON.stringify({ soak: { ...report, pass: failures.length === 0, failures } })}\n`,
    );
    if (failures.length > 0 && exit.code !== 0) process.stderr.write(worker.log().slice(-4_000));
    return failures.length === 0 ? 0 : 1;
  } finally {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

function table(rows: string[][]): string {
  const width = Math.max(...rows.map((r) => r[0]!.length));
  const rule = `${'-'.repeat(width)}  ${'-'.repeat(40)}`;
  return [rule, ...rows.map(([k, v]) => `${k!.padEnd(width)}  ${v}`), rule].join('\n');
}

async function until(check: () => boolean, timeoutMs: number, why: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(why);
    await sleep(100);
  }
}

const idOf = (header: string | undefined): string | null => header?.trim().replace(/^<|>$/g, '') ?? null;

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`[soak] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
