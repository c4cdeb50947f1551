import { desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { mailboxCheckpoints, messages } from './messages.tables.js';

export type NewMessage = typeof messages.$inferInsert;

export function createMessagesRepository(db: Executor) {
  return {
    /** Inserts the message; null when a message with that Message-ID is already stored for the team. */
    async insertOnce(message: NewMessage): Promise<number | null> {
      const [row] = await db
        .insert(messages)
        .values(message)
        .onConflictDoNothing()
        .returning({ id: messages.id });
      return row?.id ?? null;
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
