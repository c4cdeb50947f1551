import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import type { DigestKind, DigestRow } from '../digests/digests.repository.js';
import type { MeetingRow } from '../meetings/meetings.repository.js';
import { digests, meetings } from '../meetings/meetings.tables.js';
import { minutes } from '../records/records.tables.js';

export interface DigestState {
  status: DigestRow['status'];
  sentAt: Date | null;
}

export interface ArchivedMeeting {
  meeting: MeetingRow;
  agenda: DigestState | null;
  minutes: DigestState | null;
  /** A [minutes] mail for the meeting's date was stored. */
  minutesPosted: boolean;
}

/** Read-only queries of the web archive. */
export function createArchiveRepository(db: Executor) {
  return {
    /** The team's stored meetings, oldest first, with the state of their digests. */
    async meetingsOf(team: string): Promise<ArchivedMeeting[]> {
      const [rows, digestRows, minutesRows] = await Promise.all([
        db.select().from(meetings).where(eq(meetings.team, team)).orderBy(asc(meetings.startsAt)),
        db
          .select({
            meetingId: digests.meetingId,
            kind: digests.kind,
            status: digests.status,
            sentAt: digests.sentAt,
          })
          .from(digests)
          .innerJoin(meetings, eq(meetings.id, digests.meetingId))
          .where(eq(meetings.team, team)),
        db
          .selectDistinct({ date: minutes.meetingDate })
          .from(minutes)
          .where(and(eq(minutes.team, team), isNotNull(minutes.meetingDate))),
      ]);
      const stateOf = new Map(
        digestRows.map((d) => [`${d.meetingId}:${d.kind}`, { status: d.status, sentAt: d.sentAt }]),
      );
      const posted = new Set(minutesRows.map((m) => m.date));
      return rows.map((meeting) => ({
        meeting,
        agenda: stateOf.get(`${meeting.id}:agenda`) ?? null,
        minutes: stateOf.get(`${meeting.id}:minutes`) ?? null,
        minutesPosted: posted.has(meeting.localDate),
      }));
    },

    async meeting(team: string, series: string, localDate: string): Promise<MeetingRow | null> {
      const [row] = await db
        .select()
        .from(meetings)
        .where(and(eq(meetings.team, team), eq(meetings.series, series), eq(meetings.localDate, localDate)))
        .limit(1);
      return row ?? null;
    },

    /** The digest as it went to the list, when it was sent. */
    async sentDigest(
      meetingId: number,
      kind: DigestKind,
    ): Promise<{ html: string; subject: string | null; sentAt: Date } | null> {
      const [row] = await db
        .select({
          html: digests.html,
          subject: digests.subject,
          sentAt: digests.sentAt,
          status: digests.status,
        })
        .from(digests)
        .where(and(eq(digests.meetingId, meetingId), eq(digests.kind, kind)));
      if (row?.status !== 'sent' || row.html === null || row.sentAt === null) return null;
      return { html: row.html, subject: row.subject, sentAt: row.sentAt };
    },
  };
}
