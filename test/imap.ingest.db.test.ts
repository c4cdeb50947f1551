import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import { createDatabaseImapSink } from '../src/ingest/imap.sink.js';
import { createImapSource, type ImapSource } from '../src/ingest/imap.source.js';
import type { TeamContext } from '../src/ingest/ingest.models.js';
import { createMessagesRepository } from '../src/messages/messages.repository.js';
import { messages } from '../src/messages/messages.tables.js';
import { actionItems } from '../src/records/records.tables.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';
import { type Dovecot, describeWithDovecot, startDovecot } from './support/dovecot.js';

const team: TeamContext = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.example.org',
  address: 'listscribe@example.org',
  people: [{ handle: 'garloff', addresses: ['garloff@example.org'] }],
};

function post(n: number, body = `Plain discussion, part ${n}.`): string {
  return [
    'From: Kurt Garloff <garloff@example.org>',
    'To: scs-tech@lists.example.org',
    `Subject: Re: [scs-tech] IaaS standards v3 timeline (${n})`,
    `Message-ID: <post-${n}@mail.example.org>`,
    'Date: Mon, 11 Dec 2023 10:00:00 +0100',
    'List-Id: <scs-tech.lists.example.org>',
    'Precedence: list',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - started;
}

describeWithDovecot('IMAP into the database', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  describe.each(databaseKinds)('on %s', (kind) => {
    const reason = skipReason(kind);
    let handle: DatabaseHandle;
    const sources: ImapSource[] = [];

    afterEach(async () => {
      await Promise.all(sources.splice(0).map((s) => s.stop()));
      if (!reason) await handle.close();
    });

    async function start(user: { user: string; pass: string }): Promise<ImapSource> {
      const source = createImapSource({
        options: {
          host: dovecot.host,
          port: dovecot.imapPort,
          secure: false,
          starttls: false,
          user: user.user,
          password: user.pass,
          mailbox: 'INBOX',
          key: `${user.user}@${dovecot.host}/INBOX`,
          maxMessageBytes: 1024 * 1024,
          batchSize: 20,
          resyncIntervalMs: 60_000,
          backoff: { initialMs: 50, maxMs: 400 },
        },
        sink: createDatabaseImapSink({
          db: handle.db,
          teams: [team],
          clock: systemClock,
          logger: silentLogger,
        }),
        logger: silentLogger,
      });
      sources.push(source);
      await source.start();
      return source;
    }

    const stored = async (): Promise<number> => (await handle.db.select({ n: count() }).from(messages))[0]!.n;

    it.skipIf(reason)(
      'records new mail over IDLE, resumes after a restart and re-reads a new UIDVALIDITY without duplicates',
      async () => {
        handle = await freshDatabase(kind);
        await syncTeams(handle.db, [team]);
        const user = await dovecot.addUser();
        await dovecot.appendMany(
          user.user,
          [1, 2, 3, 4, 5].map((n) => post(n)),
        );

        const first = await start(user);
        await first.idle();
        expect(await stored()).toBe(5);

        // Arrival over IDLE: recorded within a second or so of the APPEND.
        await dovecot.append(user.user, post(6, 'AI @garloff: announce the v2 extension'));
        const elapsed = await waitUntil(async () => (await stored()) === 6, 3_000);
        expect(elapsed).toBeLessThan(3_000);
        expect(await handle.db.select().from(actionItems)).toHaveLength(1);

        // Restart: the new source starts from the committed checkpoint.
        await first.stop();
        sources.splice(0);
        await dovecot.append(user.user, post(7));
        const second = await start(user);
        await second.idle();
        expect(await stored()).toBe(7);
        const key = `${user.user}@${dovecot.host}/INBOX`;
        const checkpoint = await createMessagesRepository(handle.db).getCheckpoint(key);
        expect(checkpoint?.lastUid).toBe(7);

        // A new UIDVALIDITY: everything is read again, and Message-ID keys keep it to one copy each.
        await second.stop();
        sources.splice(0);
        const uidValidity = await dovecot.resetUidValidity(user.user);
        const third = await start(user);
        await third.idle();
        expect((await createMessagesRepository(handle.db).getCheckpoint(key))?.uidValidity).toBe(uidValidity);
        expect(await stored()).toBe(7);
        expect(await handle.db.select().from(actionItems)).toHaveLength(1);
        const recorded = await handle.db
          .select({ n: count() })
          .from(messages)
          .where(eq(messages.outcome, 'recorded'));
        expect(recorded[0]!.n).toBe(7);
      },
      30_000,
    );
  });
});
