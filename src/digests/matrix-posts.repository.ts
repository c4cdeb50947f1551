import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { claimNextDue, type LeasedLedger, markMissedRows } from '../db/leases.js';
import { digests, meetings } from '../meetings/meetings.tables.js';
import { matrixPosts } from './matrix-posts.tables.js';

export type MatrixPostRow = typeof matrixPosts.$inferSelect;

const ledger: LeasedLedger = {
  table: matrixPosts,
  id: matrixPosts.id,
  status: matrixPosts.status,
  nextAttemptAt: matrixPosts.nextAttemptAt,
  usefulUntil: matrixPosts.usefulUntil,
  leaseUntil: matrixPosts.leaseUntil,
  claimedBy: matrixPosts.claimedBy,
  attempts: matrixPosts.attempts,
};

/** A claimed post with what it carries: the digest as it was mailed. */
export interface ClaimedMatrixPost extends MatrixPostRow {
  subject: string;
  text: string;
}

export function createMatrixPostsRepository(db: Executor) {
  return {
    /** Records that a mailed digest goes to a room too; a second call changes nothing. */
    async plan(row: {
      digestId: number;
      team: string;
      room: string;
      txnId: string;
      now: Date;
      usefulUntil: Date;
    }): Promise<void> {
      await db
        .insert(matrixPosts)
        .values({
          digestId: row.digestId,
          team: row.team,
          room: row.room,
          txnId: row.txnId,
          status: 'pending',
          usefulUntil: row.usefulUntil,
          nextAttemptAt: row.now,
          createdAt: row.now,
        })
        .onConflictDoNothing();
    },

    async claimDue(worker: string, now: Date, leaseMs: number): Promise<ClaimedMatrixPost | null> {
      const id = await claimNextDue(db, ledger, worker, now, leaseMs);
      if (id === null) return null;
      const [row] = await db
        .select({ post: matrixPosts, subject: digests.subject, text: digests.text })
        .from(matrixPosts)
        .innerJoin(digests, eq(digests.id, matrixPosts.digestId))
        .where(eq(matrixPosts.id, id));
      if (!row) return null;
      return { ...row.post, subject: row.subject ?? '', text: row.text ?? '' };
    },

    /** Marks a claimed post sent, if the claim is still ours. */
    async markSent(id: number, worker: string, now: Date, eventId: string): Promise<boolean> {
      const rows = await db
        .update(matrixPosts)
        .set({ status: 'sent', sentAt: now, eventId, leaseUntil: null, errorCode: null, lastError: null })
        .where(
          and(eq(matrixPosts.id, id), eq(matrixPosts.claimedBy, worker), eq(matrixPosts.status, 'sending')),
        )
        .returning({ id: matrixPosts.id });
      return rows.length > 0;
    },

    async markRetry(id: number, worker: string, nextAttemptAt: Date, code: string, error: string) {
      await db
        .update(matrixPosts)
        .set({ status: 'retry', nextAttemptAt, leaseUntil: null, errorCode: code, lastError: error })
        .where(and(eq(matrixPosts.id, id), eq(matrixPosts.claimedBy, worker)));
    },

    async markFailed(id: number, worker: string, code: string, error: string) {
      await db
        .update(matrixPosts)
        .set({ status: 'failed', leaseUntil: null, errorCode: code, lastError: error })
        .where(and(eq(matrixPosts.id, id), eq(matrixPosts.claimedBy, worker)));
    },

    markMissed: (now: Date) => markMissedRows(db, ledger, now),

    async forDigest(digestId: number): Promise<MatrixPostRow | null> {
      const [row] = await db.select().from(matrixPosts).where(eq(matrixPosts.digestId, digestId));
      return row ?? null;
    },

    async recent(limit: number) {
      return db
        .select({
          id: matrixPosts.id,
          team: matrixPosts.team,
          room: matrixPosts.room,
          kind: digests.kind,
          localDate: meetings.localDate,
          status: matrixPosts.status,
          attempts: matrixPosts.attempts,
          nextAttemptAt: matrixPosts.nextAttemptAt,
          sentAt: matrixPosts.sentAt,
          eventId: matrixPosts.eventId,
          errorCode: matrixPosts.errorCode,
          lastError: matrixPosts.lastError,
        })
        .from(matrixPosts)
        .innerJoin(digests, eq(digests.id, matrixPosts.digestId))
        .innerJoin(meetings, eq(meetings.id, digests.meetingId))
        .orderBy(desc(matrixPosts.createdAt), desc(matrixPosts.id))
        .limit(limit);
    },
  };
}
