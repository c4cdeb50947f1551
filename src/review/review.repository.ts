import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { messages } from '../messages/messages.tables.js';

/** Queries of `listscribe review`: held messages, locked one at a time while an operator decides. */
export function createReviewRepository(db: Executor) {
  return {
    async held(options: { team?: string | undefined; limit: number }) {
      return db
        .select({
          id: messages.id,
          team: messages.team,
          messageId: messages.messageId,
          subject: messages.subject,
          author: messages.authorAddress,
          authorName: messages.authorName,
          reason: messages.reason,
          detail: messages.detail,
          sentAt: messages.sentAt,
          receivedAt: messages.receivedAt,
          extraction: messages.extraction,
        })
        .from(messages)
        .where(
          and(
            eq(messages.outcome, 'needs-review'),
            options.team === undefined ? undefined : eq(messages.team, options.team),
          ),
        )
        .orderBy(desc(messages.receivedAt), desc(messages.id))
        .limit(options.limit);
    },

    /**
     * The message, locked until the transaction ends: two operators approving the same
     * message at once apply it once (the second waits, then finds it approved).
     */
    async lock(id: number) {
      const [row] = await db
        .select({
          id: messages.id,
          team: messages.team,
          messageId: messages.messageId,
          threadId: messages.threadId,
          subject: messages.subject,
          authorAddress: messages.authorAddress,
          authorName: messages.authorName,
          outcome: messages.outcome,
          reason: messages.reason,
          detail: messages.detail,
          reviewedBy: messages.reviewedBy,
          reviewedAt: messages.reviewedAt,
          extraction: messages.extraction,
          pending: messages.pending,
          sentAt: messages.sentAt,
          receivedAt: messages.receivedAt,
        })
        .from(messages)
        .where(eq(messages.id, id))
        .for('update');
      return row ?? null;
    },

    async markApproved(id: number, by: string, at: Date, notes: string[]): Promise<void> {
      await db
        .update(messages)
        .set({
          outcome: 'recorded',
          reason: 'approved',
          reviewedBy: by,
          reviewedAt: at,
          notes,
          // What it was held for stays readable next to who let it through.
          detail: sql`coalesce(${messages.detail}, '') || ${notes.length ? `; ${notes.join('; ')}` : ''}`,
          pending: null,
        })
        .where(eq(messages.id, id));
    },

    async markRejected(id: number, by: string, at: Date, detail: string): Promise<void> {
      await db
        .update(messages)
        .set({ outcome: 'skipped', reason: 'rejected', reviewedBy: by, reviewedAt: at, detail })
        .where(eq(messages.id, id));
    },
  };
}
