import { IANAZone } from 'luxon';
import { parse } from 'yaml';
import {
  CalendarError,
  type CalendarEvent,
  isoDate,
  isoTime,
  type LocalDateTime,
  localStart,
  singleMeeting,
} from './calendar.models.js';

/**
 * Reads a calendar in the YAML format of the SCS `yaml2ics` tool (github.com/
 * SovereignCloudStack/calendar): a file-wide `timezone`, and per event `summary`,
 * `begin` (local "2023-12-04 15:05:00"), `duration`, `location` and `repeat` with
 * `interval.weeks`, an inclusive `until` date, `except_on` (skipped meetings) and
 * `also_on` (extra meetings).
 */
export function parseScsCalendar(yamlText: string): CalendarEvent[] {
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch (error) {
    throw new CalendarError(`not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(doc)) throw new CalendarError('expected a mapping with "timezone" and "events"');
  const timeZone = typeof doc.timezone === 'string' ? doc.timezone : 'UTC';
  if (!IANAZone.isValidZone(timeZone)) throw new CalendarError(`unknown time zone "${timeZone}"`);
  if (!Array.isArray(doc.events)) throw new CalendarError('expected a list of "events"');
  return doc.events.map((event, index) => {
    try {
      return readEvent(event, timeZone);
    } catch (error) {
      const summary = isRecord(event) && typeof event.summary === 'string' ? event.summary : '';
      return { summary, timeZone, blocks: [], problem: `events[${index}]: ${(error as Error).message}` };
    }
  });
}

function readEvent(event: unknown, timeZone: string): CalendarEvent {
  if (!isRecord(event)) throw new Error('expected a mapping');
  if (typeof event.summary !== 'string' || !event.summary) throw new Error('missing "summary"');
  const begin = localDateTime(event.begin, 'begin');
  const durationMinutes = minutesOf(event, begin);
  const location = typeof event.location === 'string' && event.location ? event.location : null;
  const repeat = event.repeat;
  if (repeat === undefined || repeat === null) {
    return {
      summary: event.summary,
      timeZone,
      blocks: [singleMeeting(begin, durationMinutes, location)],
      problem: null,
    };
  }
  if (!isRecord(repeat)) throw new Error('"repeat" must be a mapping');
  const blocks = [
    {
      start: localStart(begin),
      durationMinutes,
      everyWeeks: everyWeeks(repeat.interval),
      until:
        repeat.until === undefined || repeat.until === null
          ? null
          : localDateTime(repeat.until, 'until').date,
      skip: listOf(repeat.except_on, 'except_on').map((at) => at.date),
      location,
    },
    ...listOf(repeat.also_on, 'also_on').map((at) => singleMeeting(at, durationMinutes, location)),
  ];
  return { summary: event.summary, timeZone, blocks, problem: null };
}

function everyWeeks(interval: unknown): number {
  if (!isRecord(interval)) throw new Error('"repeat.interval" must be a mapping like { weeks: 2 }');
  const { weeks, days } = interval;
  const extra = Object.keys(interval).filter((k) => k !== 'weeks' && k !== 'days');
  if (extra.length) throw new Error(`only weekly repeats are supported, not "${extra.join('", "')}"`);
  const total = (typeof weeks === 'number' ? weeks * 7 : 0) + (typeof days === 'number' ? days : 0);
  if (!Number.isInteger(total) || total <= 0 || total % 7 !== 0) {
    throw new Error('"repeat.interval" must be a whole number of weeks');
  }
  return total / 7;
}

function minutesOf(event: Record<string, unknown>, begin: LocalDateTime): number {
  const { duration } = event;
  if (isRecord(duration)) {
    const { days = 0, hours = 0, minutes = 0 } = duration as Record<string, unknown>;
    if (typeof days !== 'number' || typeof hours !== 'number' || typeof minutes !== 'number') {
      throw new Error('"duration" takes numbers of days, hours and minutes');
    }
    const total = days * 24 * 60 + hours * 60 + minutes;
    if (total <= 0) throw new Error('"duration" must be positive');
    return total;
  }
  if (event.end !== undefined) {
    const end = localDateTime(event.end, 'end');
    // Both ends are wall-clock times in one zone; a meeting spanning a DST change
    // would be off by an hour, which no weekly team meeting does.
    const total = (Date.parse(`${localStart(end)}Z`) - Date.parse(`${localStart(begin)}Z`)) / 60_000;
    if (!(total > 0)) throw new Error('"end" must be after "begin"');
    return total;
  }
  throw new Error('missing "duration" (or "end")');
}

function listOf(value: unknown, key: string): LocalDateTime[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`"${key}" must be a list of dates`);
  return value.map((item) => localDateTime(item, key));
}

const dateTimePattern = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** A local date-time as written; YAML 1.1 readers hand back a Date, read as wall-clock. */
function localDateTime(value: unknown, key: string): LocalDateTime {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return {
      date: isoDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()),
      time: isoTime(value.getUTCHours(), value.getUTCMinutes(), value.getUTCSeconds()),
    };
  }
  const match = typeof value === 'string' ? dateTimePattern.exec(value.trim()) : null;
  if (!match)
    throw new Error(
      `"${key}" must be a local date and time like 2023-12-04 15:05:00, not ${JSON.stringify(value)}`,
    );
  const [, date, hour = '00', minute = '00', second = '00'] = match;
  return { date: date!, time: `${hour}:${minute}:${second}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
