import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMessagesRepository } from '../src/messages/messages.repository.js';
import { createRecordsRepository, type RecordSource } from '../src/records/records.repository.js';
import { actionItemEvents, actionItems } from '../src/records/records.tables.js';
import { databaseKinds, freshDatabaseEach, skipReason } from './support/databases.js';
import { exampleTeam } from './support/example-team.js';

describe.each(databaseKinds)('action items on %s', (kind) => {
  const reason = skipReason(kind);
  const database = freshDatabaseEach(kind, [exampleTeam]);

  /** A stored message to hang records on (every record names the message it came from). */
  async function from(n: number, slug = 'iaas'): Promise<RecordSource> {
    const id = await createMessagesRepository(database().db).insertOnce({
      team: 'iaas',
      messageId: `<m${n}@example.org>`,
      threadId: '<root@example.org>',
      origin: `eml:${n}`,
      size: 1,
      outcome: 'recorded',
    });
    return {
      team: slug,
      messageRowId: id!,
      threadId: '<root@example.org>',
      at: new Date(Date.UTC(2023, 11, n)),
    };
  }

  const action = (text: string, owners: string[], due: string | null = null) => ({
    kind: 'action' as const,
    text,
    owners,
    due,
  });

  it.skipIf(reason)('numbers new items per team and knows an item written down twice', async () => {
    const records = createRecordsRepository(database().db);
    expect(await records.addActionItem(action('write down the outcomes', ['fkr']), await from(1))).toEqual({
      ref: 'A-1',
      note: null,
    });
    expect(
      await records.addActionItem(
        action('Ask the provider', ['garloff', 'fkr'], '2023-12-18'),
        await from(2),
      ),
    ).toEqual({
      ref: 'A-2',
      note: null,
    });
    // Same text in other case, same owners: the same item; other owners: a new one.
    expect(await records.addActionItem(action('Write Down The Outcomes', ['fkr']), await from(3))).toEqual({
      ref: 'A-1',
      note: 'action item already recorded as A-1',
    });
    expect(
      (await records.addActionItem(action('write down the outcomes', ['berendt']), await from(4))).ref,
    ).toBe('A-3');

    const rows = await database().db.select().from(actionItems).orderBy(asc(actionItems.number));
    expect(rows.map((r) => [r.number, r.text, r.owners, r.due, r.status])).toEqual([
      [1, 'write down the outcomes', ['fkr'], null, 'open'],
      [2, 'Ask the provider', ['garloff', 'fkr'], '2023-12-18', 'open'],
      [3, 'write down the outcomes', ['berendt'], null, 'open'],
    ]);
    expect(rows[1]!.createdAt.toISOString()).toBe('2023-12-02T00:00:00.000Z');
    const events = await database().db.select().from(actionItemEvents).orderBy(asc(actionItemEvents.id));
    expect(events.map((e) => [e.actionItemId, e.status])).toEqual(rows.map((r) => [r.id, 'open']));
  });

  it.skipIf(reason)(
    'changes a status once, says why when nothing changes, and records each change',
    async () => {
      const records = createRecordsRepository(database().db);
      await records.addActionItem(action('review the PR', ['fkr']), await from(1));
      const update = (status: 'open' | 'done' | 'dropped', ref = 'A-1') => ({
        kind: 'action-update' as const,
        ref,
        status,
        note: null,
      });
      expect(await records.updateActionItem(update('done'), await from(2))).toBeNull();
      expect(await records.updateActionItem(update('done'), await from(3))).toBe('A-1 is already done');
      expect(await records.updateActionItem(update('open'), await from(4))).toBeNull();
      expect(await records.updateActionItem(update('done', 'A-7'), await from(5))).toBe(
        'A-7: no such action item',
      );

      const [item] = await database().db.select().from(actionItems);
      expect(item).toMatchObject({ status: 'open' });
      expect(item!.updatedAt.toISOString()).toBe('2023-12-04T00:00:00.000Z');
      const events = await database()
        .db.select({ status: actionItemEvents.status })
        .from(actionItemEvents)
        .where(eq(actionItemEvents.actionItemId, item!.id))
        .orderBy(asc(actionItemEvents.id));
      expect(events.map((e) => e.status)).toEqual(['open', 'done', 'open']);
    },
  );

  it.skipIf(reason)('refuses an item for a team that is not in the database', async () => {
    const records = createRecordsRepository(database().db);
    await expect(records.addActionItem(action('x', ['fkr']), await from(1, 'nope'))).rejects.toThrow(
      /team nope is not in the database/,
    );
  });
});
