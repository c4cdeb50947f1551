import { and, eq, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
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

    /** An open item with the same text and owners is the same item written down twice (mail, then minutes). */
    async addActionItem(
      item: ActionItem,
      source: RecordSource,
    ): Promise<{ ref: string; note: string | null }> {
      const [same] = await db
        .select({ number: actionItems.number })
        .from(actionItems)
        .where(
          and(
            eq(actionItems.team, source.team),
            eq(actionItems.status, 'open'),
            sql`lower(${actionItems.text}) = lower(${item.text})`,
            sql`${actionItems.owners} = ${sql.param(item.owners)}::text[]`,
          ),
        )
        .limit(1);
      if (same) return { ref: `A-${same.number}`, note: `action item already recorded as A-${same.number}` };

      // The team row is the per-team counter; its row lock serialises concurrent writers.
      const [counter] = await db
        .update(teams)
        .set({ nextActionNumber: sql`${teams.nextActionNumber} + 1` })
        .where(eq(teams.slug, source.team))
        .returning({ number: sql<number>`${teams.nextActionNumber} - 1` });
      if (!counter) throw new Error(`team ${source.team} is not in the database`);
      const [row] = await db
        .insert(actionItems)
        .values({
          team: source.team,
          number: counter.number,
          text: item.text,
          owners: item.owners,
          due: item.due,
          messageId: source.messageRowId,
          createdAt: source.at,
          updatedAt: source.at,
        })
        .returning({ id: actionItems.id });
      await db.insert(actionItemEvents).values({
        actionItemId: row!.id,
        status: 'open',
        note: null,
        messageId: source.messageRowId,
        at: source.at,
      });
      return { ref: `A-${counter.number}`, note: null };
    },

    async updateActionItem(update: ActionUpdate, source: RecordSource): Promise<string | null> {
      const number = Number.parseInt(update.ref.slice(2), 10);
      const [item] = await db
        .select({ id: actionItems.id, status: actionItems.status })
        .from(actionItems)
        .where(and(eq(actionItems.team, source.team), eq(actionItems.number, number)))
        .for('update')
        .limit(1);
      if (!item) return `${update.ref}: no such action item`;
      if (item.status === update.status) return `${update.ref} is already ${update.status}`;
      await db
        .update(actionItems)
        .set({ status: update.status, updatedAt: source.at })
        .where(eq(actionItems.id, item.id));
      await db
        .insert(actionItemEvents)
        .values({
          actionItemId: item.id,
          status: update.status,
          note: update.note,
          messageId: source.messageRowId,
          at: source.at,
        })
        .onConflictDoNothing();
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
