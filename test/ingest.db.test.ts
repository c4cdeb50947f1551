import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import { importPaths } from '../src/ingest/import.usecases.js';
import type { TeamContext } from '../src/ingest/ingest.models.js';
import { type IncomingMessage, ingestMessages } from '../src/ingest/ingest.usecases.js';
import { createMessagesRepository } from '../src/messages/messages.repository.js';
import { messages } from '../src/messages/messages.tables.js';
import {
  actionItemEvents,
  actionItems,
  agendaItems,
  decisions,
  minutes,
} from '../src/records/records.tables.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { fixedClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';

const exampleInbox = path.resolve(import.meta.dirname, '../examples/inbox');

const team: TeamContext = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.example.org',
  listId: 'scs-tech.lists.example.org',
  address: 'listscribe@example.org',
  people: [
    { handle: 'fkr', addresses: ['fkr@example.org'] },
    { handle: 'garloff', addresses: ['garloff@example.org'] },
    { handle: 'FriederikeZelke', addresses: ['friederike.zelke@example.org'] },
    { handle: 'matofeder', addresses: ['matofeder@example.com'] },
    { handle: 'berendt', addresses: ['berendt@example.com'] },
  ],
};

async function exampleMessages(): Promise<IncomingMessage[]> {
  const names = (await readdir(exampleInbox)).filter((n) => n.endsWith('.eml')).sort();
  return Promise.all(
    names.map(async (name) => {
      const raw = await readFile(path.join(exampleInbox, name));
      return { raw, size: raw.length, origin: `eml:${name}` };
    }),
  );
}

