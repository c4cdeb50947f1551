import { desc, eq, getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rowsOf } from '../db/leases.js';
import { mailboxCheckpoints, messages } from './messages.tables.js';

export type NewMessage = typeof messages.$inferInsert;

export function createMessagesRepository(db: Executor) {
  return {
    /**
     * Inserts many messages with one statement whose only parameter is the rows as one JSON
     * array: PostgreSQL reads it with jsonb_populate_record, in the array's order, so of two
     * rows with the same key the first is stored and the second is a duplicate, exactly as with
     * a multi-row VALUES list. A VALUES list of 100 rows is ~2,000 parameters that the query
     * builder and the driver each handle one by one, the largest cost of a backlog's ingest
     * after MIME parsing; one JSON text is serialised natively and parsed by the server in C.
     * Returns the keys of the rows stored (the others were already there).
     */
    async insertManyOnce(
      rows: readonly NewMessage[],
    ): Promise<Array<{ id: number; team: string; messageId: string }>> {
      if (rows.length === 0) return [];
      const payload = JSON.stringify(rows.map(recordOf));
      const result = await db.execute(sql`
        insert into ${messages} (${COLUMN_LIST})
        select ${ROW_SELECT}
        from jsonb_array_elements(${payload}::jsonb) with ordinality as e(value, n)
        cross join lateral jsonb_populate_record(null::${messages}, e.value) as r
        order by e.n
        on conflict do nothing
        returning ${messages.id} as id, ${messages.team} as team, ${messages.messageId} as message_id`);
      return rowsOf<{ id: number | string; team: string; message_id: string }>(result).map((r) => ({
        id: Number(r.id),
        team: r.team,
        messageId: r.message_id,
      }));
    },

    /** Inserts the message; null when a message with that Message-ID is already stored for the team. */
    async insertOnce(message: NewMessage): Promise<number | null> {
      const [row] = await db
        .insert(messages)
        .values(message)
        .onConflictDoNothing()
        .returning({ id: messages.id });
      return row?.id ?? null;
    },

    /** A stored message whose items could not be applied: failed, with its source for a retry. */
    async markFailed(id: number, failure: { reason: string; detail: string; raw: Buffer }): Promise<void> {
      await db
        .update(messages)
        .set({ outcome: 'failed', reason: failure.reason, detail: failure.detail, raw: failure.raw })
        .where(eq(messages.id, id));
    },

    async setNotes(id: number, notes: string[]): Promise<void> {
      if (notes.length === 0) return;
      await db
        .update(messages)
        .set({ notes, detail: notes.join('; ') })
        .where(eq(messages.id, id));
    },

    async upsertCheckpoint(mailbox: string, uidValidity: bigint, lastUid: number): Promise<void> {
      await db
        .insert(mailboxCheckpoints)
        .values({ mailbox, uidValidity, lastUid, updatedAt: sql`now()` })
        .onConflictDoUpdate({
          target: mailboxCheckpoints.mailbox,
          set: { uidValidity, lastUid, updatedAt: sql`now()` },
        });
    },

    async getCheckpoint(mailbox: string): Promise<{ uidValidity: bigint; lastUid: number } | null> {
      const [row] = await db
        .select({ uidValidity: mailboxCheckpoints.uidValidity, lastUid: mailboxCheckpoints.lastUid })
        .from(mailboxCheckpoints)
        .where(eq(mailboxCheckpoints.mailbox, mailbox));
      return row ?? null;
    },

    async countsByOutcome(): Promise<Array<{ outcome: string; reason: string | null; count: number }>> {
      return db
        .select({ outcome: messages.outcome, reason: messages.reason, count: sql<number>`count(*)::int` })
        .from(messages)
        .groupBy(messages.outcome, messages.reason)
        .orderBy(messages.outcome, messages.reason);
    },

    async checkpoints() {
      return db.select().from(mailboxCheckpoints).orderBy(mailboxCheckpoints.mailbox);
    },

    async recent(outcome: 'failed' | 'needs-review', limit: number) {
      return db
        .select({
          id: messages.id,
          team: messages.team,
          messageId: messages.messageId,
          subject: messages.subject,
          author: messages.authorAddress,
          origin: messages.origin,
          reason: messages.reason,
          detail: messages.detail,
          receivedAt: messages.receivedAt,
        })
        .from(messages)
        .where(eq(messages.outcome, outcome))
        .orderBy(desc(messages.receivedAt))
        .limit(limit);
    },
  };
}

export type MessagesRepository = ReturnType<typeof createMessagesRepository>;

const COLUMNS = Object.entries(getTableColumns(messages)).filter(([, column]) => !column.generatedIdentity);

const COLUMN_LIST: SQL = sql.join(
  COLUMNS.map(([, column]) => sql.identifier(column.name)),
  sql`, `,
);

/** Each column from the row's JSON; one it leaves out takes the column's default, as in a VALUES list. */
const ROW_SELECT: SQL = sql.join(
  COLUMNS.map(([, column]) => {
    const value = sql`r.${sql.identifier(column.name)}`;
    const fallback: unknown = column.default;
    if (fallback === undefined) return value;
    return sql`coalesce(${value}, ${is(fallback, SQL) ? fallback : sql`${fallback}`})`;
  }),
  sql`, `,
);

/** A row as jsonb_populate_record reads it: column names, ISO instants, bytea as hex. */
function recordOf(row: NewMessage): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, column] of COLUMNS) {
    const value = (row as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    if (value instanceof Date) record[column.name] = value.toISOString();
    else if (Buffer.isBuffer(value)) record[column.name] = `\\x${value.toString('hex')}`;
    else record[column.name] = value;
  }
  return record;
}
