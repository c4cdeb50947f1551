import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMessagesRepository, type NewMessage } from '../src/messages/messages.repository.js';
import { messages } from '../src/messages/messages.tables.js';
import { databaseKinds, freshDatabaseEach, skipReason } from './support/databases.js';

/** Every kind of value a message row holds, with the characters that break hand-made encodings. */
function row(messageId: string, overrides: Partial<NewMessage> = {}): NewMessage {
  return {
    team: 'iaas',
    messageId,
    threadId: '<root@example.org>',
    inReplyTo: null,
    subject: 'Re: [agenda] Grüße, "quotes", back\\slash, {braces}, 🙂 and a tab\there',
    authorAddress: 'friederike.zelke@example.org',
    authorName: 'Friederike Zelke',
    authorHandle: 'FriederikeZelke',
    sentAt: new Date('2023-12-11T09:15:30.123Z'),
    receivedAt: new Date('2023-12-11T09:16:00.000Z'),
    origin: `imap:list@example.org/INBOX#${messageId}`,
    size: 12_345,
    tags: ['agenda', 'with,comma', 'with "quote"', 'NULL', 'ü'],
    outcome: 'skipped',
    reason: 'auto-reply',
    detail: 'line one\nline two',
    extraction: {
      nested: { list: [1, 'two', null, { deep: true }], text: 'Ä\u2028\\' },
    } as unknown as NewMessage['extraction'],
    raw: Buffer.from([0x00, 0xff, 0x5c, 0x78, 0x0d, 0x0a, 0x27]),
    ...overrides,
  };
}

describe.each(databaseKinds)('messages repository on %s', (kind) => {
  const reason = skipReason(kind);
  const database = freshDatabaseEach(kind);

  const stored = () =>
    database()
      .db.select()
      .from(messages)
      .orderBy(asc(messages.id))
      .then((rows) => rows.map(({ id: _id, ...rest }) => rest));

  it.skipIf(reason)('insertManyOnce stores exactly what insertOnce stores, value for value', async () => {
    const repository = createMessagesRepository(database().db);
    await repository.insertOnce(row('<one@example.org>'));
    await repository.insertManyOnce([row('<two@example.org>')]);
    const [one, two] = await stored();
    expect(two).toEqual({
      ...one,
      messageId: '<two@example.org>',
      origin: 'imap:list@example.org/INBOX#<two@example.org>',
    });
    expect(two?.raw).toEqual(Buffer.from([0x00, 0xff, 0x5c, 0x78, 0x0d, 0x0a, 0x27]));
    expect(two?.sentAt?.toISOString()).toBe('2023-12-11T09:15:30.123Z');
  });

  it.skipIf(reason)(
    'fills what a row leaves out with the column defaults, as a VALUES list does',
    async () => {
      const repository = createMessagesRepository(database().db);
      const before = Date.now();
      await repository.insertManyOnce([
        {
          team: 'iaas',
          messageId: '<bare@example.org>',
          threadId: '<bare@example.org>',
          origin: 'eml:bare',
          size: 1,
          outcome: 'skipped',
        },
      ]);
      const [bare] = await stored();
      expect(bare).toMatchObject({
        subject: '',
        authorAddress: '',
        authorName: '',
        authorHandle: null,
        sentAt: null,
        tags: [],
        notes: [],
        extraction: null,
        raw: null,
        pending: null,
      });
      expect(bare!.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 60_000);
    },
  );

  it.skipIf(reason)(
    'stores the first of two rows with one key and reports only the rows it stored',
    async () => {
      const repository = createMessagesRepository(database().db);
      await repository.insertOnce(row('<old@example.org>', { subject: 'stored earlier' }));
      const inserted = await repository.insertManyOnce([
        row('<a@example.org>', { subject: 'first a' }),
        row('<old@example.org>', { subject: 'again' }),
        row('<a@example.org>', { subject: 'second a' }),
        row('<b@example.org>'),
      ]);
      expect(inserted.map(({ team, messageId }) => ({ team, messageId }))).toEqual([
        { team: 'iaas', messageId: '<a@example.org>' },
        { team: 'iaas', messageId: '<b@example.org>' },
      ]);
      expect(inserted.every((r) => Number.isInteger(r.id) && r.id > 0)).toBe(true);
      const rows = await stored();
      expect(rows.map((r) => [r.messageId, r.subject])).toEqual([
        ['<old@example.org>', 'stored earlier'],
        ['<a@example.org>', 'first a'],
        ['<b@example.org>', rows[2]!.subject],
      ]);
      expect(await repository.insertManyOnce([])).toEqual([]);
    },
  );

  it.skipIf(reason)(
    'fails as a whole on a value PostgreSQL rejects, so the caller can store one by one',
    async () => {
      const repository = createMessagesRepository(database().db);
      await expect(
        repository.insertManyOnce([
          row('<ok@example.org>'),
          row('<nul@example.org>', { detail: 'a\u0000b' }),
        ]),
      ).rejects.toThrow();
      expect(await stored()).toEqual([]);
    },
  );
});