function mail(headers: Record<string, string>, body: string): IncomingMessage {
  const head = Object.entries({
    From: 'Kurt Garloff <garloff@example.org>',
    To: 'scs-tech@lists.example.org',
    Date: 'Mon, 11 Dec 2023 10:00:00 +0100',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  const raw = Buffer.from(`${head}\r\n\r\n${body.replace(/\n/g, '\r\n')}`);
  return { raw, size: raw.length, origin: 'test' };
}

describe.each(databaseKinds)('ingest on %s', (kind) => {
  const reason = skipReason(kind);
  let handle: DatabaseHandle;
  const clock = fixedClock('2023-12-11T12:00:00Z');
  const deps = () => ({ db: handle.db, teams: [team], clock, logger: silentLogger });

  beforeEach(async () => {
    if (reason) return;
    handle = await freshDatabase(kind);
    await syncTeams(handle.db, [team]);
  });
  afterEach(async () => {
    if (!reason) await handle.close();
  });

  it.skipIf(reason)(
    'records the example meeting thread: agenda, action items, decisions, minutes, updates',
    async () => {
      const report = await ingestMessages(deps(), await exampleMessages());
      expect(report).toEqual({ recorded: 8, skipped: 1, failed: 0, needsReview: 0, duplicates: 0 });

      const agenda = await handle.db.select().from(agendaItems).orderBy(asc(agendaItems.id));
      // Both were topics of the minutes of 2023-12-04, so they are discussed, not carried over.
      expect(agenda.map((a) => [a.title, a.owner, a.minutes, a.status, a.discussedOn])).toEqual([
        ['Adjusted development flow / meeting structure IaaS', 'fkr', 20, 'discussed', '2023-12-04'],
        ['IaaS standards v1 have expired', 'garloff', 15, 'discussed', '2023-12-04'],
        ['SCS lab cabling status', 'FriederikeZelke', 10, 'proposed', null],
        ['Monitoring standards', 'berendt', 15, 'proposed', null],
      ]);

      const actions = await handle.db.select().from(actionItems).orderBy(asc(actionItems.number));
      expect(actions.map((a) => [`A-${a.number}`, a.owners, a.status, a.due])).toEqual([
        ['A-1', ['fkr', 'garloff'], 'done', '2023-12-11'],
        ['A-2', ['garloff'], 'open', '2024-01-15'],
        ['A-3', [], 'open', null],
      ]);
      const history = await handle.db
        .select({ status: actionItemEvents.status })
        .from(actionItemEvents)
        .where(eq(actionItemEvents.actionItemId, actions[0]!.id))
        .orderBy(asc(actionItemEvents.id));
      expect(history.map((h) => h.status)).toEqual(['open', 'done']);

      expect(await handle.db.select().from(decisions)).toHaveLength(2);
      const [stored] = await handle.db.select().from(minutes);
      expect(stored?.meetingDate).toBe('2023-12-04');
      expect(stored?.roles).toEqual({ reporter: 'berendt', minuteTaker: 'matofeder' });

      const vacation = await handle.db.select().from(messages).where(eq(messages.outcome, 'skipped'));
      expect(vacation.map((m) => m.reason)).toEqual(['auto-reply']);
    },
  );

  it.skipIf(reason)('stores the same Message-ID once and changes nothing the second time', async () => {
    const batch = await exampleMessages();
    await ingestMessages(deps(), batch);
    const again = await ingestMessages(deps(), batch);
    expect(again).toEqual({ recorded: 0, skipped: 0, failed: 0, needsReview: 0, duplicates: 9 });
    expect(await handle.db.select().from(actionItems)).toHaveLength(3);
    expect(await handle.db.select().from(messages)).toHaveLength(9);
  });

  it.skipIf(reason)(
    'of two copies of one Message-ID in a batch the first is stored, whether or not it applies items',
    async () => {
      const tagged = (id: string) =>
        mail({ 'Message-ID': id, Subject: 'Re: R6' }, 'AI @fkr: write it down\n');
      const plain = (id: string) => mail({ 'Message-ID': id, Subject: 'Re: R6' }, 'Thanks, agreed.\n');
      const chatter = (n: number) => mail({ 'Message-ID': `<c${n}@example.org>`, Subject: 'Re: R6' }, 'ok\n');
      const report = await ingestMessages(deps(), [
        chatter(1),
        tagged('<first-tagged@example.org>'),
        plain('<first-tagged@example.org>'),
        chatter(2),
        plain('<first-plain@example.org>'),
        tagged('<first-plain@example.org>'),
      ]);
      expect(report).toEqual({ recorded: 4, skipped: 0, failed: 0, needsReview: 0, duplicates: 2 });
      expect(await handle.db.select().from(actionItems)).toHaveLength(1);
      const stored = await handle.db
        .select({ messageId: messages.messageId, extraction: messages.extraction })
        .from(messages)
        .orderBy(asc(messages.messageId));
      const items = Object.fromEntries(stored.map((m) => [m.messageId, m.extraction?.items.length]));
      expect(items).toEqual({
        'c1@example.org': 0,
        'c2@example.org': 0,
        'first-plain@example.org': 0,
        'first-tagged@example.org': 1,
      });
    },
  );

  it.skipIf(reason)('stores plain messages and the ones that apply items of one batch alike', async () => {
    const batch = [
      mail({ 'Message-ID': '<p1@example.org>' }, 'Thanks.\n'),
      mail({ 'Message-ID': '<t1@example.org>' }, 'AI @fkr: first\n'),
      mail({ 'Message-ID': '<p2@example.org>' }, 'Agreed.\n'),
      mail({ 'Message-ID': '<t2@example.org>' }, 'A-1 done\n'),
    ];
    const report = await ingestMessages(deps(), batch);
    expect(report).toEqual({ recorded: 4, skipped: 0, failed: 0, needsReview: 0, duplicates: 0 });
    const [item] = await handle.db.select().from(actionItems);
    expect(item).toMatchObject({ number: 1, text: 'first', status: 'done' });
  });

  it.skipIf(reason)(
    'stores a message whose items cannot be applied as failed, with its source, and goes on',
    async () => {
      // A team that was never written to the database: its action items have no counter row.
      const ghost = { ...team, slug: 'ghost' };
      const report = await ingestMessages({ ...deps(), teams: [ghost] }, [
        mail({ 'Message-ID': '<before@example.org>' }, 'Agreed.\n'),
        mail({ 'Message-ID': '<breaks@example.org>' }, 'AI @fkr: write it down\n'),
        mail({ 'Message-ID': '<after@example.org>' }, 'Thanks.\n'),
      ]);
      expect(report).toEqual({ recorded: 2, skipped: 0, failed: 1, needsReview: 0, duplicates: 0 });
      const rows = await handle.db.select().from(messages).orderBy(asc(messages.id));
      expect(rows.map((r) => [r.messageId, r.outcome])).toEqual([
        ['before@example.org', 'recorded'],
        ['breaks@example.org', 'failed'],
        ['after@example.org', 'recorded'],
      ]);
      expect(rows[1]!.detail).toContain('team ghost is not in the database');
      expect(rows[1]!.raw?.toString()).toContain('AI @fkr: write it down');
      expect(rows[0]!.raw).toBeNull();
      expect(await handle.db.select().from(actionItems)).toHaveLength(0);
    },
  );

  it.skipIf(reason)(
    'stores a batch again when one write breaks: the others apply their items once, the checkpoint commits',
    async () => {
      // The batch is first stored without savepoints; the ghost team's action item breaks that
      // transaction, so everything is written again message by message in savepoints.
      const ghost = {
        ...team,
        slug: 'ghost',
        list: 'ghost@lists.example.org',
        listId: 'ghost.lists.example.org',
      };
      const batch = [
        mail({ 'Message-ID': '<a1@example.org>' }, 'AI @fkr: book the room\n'),
        mail({ 'Message-ID': '<g1@example.org>', To: ghost.list }, 'AI @fkr: haunt the room\n'),
        mail({ 'Message-ID': '<d1@example.org>' }, '[decision] We meet on Mondays.\n'),
      ];
      const checkpoint = { mailbox: 'bot@imap/INBOX', uidValidity: 9n, lastUid: 3 };
      const report = await ingestMessages({ ...deps(), teams: [team, ghost] }, batch, checkpoint);
      expect(report).toEqual({ recorded: 2, skipped: 0, failed: 1, needsReview: 0, duplicates: 0 });
      const rows = await handle.db.select().from(messages).orderBy(asc(messages.id));
      expect(rows.map((r) => [r.messageId, r.outcome])).toEqual([
        ['a1@example.org', 'recorded'],
        ['g1@example.org', 'failed'],
        ['d1@example.org', 'recorded'],
      ]);
      const actions = await handle.db.select().from(actionItems);
      expect(actions.map((a) => [a.team, a.number, a.text])).toEqual([['iaas', 1, 'book the room']]);
      expect(await handle.db.select().from(decisions)).toHaveLength(1);
      expect(await createMessagesRepository(handle.db).getCheckpoint(checkpoint.mailbox)).toEqual({
        uidValidity: 9n,
        lastUid: 3,
      });
    },
  );

  it.skipIf(reason)('keeps a note on the message when an update names an unknown action id', async () => {
    await ingestMessages(deps(), [
      mail({ 'Message-ID': '<u1@example.org>', Subject: '[action] A-99 done' }, 'done.\n'),
    ]);
    const [row] = await handle.db.select().from(messages);
    expect(row?.outcome).toBe('recorded');
    expect(row?.notes).toEqual(['A-99: no such action item']);
  });

  it.skipIf(reason)("stores a non-member's agenda item for review instead of filing it", async () => {
    const report = await ingestMessages(deps(), [
      mail(
        {
          From: 'Mallory <mallory@evil.example>',
          'Message-ID': '<m1@evil.example>',
          Subject: '[agenda] Buy our product (30 min)',
        },
        'Hi\n',
      ),
    ]);
    expect(report.needsReview).toBe(1);
    expect(await handle.db.select().from(agendaItems)).toHaveLength(0);
    const [row] = await handle.db.select().from(messages);
    expect(row?.reason).toBe('not-a-member');
  });

  it.skipIf(reason)(
    'gives a message without Message-ID a stable id from its bytes, so it is stored once',
    async () => {
      const message = mail({ Subject: 'Re: lunch' }, 'no id here\n');
      await ingestMessages(deps(), [message]);
      const again = await ingestMessages(deps(), [message]);
      expect(again.duplicates).toBe(1);
      const [row] = await handle.db.select().from(messages);
      expect(row?.messageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    },
  );

  it.skipIf(reason)('stores a message too large to download as skipped, without its body', async () => {
    const report = await ingestMessages(deps(), [{ raw: null, size: 60_000_000, origin: 'imap:box#7' }]);
    expect(report.skipped).toBe(1);
    const [row] = await handle.db.select().from(messages);
    expect([row?.outcome, row?.reason]).toEqual(['skipped', 'too-large']);
  });

  it.skipIf(reason)('commits the IMAP checkpoint with the records of the batch', async () => {
    const repo = createMessagesRepository(handle.db);
    await ingestMessages(deps(), await exampleMessages(), {
      mailbox: 'bot@imap/INBOX',
      uidValidity: 77n,
      lastUid: 6,
    });
    expect(await repo.getCheckpoint('bot@imap/INBOX')).toEqual({ uidValidity: 77n, lastUid: 6 });
  });

  it.skipIf(reason)(
    'imports an mbox archive, unescaping ">From " lines, and a second import adds nothing',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-mbox-'));
      const file = path.join(dir, 'archive.mbox');
      const entries = (await exampleMessages()).map(
        (m, i) =>
          `From sender@example.org Mon Dec  4 1${i}:00:00 2023\n${m.raw!.toString('utf8').replace(/\r\n/g, '\n')}\n>From the archive: an escaped line\n`,
      );
      await writeFile(file, entries.join('\n'));
      const importDeps = { ...deps(), batchSize: 4, maxMessageBytes: 1_000_000 };
      const first = await importPaths(importDeps, [file]);
      expect(first).toMatchObject({ recorded: 8, skipped: 1, failed: 0 });
      const second = await importPaths(importDeps, [file]);
      expect(second.duplicates).toBe(9);
      const [row] = await handle.db
        .select({ extraction: messages.extraction })
        .from(messages)
        .where(eq(messages.messageId, '20231130091203.GA4711@fkr.example.org'));
      expect(row?.extraction?.reply).toContain('From the archive: an escaped line');
      expect(row?.extraction?.reply).not.toContain('>From the archive');
    },
  );
});
