/**
 * Ingest under faults, against a real Dovecot and a real PostgreSQL, with the production source
 * and sink: the connection dropped in the middle of a large FETCH, Dovecot stopped and started
 * during a backlog, and an IDLE connection that went silent.
 * After each, every message has exactly one outcome, no record exists twice, and the checkpoint
 * matches what was stored.
 *
 * PostgreSQL unreachable for 30 s is tested on the worker process (faults.worker.test.ts): a
 * connection reset inside a transaction can make postgres.js throw from a timer, which only a
 * process and its supervisor can show to be harmless.
 *
 * Also part of the fault suite, elsewhere: a changed UIDVALIDITY (imap.source.test.ts, "reads the
 * whole mailbox again under the new UIDVALIDITY", and imap.ingest.db.test.ts on both databases),
 * a Dovecot restart while idle (imap.source.test.ts, "reconnects after the server dropped the
 * connection"), SIGKILL and SIGTERM of the real worker (faults.worker.test.ts), SMTP faults at the
 * scheduler (faults.digests.test.ts).
 */
import { afterAll, afterEach, beforeAll, expect, inject, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { createDatabaseImapSink } from '../src/ingest/imap.sink.js';
import { createImapSource, type ImapSource, type ImapSourceOptions } from '../src/ingest/imap.source.js';
import type { TeamContext } from '../src/ingest/ingest.models.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { skipReason } from './support/databases.js';
import { type Dovecot, type DovecotUser, describeWithDovecot, startDovecot } from './support/dovecot.js';
import { eventually, ledgerClient, ledgerCounts, type Sql } from './support/ledger-check.js';
import { type ScratchDatabase, scratchDatabase } from './support/scratch-postgres.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const team: TeamContext = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.example.org',
  address: 'listscribe@example.org',
  people: [{ handle: 'garloff', addresses: ['garloff@example.org'] }],
};

