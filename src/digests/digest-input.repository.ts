import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { messages } from '../messages/messages.tables.js';
import { actionItemEvents, actionItems, agendaItems, decisions, minutes } from '../records/records.tables.js';
import type { DigestActionItem, DigestActionUpdate, DigestDecision } from './digest.types.js';
import type { OpenAgendaItem, ThreadMessage } from './digest-input.models.js';

/** Reads of the team's records as the digests need them. */
export function createDigestInputRepository(db: Executor) {
  return {
    async openAgendaItems(team: string): Promise<OpenAgendaItem[]> {
      return db
        .select({
          title: agendaItems.title,
          owner: agendaItems.owner,
          minutes: agendaItems.minutes,
          meetingDate: agendaItems.meetingDate,
          createdAt: agendaItems.createdAt,
        })
        .from(agendaItems)
        .where(
          and(
            eq(agendaItems.team, team),
            eq(agendaItems.status, 'proposed'),
            isNull(agendaItems.discussedOn),
          ),
        )
        .orderBy(asc(agendaItems.createdAt));
    },

    /** Open action items, with their age in meetings counted by the caller's schedule. */
    async openActions(team: string, ageInMeetings: (createdAt: Date) => number): Promise<DigestActionItem[]> {
      const rows = await db
        .select()
        .from(actionItems)
        .where(and(eq(actionItems.team, team), eq(actionItems.status, 'open')))
        .orderBy(asc(actionItems.number));
      return rows.map((row) => ({
        ref: `A-${row.number}`,
        text: row.text,
        owners: row.owners,
        due: row.due,
        status: row.status,
        createdAt: row.createdAt,
        meetingsOpen: ageInMeetings(row.createdAt),
      }));
    },

    /** Action items created in [from, to] or by one of the given messages (the minutes). */
    async newActions(
      team: string,
      from: Date,
      to: Date,
      messageRowIds: number[],
    ): Promise<DigestActionItem[]> {
      const inWindow = and(gte(actionItems.createdAt, from), lte(actionItems.createdAt, to));
      const rows = await db
        .select()
        .from(actionItems)
        .where(
          and(
            eq(actionItems.team, team),
            messageRowIds.length ? or(inWindow, inArray(actionItems.messageId, messageRowIds)) : inWindow,
          ),
        )
        .orderBy(asc(actionItems.number));
      return rows.map((row) => ({
        ref: `A-${row.number}`,
        text: row.text,
        owners: row.owners,
        due: row.due,
        status: row.status,
        createdAt: row.createdAt,
        meetingsOpen: 0,
      }));
    },

    /**
     * Status changes in [from, to] other than creation: done, dropped, reopened — with
     * who sent them. `closedOnly` keeps the ones that still hold (done/dropped now).
     */
    async updates(team: string, from: Date, to: Date, closedOnly: boolean): Promise<DigestActionUpdate[]> {
      const rows = await db
        .select({
          number: actionItems.number,
          text: actionItems.text,
          owners: actionItems.owners,
          current: actionItems.status,
          status: actionItemEvents.status,
          note: actionItemEvents.note,
          handle: messages.authorHandle,
          address: messages.authorAddress,
        })
        .from(actionItemEvents)
        .innerJoin(actionItems, eq(actionItems.id, actionItemEvents.actionItemId))
        .innerJoin(messages, eq(messages.id, actionItemEvents.messageId))
        .where(
          and(
            eq(actionItems.team, team),
            gte(actionItemEvents.at, from),
            lte(actionItemEvents.at, to),
            // The creation event carries the creating message; anything else is an update.
            ne(actionItemEvents.messageId, actionItems.messageId),
            closedOnly
              ? sql`${actionItemEvents.status} <> 'open' and ${actionItems.status} = ${actionItemEvents.status}`
              : undefined,
          ),
        )
        .orderBy(asc(actionItemEvents.at));
      return rows.map((row) => ({
        ref: `A-${row.number}`,
        text: row.text,
        owners: row.owners,
        status: row.status,
        note: row.note,
        by: row.handle ?? row.address,
      }));
    },

    async decisions(team: string, from: Date, to: Date, messageRowIds: number[]): Promise<DigestDecision[]> {
      const inWindow = and(gte(decisions.decidedAt, from), lte(decisions.decidedAt, to));
      const rows = await db
        .select({ text: decisions.text })
        .from(decisions)
        .where(
          and(
            eq(decisions.team, team),
            messageRowIds.length ? or(inWindow, inArray(decisions.messageId, messageRowIds)) : inWindow,
          ),
        )
        .orderBy(asc(decisions.decidedAt), asc(decisions.id));
      return rows.map((row) => ({ text: row.text, topic: null }));
    },

    /** The latest minutes posted for a meeting date. */
    async minutesOf(team: string, localDate: string) {
      const [row] = await db
        .select()
        .from(minutes)
        .where(and(eq(minutes.team, team), eq(minutes.meetingDate, localDate)))
        .orderBy(desc(minutes.createdAt))
        .limit(1);
      return row ?? null;
    },

    /** The list's own messages (not robots, not us) sent in [from, to), for "threads of the week". */
    async listMessages(team: string, from: Date, to: Date): Promise<ThreadMessage[]> {
      const rows = await db
        .select({
          threadId: messages.threadId,
          subject: messages.subject,
          handle: messages.authorHandle,
          name: messages.authorName,
          address: messages.authorAddress,
          sentAt: messages.sentAt,
        })
        .from(messages)
        .where(
          and(
            eq(messages.team, team),
            inArray(messages.outcome, ['recorded', 'needs-review']),
            gte(messages.sentAt, from),
            lt(messages.sentAt, to),
          ),
        );
      return rows.map((row) => ({
        threadId: row.threadId,
        subject: row.subject,
        author: row.handle ?? (row.name || row.address),
        sentAt: row.sentAt!,
      }));
    },
  };
}

export type DigestInputRepository = ReturnType<typeof createDigestInputRepository>;
