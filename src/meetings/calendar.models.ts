import { ListscribeError } from '../shared/errors.js';
import type { SeriesBlock } from './schedule.models.js';

/** One event of a calendar file, as the blocks of a series in one time zone. */
export interface CalendarEvent {
  summary: string;
  timeZone: string;
  /** Usually one; more when the file adds single dates ("also_on", RDATE) or moves one meeting. */
  blocks: SeriesBlock[];
  /**
   * Why this event cannot be a meeting series (an all-day event, a monthly rule), or
   * null. Kept instead of thrown: a shared calendar may hold events listscribe never
   * schedules, and only a series that selects this event should fail.
   */
  problem: string | null;
}

/** A calendar file that cannot be turned into a meeting series; fixing the file is the only cure. */
export class CalendarError extends ListscribeError {
  constructor(message: string) {
    super('CALENDAR_INVALID', message, false);
    this.name = 'CalendarError';
  }
}

export interface LocalDateTime {
  date: string;
  /** "HH:mm" or "HH:mm:ss". */
  time: string;
}

/** "2023-12-04T15:05" from its parts, the shape SeriesBlock.start takes. */
export function localStart({ date, time }: LocalDateTime): string {
  return `${date}T${time.endsWith(':00') && time.length === 8 ? time.slice(0, 5) : time}`;
}

/** The block for one meeting on its own (a non-repeating event, an extra date). */
export function singleMeeting(
  at: LocalDateTime,
  durationMinutes: number,
  location: string | null,
): SeriesBlock {
  return { start: localStart(at), durationMinutes, everyWeeks: 1, until: at.date, skip: [], location };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

export function isoTime(hour: number, minute: number, second: number): string {
  return `${pad(hour)}:${pad(minute)}:${pad(second)}`;
}
