/** Plain data about meetings, shared by the schedule core, the digests and storage. */

/** One meeting of a series, at a fixed instant. */
export interface Occurrence {
  team: string;
  /** The series' slug, unique per team (e.g. "weekly"). */
  series: string;
  /** Human name, e.g. "Team IaaS Meeting". */
  seriesName: string;
  /** Start instant (UTC Date); its wall-clock time in `timeZone` is what the series says. */
  startsAt: Date;
  endsAt: Date;
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone: string;
  /** The meeting's date in its own zone, YYYY-MM-DD: the key a team uses ("the meeting of 2023-12-04"). */
  localDate: string;
  /** 0-based position among the series' held (not skipped) meetings since the series began: drives rotation. */
  sequence: number;
  location: string | null;
}

export interface Rotation {
  minuteTaker: string | null;
  reporter: string | null;
}
