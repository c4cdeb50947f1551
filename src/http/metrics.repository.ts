import { max, ne, sql } from 'drizzle-orm';
import { confirmations } from '../confirmations/confirmations.tables.js';
import type { Executor } from '../db/database.js';
import { matrixPosts } from '../digests/matrix-posts.tables.js';
import { digests } from '../meetings/meetings.tables.js';
import { messages } from '../messages/messages.tables.js';

/** The numbers /metrics reads from the database, so every replica reports the same ones. */
export function createMetricsRepository(db: Executor) {
  return {
    async digestCounts(): Promise<Array<{ kind: string; status: string; count: number }>> {
      return db
        .select({ kind: digests.kind, status: digests.status, count: sql<number>`count(*)::int` })
        .from(digests)
        .groupBy(digests.kind, digests.status);
    },

    async matrixPostCounts(): Promise<Array<{ status: string; count: number }>> {
      return db
        .select({ status: matrixPosts.status, count: sql<number>`count(*)::int` })
        .from(matrixPosts)
        .groupBy(matrixPosts.status);
    },

    async confirmationCounts(): Promise<Array<{ status: string; count: number }>> {
      return db
        .select({ status: confirmations.status, count: sql<number>`count(*)::int` })
        .from(confirmations)
        .groupBy(confirmations.status);
    },

    /** When the newest message that was not a failure was stored; null before the first. */
    async lastIngestAt(): Promise<Date | null> {
      const [row] = await db
        .select({ at: max(messages.receivedAt) })
        .from(messages)
        .where(ne(messages.outcome, 'failed'));
      return row?.at ? new Date(row.at) : null;
    },
  };
}