/** Message n: one action item with a text unique to n, and `padding` bytes of quoted text. */
function post(tag: string, n: number, padding = 0): string {
  const quoted: string[] = [];
  for (let size = 0; size < padding; size += 74)
    quoted.push(`> ${'lorem ipsum dolor sit amet '.repeat(2)}${n}`);
  return [
    'From: Kurt Garloff <garloff@example.org>',
    'To: scs-tech@lists.example.org',
    `Subject: Re: [scs-tech] IaaS standards v3 timeline (${n})`,
    `Message-ID: <${tag}-${n}@mail.example.org>`,
    'Date: Mon, 11 Dec 2023 10:00:00 +0100',
    'List-Id: <scs-tech.lists.example.org>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `AI @garloff: check item ${tag} ${n} before the release`,
    '',
    'On Mon, 11 Dec 2023, Felix wrote:',
    ...quoted,
    '',
  ].join('\r\n');
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describeWithDovecot('ingest survives faults (Dovecot + PostgreSQL)', () => {
  const reason = skipReason('postgres');
  let dovecot: Dovecot;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  interface Rig {
    user: DovecotUser;
    key: string;
    db: ScratchDatabase;
    sql: Sql;
    imapProxy: TcpProxy;
    source: ImapSource;
  }

  /** A source reading `user`'s INBOX through a proxy, into a scratch database. */
  async function rig(options: { user: DovecotUser; source?: Partial<ImapSourceOptions> }): Promise<Rig> {
    const db = await scratchDatabase(inject('runId'), inject('postgresTemplate'));
    cleanups.push(() => db.drop());
    const sql = ledgerClient(db.url);
    cleanups.push(() => sql.end());
    const imapProxy = await startTcpProxy({ host: dovecot.host, port: dovecot.imapPort });
    cleanups.push(() => imapProxy.close());
    const handle: DatabaseHandle = await openDatabase({ kind: 'postgres', url: db.url });
    cleanups.push(() => handle.close());
    await syncTeams(handle.db, [team]);
    const key = `${options.user.user}@${dovecot.host}/INBOX`;
    const source = createImapSource({
      options: {
        host: imapProxy.host,
        port: imapProxy.port,
        secure: false,
        starttls: false,
        user: options.user.user,
        password: options.user.pass,
        mailbox: 'INBOX',
        key,
        maxMessageBytes: 1024 * 1024,
        batchSize: 100,
        resyncIntervalMs: 60_000,
        backoff: { initialMs: 100, maxMs: 1_000 },
        ...options.source,
      },
      sink: createDatabaseImapSink({
        db: handle.db,
        teams: [team],
        clock: systemClock,
        logger: silentLogger,
      }),
      logger: silentLogger,
    });
    cleanups.push(() => source.stop());
    return { user: options.user, key, db, sql, imapProxy, source };
  }

  /** Exactly `count` messages, each with one outcome and its one action item, checkpointed to `count`. */
  async function expectComplete(r: Rig, count: number): Promise<void> {
    const counts = await ledgerCounts(r.sql, r.key);
    expect(counts).toMatchObject({
      messages: count,
      byOutcome: { recorded: count },
      actionItems: count,
      duplicateRecords: 0,
      checkpoint: { lastUid: count },
    });
  }

  it.skipIf(reason)(
    'a connection reset in the middle of a large FETCH loses nothing and stores nothing twice',
    async () => {
      const user = await dovecot.addUser();
      // 240 messages of ~24 KB: the first batch's FETCH of 100 sources is ~2.4 MB on the wire.
      await dovecot.appendMany(
        user.user,
        range(240).map((n) => post('midfetch', n, 24_000)),
      );
      const r = await rig({ user });
      r.imapProxy.whenDownstreamPasses(1_200_000, () => r.imapProxy.dropAll());
      await r.source.start();
      await r.source.idle();

      expect(r.imapProxy.accepted).toBeGreaterThanOrEqual(2);
      await expectComplete(r, 240);
    },
    60_000,
  );

  it.skipIf(reason)(
    'Dovecot stopped and started during a backlog: ingest reconnects and completes, without duplicates',
    async () => {
      const user = await dovecot.addUser();
      await dovecot.appendMany(
        user.user,
        range(300).map((n) => post('restart', n, 6_000)),
      );
      const r = await rig({ user, source: { batchSize: 50 } });
      let restarted: Promise<void> | null = null;
      // After roughly the first batch went over the wire: the process dies mid-ingest.
      r.imapProxy.whenDownstreamPasses(400_000, () => {
        restarted = dovecot.restart();
      });
      await r.source.start();
      await eventually(
        async () => restarted !== null,
        30_000,
        () => 'the restart was never triggered',
      );
      await restarted;
      // Mail that arrived while it was down, read after the reconnect.
      await dovecot.appendMany(user.user, [post('restart', 301), post('restart', 302)]);
      await r.source.idle();

      expect(r.imapProxy.accepted).toBeGreaterThanOrEqual(2);
      await expectComplete(r, 302);
    },
    60_000,
  );

  it.skipIf(reason)(
    'an IDLE connection that went silent is found dead by the periodic check and replaced',
    async () => {
      const user = await dovecot.addUser();
      await dovecot.appendMany(user.user, [post('idle', 1), post('idle', 2)]);
      const r = await rig({ user, source: { resyncIntervalMs: 1_000, checkTimeoutMs: 2_000 } });
      await r.source.start();
      await r.source.idle();
      const connectionsBefore = r.imapProxy.accepted;

      // The path goes quiet without a FIN or RST: IDLE would wait forever, and the new message's
      // EXISTS never arrives. The resync's NOOP gets no answer, the source drops the connection and
      // reads the message over a new one.
      r.imapProxy.freeze();
      await dovecot.append(user.user, post('idle', 3));
      await eventually(
        async () => (await ledgerCounts(r.sql, r.key)).messages === 3,
        30_000,
        async () =>
          JSON.stringify(await ledgerCounts(r.sql, r.key), (_k, v) => (typeof v === 'bigint' ? `${v}` : v)),
      );

      expect(r.imapProxy.accepted).toBeGreaterThan(connectionsBefore);
      expect(r.source.state()).toMatchObject({ connected: true });
      await expectComplete(r, 3);
    },
    60_000,
  );
});
