import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { MinutesRoles, MinutesTopic } from '../mail/mail.types.js';
import { messages } from '../messages/messages.tables.js';

/** One row per configured team; also the counter behind its short action ids (A-1, A-2, …). */
export const teams = pgTable('teams', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  nextActionNumber: integer('next_action_number').notNull().default(1),
});

export const people = pgTable(
  'people',
  {
    team: text('team')
      .notNull()
      .references(() => teams.slug),
    handle: text('handle').notNull(),
    name: text('name'),
    addresses: text('addresses').array().notNull().default(sql`'{}'::text[]`),
    /**
     * "config": copied from the configuration at every start (it stays the source of
     * truth for these); "operator": added with `listscribe members add`, kept only here.
     */
    source: text('source', { enum: ['config', 'operator'] })
      .notNull()
      .default('config'),
    addedBy: text('added_by'),
    addedAt: timestamp('added_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.team, t.handle] })],
);

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    team: text('team')
      .notNull()
      .references(() => teams.slug),
    title: text('title').notNull(),
    owner: text('owner').notNull(),
    minutes: integer('minutes'),
    status: text('status', { enum: ['proposed', 'withdrawn', 'discussed'] })
      .notNull()
      .default('proposed'),
    /** The meeting (local date) the item was filed or moved for; null = the next one. */
    meetingDate: date('meeting_date', { mode: 'string' }),
    /** The local date of the meeting whose minutes covered it. */
    discussedOn: date('discussed_on', { mode: 'string' }),
    /** The thread the item was proposed in: later replies in it are the same item. */
    threadId: text('thread_id').notNull(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('agenda_items_team_thread_title_key').on(t.team, t.threadId, t.title)],
);

export const actionItems = pgTable(
  'action_items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    team: text('team')
      .notNull()
      .references(() => teams.slug),
    /** The n of "A-n", unique per team. */
    number: integer('number').notNull(),
    text: text('text').notNull(),
    owners: text('owners').array().notNull().default(sql`'{}'::text[]`),
    due: date('due', { mode: 'string' }),
    status: text('status', { enum: ['open', 'done', 'dropped'] })
      .notNull()
      .default('open'),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('action_items_team_number_key').on(t.team, t.number),
    index('action_items_team_status_idx').on(t.team, t.status),
  ],
);

/** The full history of an action item: creation and every status change, with the message that made it. */
export const actionItemEvents = pgTable(
  'action_item_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actionItemId: bigint('action_item_id', { mode: 'number' })
      .notNull()
      .references(() => actionItems.id),
    status: text('status', { enum: ['open', 'done', 'dropped'] }).notNull(),
    note: text('note'),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('action_item_events_item_idx').on(t.actionItemId),
    uniqueIndex('action_item_events_item_message_key').on(t.actionItemId, t.messageId, t.status),
  ],
);

export const decisions = pgTable(
  'decisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    team: text('team')
      .notNull()
      .references(() => teams.slug),
    text: text('text').notNull(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('decisions_team_message_text_key').on(t.team, t.messageId, t.text)],
);

export const minutes = pgTable(
  'minutes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    team: text('team')
      .notNull()
      .references(() => teams.slug),
    meetingDate: date('meeting_date', { mode: 'string' }),
    participants: text('participants').array().notNull().default(sql`'{}'::text[]`),
    roles: jsonb('roles').$type<MinutesRoles>().notNull(),
    topics: jsonb('topics').$type<MinutesTopic[]>().notNull(),
    markdown: text('markdown').notNull(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('minutes_message_key').on(t.messageId),
    index('minutes_team_date_idx').on(t.team, t.meetingDate),
  ],
);
