import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { digests } from '../meetings/meetings.tables.js';

/**
 * The Matrix ledger: one row per digest that goes to a team's room, inserted in the
 * transaction that marks the digest mailed. Kept apart from `digests` so a Matrix
 * outage (retries, failures) never holds up or changes the mail's own ledger.
 */
export const matrixPosts = pgTable(
  'matrix_posts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    digestId: bigint('digest_id', { mode: 'number' })
      .notNull()
      .references(() => digests.id),
    team: text('team').notNull(),
    /** The room as configured when the post was planned (id or alias), for `status`. */
    room: text('room').notNull(),
    /** Derived from the digest: the homeserver answers a repeated PUT with the first event. */
    txnId: text('txn_id').notNull(),
    /** pending → sending → sent; or retry (5xx, 429, network), failed (403, 401, …), missed. */
    status: text('status', { enum: ['pending', 'sending', 'retry', 'sent', 'failed', 'missed'] }).notNull(),
    usefulUntil: timestamp('useful_until', { withTimezone: true }).notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    attempts: integer('attempts').notNull().default(0),
    errorCode: text('error_code'),
    lastError: text('last_error'),
    eventId: text('event_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('matrix_posts_digest_key').on(t.digestId),
    index('matrix_posts_status_next_idx').on(t.status, t.nextAttemptAt),
  ],
);
