import { bigint, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from '../records/records.tables.js';

/**
 * Stored occurrences: the schedule is computed from configuration, but each meeting
 * that the scheduler has looked at gets a row, so digests, minutes and rotation
 * refer to one stable thing even when the configuration changes later.
 */
export const meetings = pgTable(
  'meetings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    team: text('team')
      .notNull()
      .references(() => teams.slug),
    series: text('series').notNull(),
    seriesName: text('series_name').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    timeZone: text('time_zone').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    sequence: integer('sequence').notNull(),
    location: text('location'),
    minuteTaker: text('minute_taker'),
    reporter: text('reporter'),
  },
  (t) => [
    uniqueIndex('meetings_team_series_start_key').on(t.team, t.series, t.startsAt),
    index('meetings_team_start_idx').on(t.team, t.startsAt),
  ],
);

/**
 * The exactly-once ledger of digests: one row per (meeting, kind), inserted before
 * anything is sent. A worker claims a row with a lease (FOR UPDATE SKIP LOCKED),
 * sends, and marks it sent; a crash after sending leaves the lease to expire and
 * the next worker resends with the same Message-ID, which receivers de-duplicate.
 */
export const digests = pgTable(
  'digests',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    meetingId: bigint('meeting_id', { mode: 'number' })
      .notNull()
      .references(() => meetings.id),
    kind: text('kind', { enum: ['agenda', 'minutes'] }).notNull(),
    /** pending → sending → sent; or retry (4xx, connection), failed (5xx), missed (too late to be useful). */
    status: text('status', { enum: ['pending', 'sending', 'retry', 'sent', 'failed', 'missed'] }).notNull(),
    /** Stable across retries and crashes: receivers drop a second copy. */
    messageId: text('message_id').notNull(),
    /** Not useful after this instant: a digest still unsent then is marked missed. */
    usefulUntil: timestamp('useful_until', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    errorCode: text('error_code'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The text part as sent, for the web archive and for `status`. */
    subject: text('subject'),
    text: text('text'),
    html: text('html'),
    // Matrix delivery has its own ledger (matrix_posts), so a Matrix outage never blocks the mail.
  },
  (t) => [
    uniqueIndex('digests_meeting_kind_key').on(t.meetingId, t.kind),
    index('digests_status_next_idx').on(t.status, t.nextAttemptAt),
  ],
);
