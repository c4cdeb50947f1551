import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Extraction } from '../mail/mail.types.js';
import type { PendingUnderstanding } from '../review/review.models.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** Every message listscribe has seen, with its outcome: none is ever lost. */
export const messages = pgTable(
  'messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    team: text('team').notNull(),
    /** The Message-ID, or "sha256:<hex>" of the source when the message has none. */
    messageId: text('message_id').notNull(),
    /** Message-ID of the thread's root (first of References, else In-Reply-To, else itself). */
    threadId: text('thread_id').notNull(),
    inReplyTo: text('in_reply_to'),
    subject: text('subject').notNull().default(''),
    authorAddress: text('author_address').notNull().default(''),
    authorName: text('author_name').notNull().default(''),
    /** The handle of the author when configuration knows them. */
    authorHandle: text('author_handle'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** Where it came from: "imap:user@host/INBOX#uid", "mbox:file#n", "maildir:…", "eml:…". */
    origin: text('origin').notNull(),
    size: integer('size').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    outcome: text('outcome', { enum: ['recorded', 'skipped', 'failed', 'needs-review'] }).notNull(),
    /** Skip reason or error code. */
    reason: text('reason'),
    detail: text('detail'),
    /** Per-item notes: an update to an unknown action id, a duplicate agenda item… */
    notes: jsonb('notes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    extraction: jsonb('extraction').$type<Extraction>(),
    /** Kept only for failed messages, so an operator can retry them. */
    raw: bytea('raw'),
    /**
     * For a message held for review: what ingest understood beyond `extraction`, so that
     * approving it applies exactly what was understood when it arrived.
     */
    pending: jsonb('pending').$type<PendingUnderstanding>(),
    /** Who approved or rejected a held message (`listscribe review`), and when. */
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('messages_team_message_id_key').on(t.team, t.messageId),
    index('messages_team_thread_idx').on(t.team, t.threadId),
    index('messages_outcome_idx').on(t.outcome, t.receivedAt),
    index('messages_team_sent_idx').on(t.team, t.sentAt),
  ],
);

/** How far a mailbox has been read, committed in the same transaction as its messages. */
export const mailboxCheckpoints = pgTable(
  'mailbox_checkpoints',
  {
    mailbox: text('mailbox').notNull(),
    uidValidity: bigint('uid_validity', { mode: 'bigint' }).notNull(),
    lastUid: bigint('last_uid', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.mailbox] })],
);
