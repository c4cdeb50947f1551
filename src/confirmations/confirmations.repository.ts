import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { claimNextDue, type LeasedLedger, markMissedRows } from '../db/leases.js';
import type { ConfirmationKind } from './confirmations.models.js';
import { confirmationQuota, confirmations } from './confirmations.tables.js';

export type ConfirmationRow = typeof confirmations.$inferSelect;

const ledger: LeasedLedger = {
  table: confirmations,
  id: confirmations.id,
  status: confirmations.status,
  nextAttemptAt: confirmations.nextAttemptAt,
  usefulUntil: confirmations.usefulUntil,
  leaseUntil: confirmations.leaseUntil,
  claimedBy: confirmations.claimedBy,
  attempts: confirmations.attempts,
};

export function createConfirmationsRepository(db: Executor) {
  return {
    /**
     * Takes today's quota for these kinds where it is still free and returns the kinds
     * taken: the primary key decides, so two replicas storing two messages of the same
     * sender at once cannot both confirm the same kind.
     */
    async takeQuota(key: {
      team: string;
      recipient: string;
      day: string;
      kinds: readonly ConfirmationKind[];
      messageRowId: number;
    }): Promise<ConfirmationKind[]> {
      if (key.kinds.length === 0) return [];
      const rows = await db
        .insert(confirmationQuota)
        .values(
          key.kinds.map((kind) => ({
            team: key.team,
            recipient: key.recipient,
            kind,
            day: key.day,
            messageId: key.messageRowId,
          })),
        )
        .onConflictDoNothing()
        .returning({ kind: confirmationQuota.kind });
      return rows.map((r) => r.kind);
    },

    async enqueue(row: {
      team: string;
      messageRowId: number;
      recipient: string;
      recipientName: string;
      subject: string;
      text: string;
      inReplyTo: string | null;
      now: Date;
      usefulUntil: Date;
    }): Promise<void> {
      await db
        .insert(confirmations)
        .values({
          team: row.team,
          messageId: row.messageRowId,
          recipient: row.recipient,
          recipientName: row.recipientName,
          subject: row.subject,
          text: row.text,
          inReplyTo: row.inReplyTo,
          status: 'pending',
          usefulUntil: row.usefulUntil,
          nextAttemptAt: row.now,
          createdAt: row.now,
        })
        .onConflictDoNothing();
    },

    async claimDue(worker: string, now: Date, leaseMs: number): Promise<ConfirmationRow | null> {
      const id = await claimNextDue(db, ledger, worker, now, leaseMs);
      if (id === null) return null;
      const [row] = await db.select().from(confirmations).where(eq(confirmations.id, id));
      return row ?? null;
    },

    async markSent(id: number, worker: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(confirmations)
        .set({ status: 'sent', sentAt: now, leaseUntil: null, errorCode: null, lastError: null })
        .where(
          and(
            eq(confirmations.id, id),
            eq(confirmations.claimedBy, worker),
            eq(confirmations.status, 'sending'),
          ),
        )
        .returning({ id: confirmations.id });
      return rows.length > 0;
    },

    async markRetry(id: number, worker: string, nextAttemptAt: Date, code: string, error: string) {
      await db
        .update(confirmations)
        .set({ status: 'retry', nextAttemptAt, leaseUntil: null, errorCode: code, lastError: error })
        .where(and(eq(confirmations.id, id), eq(confirmations.claimedBy, worker)));
    },

    async markFailed(id: number, worker: string, code: string, error: string) {
      await db
        .update(confirmations)
        .set({ status: 'failed', leaseUntil: null, errorCode: code, lastError: error })
        .where(and(eq(confirmations.id, id), eq(confirmations.claimedBy, worker)));
    },

    markMissed: (now: Date) => markMissedRows(db, ledger, now),

    async countsByStatus(): Promise<Array<{ status: string; count: number }>> {
      const rows = await db
        .select({ status: confirmations.status, count: sql<number>`count(*)::int` })
        .from(confirmations)
        .groupBy(confirmations.status)
        .orderBy(confirmations.status);
      return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
    },

    /** The latest that did not go out: what an operator should look at. */
    async recentProblems(limit: number) {
      return db
        .select({
          id: confirmations.id,
          team: confirmations.team,
          recipient: confirmations.recipient,
          status: confirmations.status,
          attempts: confirmations.attempts,
          errorCode: confirmations.errorCode,
          lastError: confirmations.lastError,
          createdAt: confirmations.createdAt,
        })
        .from(confirmations)
        .where(inArray(confirmations.status, ['retry', 'failed', 'missed']))
        .orderBy(desc(confirmations.createdAt), desc(confirmations.id))
        .limit(limit);
    },
  };
}
