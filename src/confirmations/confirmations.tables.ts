import {
  bigint,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { messages } from '../messages/messages.tables.js';

/**
 * Private replies to members, queued in the ingest transaction (so a message that
 * rolls back confirms nothing) and sent later by the scheduler (so ingest never
 * waits for SMTP). One row per confirmed message; same lease ledger as digests.
 */
export const confirmations = pgTable(
  'confirmations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    team: text('team').notNull(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id),
    recipient: text('recipient').notNull(),
    recipientName: text('recipient_name').notNull().default(''),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    /** Message-ID of the member's message, threaded under it; null when it had none. */
    inReplyTo: text('in_reply_to'),
    status: text('status', { enum: ['pending', 'sending', 'retry', 'sent', 'failed', 'missed'] }).notNull(),
    usefulUntil: timestamp('useful_until', { withTimezone: true }).notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    attempts: integer('attempts').notNull().default(0),
    errorCode: text('error_code'),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('confirmations_message_key').on(t.messageId),
    index('confirmations_status_next_idx').on(t.status, t.nextAttemptAt),
  ],
);

/**
 * The rate limit, as a key: a sender is confirmed at most once per kind of record
 * (agenda, action, update, decision) and UTC day. The first message of the day that
 * takes a key is confirmed for that kind; later ones are not.
 */
export const confirmationQuota = pgTable(
  'confirmation_quota',
  {
    team: text('team').notNull(),
    recipient: text('recipient').notNull(),
    kind: text('kind', { enum: ['agenda', 'action', 'update', 'decision'] }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id),
  },
  (t) => [primaryKey({ columns: [t.team, t.recipient, t.kind, t.day] })],
);
