import { and, eq, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rowsOf } from '../db/leases.js';
import { timestamp } from '../db/sql-values.js';
import type { ActionItem, ActionUpdate, AgendaItem, Decision, ParsedMinutes } from '../mail/mail.types.js';
import { sameTopic } from './agenda-topics.models.js';
import { actionItemEvents, actionItems, agendaItems, decisions, minutes, teams } from './records.tables.js';

/** The message a record comes from: its row id, thread and time. */
export interface RecordSource {
  team: string;
  messageRowId: number;
  threadId: string;
  at: Date;
}

/**
 * Writes of understood items. Each returns a note when the item changed nothing
 * (already filed, unknown id), so the message's stored outcome can say why.
 */
export function createRecordsRepository(db: Executor) {
  return {
    async addAgendaItem(
      item: AgendaItem,
      meetingDate: string | null,
      source: RecordSource,
    ): Promise<string | null> {
      const inserted = await db
        .insert(agendaItems)
        .values({
          team: source.team,
          title: item.title,
          owner: item.owner,
          minutes: item.minutes,
          meetingDate,
          threadId: source.threadId,
          messageId: source.messageRowId,
          createdAt: source.at,
        })
        .onConflictDoNothing()
        .returning({ id: agendaItems.id });
      return inserted.length ? null : `agenda item "${item.title}" is already filed from this thread`;
    },

    /**
     * An open item with the same text and owners is the same item written down twice (mail, then
     * minutes). One statement: the look-up, the team's counter (its row lock serialises concurrent
     * writers), the item and its first event. Four round trips made each action item the most
     * expensive line of a backlog.
     */
    async addActionItem(
      item: ActionItem,
      source: RecordSource,
    ): Promise<{ ref: string; note: string | null }> {
      const owners = sql`${sql.param(item.owners)}::text[]`;
      const at = timestamp(source.at);
      const result = await db.execute(sql`
        with same as (
          select ${actionItems.number} as number from ${actionItems}
          where ${actionItems.team} = ${source.team} and ${actionItems.status} = 'open'
            and lower(${actionItems.text}) = lower(${item.text}) and ${actionItems.owners} = ${owners}
          limit 1
        ), counter as (
          update ${teams} set next_action_number = next_action_number + 1
          where slug = ${source.team} and not exists (select 1 from same)
          returning next_action_number - 1 as number
        ), created as (
          insert into ${actionItems} (team, number, text, owners, due, message_id, created_at, updated_at)
          select ${source.team}, counter.number, ${item.text}, ${owners}, ${item.due}::date,
                 ${source.messageRowId}, ${at}, ${at}
          from counter
          returning id, number
        ), event as (
          insert into ${actionItemEvents} (action_item_id, status, note, message_id, at)
          select id, 'open', null, ${source.messageRowId}, ${at} from created
        )
        select (select number from same) as same, (select number from created) as created`);
      const [row] = rowsOf<{ same: number | null; created: number | null }>(result);
      if (row?.same != null)
        return { ref: `A-${row.same}`, note: `action item already recorded as A-${row.same}` };
      if (row?.created == null) throw new Error(`team ${source.team} is not in the database`);
      return { ref: `A-${row.created}`, note: null };
    },

    /** One statement too: the item (locked), its new status and the event, or why nothing changed. */
    async updateActionItem(update: ActionUpdate, source: RecordSource): Promise<string | null> {
      const number = Number.parseInt(update.ref.slice(2), 10);
      const at = timestamp(source.at);
      const result = await db.execute(sql`
        with item as (
          select id, status from ${actionItems}
          where team = ${source.team} and number = ${number}
          limit 1
          for update
        ), changed as (
          update ${actionItems} set status = ${update.status}, updated_at = ${at}
          from item
          where ${actionItems.id} = item.id and item.status <> ${update.status}
          returning ${actionItems.id} as id
        ), event as (
          insert into ${actionItemEvents} (action_item_id, status, note, message_id, at)
          select id, ${update.status}, ${update.note}, ${source.messageRowId}, ${at} from changed
          on conflict do nothing
        )
        select (select status from item) as status, exists (select 1 from changed) as changed`);
      const [row] = rowsOf<{ status: string | null; changed: boolean }>(result);
      if (!row || row.status === null) return `${update.ref}: no such action item`;
      if (!row.changed) return `${update.ref} is already ${update.status}`;
      return null;
    },

    /** The open agenda items proposed in a thread (other than by this very message). */
    async agendaItemsOfThread(source: RecordSource) {
      return db
        .select({
          id: agendaItems.id,
          title: agendaItems.title,
          meetingDate: agendaItems.meetingDate,
          createdAt: agendaItems.createdAt,
        })
        .from(agendaItems)
        .where(
          and(
            eq(agendaItems.team, source.team),
            eq(agendaItems.threadId, source.threadId),
            eq(agendaItems.status, 'proposed'),
            ne(agendaItems.messageId, source.messageRowId),
          ),
        )
        .for('update');
    },

    async withdrawAgendaItem(id: number): Promise<void> {
      await db.update(agendaItems).set({ status: 'withdrawn' }).where(eq(agendaItems.id, id));
    },

    async moveAgendaItem(id: number, meetingDate: string): Promise<void> {
      await db.update(agendaItems).set({ meetingDate }).where(eq(agendaItems.id, id));
    },

    /**
     * Marks the team's open agenda items that a minutes document covers as discussed
     * at that meeting; the others stay open and carry over.
     */
    async markDiscussed(
      topics: readonly string[],
      meetingDate: string,
      source: RecordSource,
    ): Promise<number> {
      const open = await db
        .select({ id: agendaItems.id, title: agendaItems.title })
        .from(agendaItems)
        .where(
          and(
            eq(agendaItems.team, source.team),
            eq(agendaItems.status, 'proposed'),
            // Only items that were on this meeting's agenda: not ones filed for a later one.
            or(isNull(agendaItems.meetingDate), lte(agendaItems.meetingDate, meetingDate)),
            lt(agendaItems.createdAt, sql`(${meetingDate}::date + 1)::timestamptz`),
          ),
        );
      const covered = open.filter((item) => topics.some((topic) => sameTopic(item.title, topic)));
      for (const item of covered) {
        await db
          .update(agendaItems)
          .set({ status: 'discussed', discussedOn: meetingDate })
          .where(eq(agendaItems.id, item.id));
      }
      return covered.length;
    },

    async addDecision(decision: Decision, source: RecordSource): Promise<string | null> {
      const inserted = await db
        .insert(decisions)
        .values({
          team: source.team,
          text: decision.text,
          messageId: source.messageRowId,
          decidedAt: source.at,
        })
        .onConflictDoNothing()
        .returning({ id: decisions.id });
      return inserted.length ? null : 'decision already recorded';
    },

    async addMinutes(parsed: ParsedMinutes, markdown: string, source: RecordSource): Promise<void> {
      await db
        .insert(minutes)
        .values({
          team: source.team,
          meetingDate: parsed.date,
          participants: parsed.participants,
          roles: parsed.roles,
          topics: parsed.topics,
          markdown,
          messageId: source.messageRowId,
          createdAt: source.at,
        })
        .onConflictDoNothing();
    },
  };
}

export type RecordsRepository = ReturnType<typeof createRecordsRepository>;
