import type { Occurrence } from './meeting.types.js';

/** The questions ingest and digests ask of a team's meeting schedule. */
export interface TeamSchedule {
  /** The first meeting of the team (any series) that starts after `after`. */
  nextMeeting(team: string, after: Date): Occurrence | null;
  /** The team's meeting on a local date, if there is one. */
  meetingOn(team: string, localDate: string): Occurrence | null;
  /** How many of the team's meetings start in [from, to): an action item's age in meetings. */
  countMeetings(team: string, from: Date, to: Date): number;
}

/** A team without configured meetings: agenda items wait for "the next meeting", whenever that is. */
export const noSchedule: TeamSchedule = {
  nextMeeting: () => null,
  meetingOn: () => null,
  countMeetings: () => 0,
};
