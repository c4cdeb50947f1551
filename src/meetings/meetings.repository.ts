import { and, asc, desc, eq, gt, gte, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { timestamp } from '../db/sql-values.js';
import type { Occurrence, Rotation } from './meeting.types.js';
import { meetings } from './meetings.tables.js';

export type MeetingRow = typeof meetings.$inferSelect;

export function toOccurrence(row: MeetingRow): Occurrence {
  return {
    team: row.team,
    series: row.series,
    seriesName: row.seriesName,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    timeZone: row.timeZone,
    localDate: row.localDate,
    sequence: row.sequence,
    location: row.location,
  };
}

export const rotationOf = (row: MeetingRow | undefined | null): Rotation => ({
  minuteTaker: row?.minuteTaker ?? null,
  reporter: row?.reporter ?? null,
});

export function createMeetingsRepository(db: Executor) {
  return {
    /**
     * Stores an occurrence (idempotent on team, series and start). The rotation of a
     * meeting that has not started yet follows the configuration; a past meeting keeps
     * what it was published with.
     */
    async upsert(occurrence: Occurrence, rotation: Rotation, now: Date): Promise<MeetingRow> {
      const values = {
        ...occurrence,
        minuteTaker: rotation.minuteTaker,
        reporter: rotation.reporter,
      };
      const [row] = await db
        .insert(meetings)
        .values(values)
        .onConflictDoUpdate({
          target: [meetings.team, meetings.series, meetings.startsAt],
          set: {
            minuteTaker: sql`case when ${meetings.startsAt} > ${timestamp(now)} then excluded.minute_taker else ${meetings.minuteTaker} end`,
            reporter: sql`case when ${meetings.startsAt} > ${timestamp(now)} then excluded.reporter else ${meetings.reporter} end`,
            endsAt: values.endsAt,
            location: values.location,
            seriesName: values.seriesName,
          },
        })
        .returning();
      return row!;
    },

    async byId(id: number): Promise<MeetingRow | null> {
      const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
      return row ?? null;
    },

    async onDate(team: string, localDate: string): Promise<MeetingRow | null> {
      const [row] = await db
        .select()
        .from(meetings)
        .where(and(eq(meetings.team, team), eq(meetings.localDate, localDate)))
        .orderBy(asc(meetings.startsAt))
        .limit(1);
      return row ?? null;
    },

    /** The team's next stored meeting after an instant (any series). */
    async after(team: string, instant: Date): Promise<MeetingRow | null> {
      const [row] = await db
        .select()
        .from(meetings)
        .where(and(eq(meetings.team, team), gt(meetings.startsAt, instant)))
        .orderBy(asc(meetings.startsAt))
        .limit(1);
      return row ?? null;
    },

    /** The team's last stored meeting that started before an instant. */
    async before(team: string, instant: Date): Promise<MeetingRow | null> {
      const [row] = await db
        .select()
        .from(meetings)
        .where(and(eq(meetings.team, team), lt(meetings.startsAt, instant)))
        .orderBy(desc(meetings.startsAt))
        .limit(1);
      return row ?? null;
    },

    /** Meetings of a team that started in [from, to). */
    async between(team: string, from: Date, to: Date): Promise<MeetingRow[]> {
      return db
        .select()
        .from(meetings)
        .where(and(eq(meetings.team, team), gte(meetings.startsAt, from), lt(meetings.startsAt, to)))
        .orderBy(asc(meetings.startsAt));
    },
  };
}

export type MeetingsRepository = ReturnType<typeof createMeetingsRepository>;
