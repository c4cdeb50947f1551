import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { timestamp } from '../db/sql-values.js';
import { digests, meetings } from '../meetings/meetings.tables.js';

export type DigestKind = 'agenda' | 'minutes';
export type DigestRow = typeof digests.$inferSelect;

export function createDigestsRepository(db: Executor) {
  return {
    /** Records that a digest is due; a second call (another replica, a restart) changes nothing. */
    async plan(row: {
      meetingId: number;
      kind: DigestKind;
      messageId: string;
      dueAt: Date;
      usefulUntil: Date;
    }): Promise<void> {
      await db
        .insert(digests)
        .values({ ...row, status: 'pending', nextAttemptAt: row.dueAt })
        .onConflictDoNothing();
    },

    /**
     * Claims one digest that is due, for `leaseMs`. SKIP LOCKED lets replicas claim
     * different digests at once and never the same one; a lease that ran out (its
     * worker crashed, perhaps after sending) makes the digest claimable again.
     */
    async claimDue(
      worker: string,
      now: Date,
      leaseMs: number,
      only?: { meetingId: number; kind: DigestKind },
    ) {
      const target = only
        ? sql`${digests.meetingId} = ${only.meetingId} and ${digests.kind} = ${only.kind}`
        : sql`${digests.nextAttemptAt} <= ${timestamp(now)} and ${digests.usefulUntil} > ${timestamp(now)}`;
      const rows = await db.execute<{ id: number }>(sql`
        update ${digests}
        set status = 'sending', claimed_by = ${worker}, attempts = ${digests.attempts} + 1,
            lease_until = ${timestamp(new Date(now.getTime() + leaseMs))}
        where ${digests.id} = (
          select ${digests.id} from ${digests}
          where ${target}
            and (${digests.status} in ('pending', 'retry')
                 or (${digests.status} = 'sending' and ${digests.leaseUntil} < ${timestamp(now)}))
          order by ${digests.nextAttemptAt}
          limit 1
          for update skip locked
        )
        returning ${digests.id} as id`);
      const id = rowsOf<{ id: number }>(rows)[0]?.id;
      if (id === undefined) return null;
      const [row] = await db
        .select()
        .from(digests)
        .where(eq(digests.id, Number(id)));
      return row ?? null;
    },

    /** Marks a claimed digest sent, if the claim is still ours. */
    async markSent(
      id: number,
      worker: string,
      now: Date,
      content: { subject: string; text: string; html: string },
    ): Promise<boolean> {
      const rows = await db
        .update(digests)
        .set({ status: 'sent', sentAt: now, leaseUntil: null, lastError: null, errorCode: null, ...content })
        .where(and(eq(digests.id, id), eq(digests.claimedBy, worker), eq(digests.status, 'sending')))
        .returning({ id: digests.id });
      return rows.length > 0;
    },

    async markRetry(
      id: number,
      worker: string,
      nextAttemptAt: Date,
      code: string,
      error: string,
    ): Promise<void> {
      await db
        .update(digests)
        .set({ status: 'retry', nextAttemptAt, leaseUntil: null, errorCode: code, lastError: error })
        .where(and(eq(digests.id, id), eq(digests.claimedBy, worker)));
    },

    /**
     * A failure an operator must see. `content` keeps what was rendered (the Matrix post of a
     * digest whose mail failed reads it). False when this worker no longer holds the claim.
     */
    async markFailed(
      id: number,
      worker: string,
      code: string,
      error: string,
      content?: { subject: string; text: string; html: string },
    ): Promise<boolean> {
      const rows = await db
        .update(digests)
        .set({ status: 'failed', leaseUntil: null, errorCode: code, lastError: error, ...content })
        .where(and(eq(digests.id, id), eq(digests.claimedBy, worker)))
        .returning({ id: digests.id });
      return rows.length > 0;
    },

    /** Digests nobody managed to send while they were useful: visible as missed, never sent late. */
    async markMissed(now: Date): Promise<number> {
      const rows = await db
        .update(digests)
        .set({ status: 'missed', leaseUntil: null })
        .where(
          and(
            lte(digests.usefulUntil, now),
            sql`(${digests.status} in ('pending', 'retry') or (${digests.status} = 'sending' and ${digests.leaseUntil} < ${timestamp(now)}))`,
          ),
        )
        .returning({ id: digests.id });
      return rows.length;
    },

    /** Makes a digest claimable now again (an operator's `send`), unless it was sent. */
    async reopen(id: number, now: Date): Promise<void> {
      await db
        .update(digests)
        .set({
          status: 'retry',
          nextAttemptAt: now,
          usefulUntil: sql`greatest(${digests.usefulUntil}, ${timestamp(new Date(now.getTime() + 3_600_000))})`,
        })
        .where(and(eq(digests.id, id), inArray(digests.status, ['pending', 'retry', 'failed', 'missed'])));
    },

    async forMeeting(meetingId: number, kind: DigestKind): Promise<DigestRow | null> {
      const [row] = await db
        .select()
        .from(digests)
        .where(and(eq(digests.meetingId, meetingId), eq(digests.kind, kind)));
      return row ?? null;
    },

    async recent(limit: number) {
      return db
        .select({
          id: digests.id,
          kind: digests.kind,
          status: digests.status,
          team: meetings.team,
          localDate: meetings.localDate,
          dueAt: digests.dueAt,
          sentAt: digests.sentAt,
          attempts: digests.attempts,
          errorCode: digests.errorCode,
          lastError: digests.lastError,
        })
        .from(digests)
        .innerJoin(meetings, eq(meetings.id, digests.meetingId))
        .where(inArray(digests.status, ['sent', 'failed', 'missed', 'retry', 'sending', 'pending']))
        .orderBy(desc(digests.dueAt))
        .limit(limit);
    },
  };
}

/** postgres.js returns the rows array itself; PGlite returns `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export type DigestsRepository = ReturnType<typeof createDigestsRepository>;
