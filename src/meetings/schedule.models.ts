import { IANAZone } from 'luxon';
import type { Occurrence } from './meeting.types.js';

/**
 * One run of a series: the same weekday and wall-clock time every `everyWeeks` weeks.
 * A series is one or more blocks (a calendar's 2025 and 2026 events, or a moved
 * one-off meeting), merged in time order.
 */
export interface SeriesBlock {
  /** Local wall-clock start of the first meeting, ISO without offset: "2023-12-04T15:05". */
  start: string;
  durationMinutes: number;
  everyWeeks: number;
  /** Last local date a meeting may fall on (inclusive), or null for no end. */
  until: string | null;
  /** Local dates (YYYY-MM-DD) on which this block holds no meeting. */
  skip: string[];
  location: string | null;
}

export interface SeriesRule {
  team: string;
  series: string;
  seriesName: string;
  timeZone: string;
  blocks: SeriesBlock[];
}

/**
 * Occurrences whose start lies in [from, to), in order, with sequence numbers counted
 * from the series' first meeting (skipped dates don't count).
 */
export function occurrencesBetween(rule: SeriesRule, from: Date, to: Date): Occurrence[] {
  const found: Occurrence[] = [];
  for (const occurrence of heldMeetings(rule)) {
    if (occurrence.startsAt >= to) break;
    if (occurrence.startsAt >= from) found.push(occurrence);
  }
  return found;
}

/** The first meeting that starts strictly after `after`. */
export function nextOccurrence(rule: SeriesRule, after: Date): Occurrence | null {
  for (const occurrence of heldMeetings(rule)) {
    if (occurrence.startsAt > after) return occurrence;
  }
  return null;
}

/** The last meeting that starts strictly before `before`. */
export function previousOccurrence(rule: SeriesRule, before: Date): Occurrence | null {
  let last: Occurrence | null = null;
  for (const occurrence of heldMeetings(rule)) {
    if (occurrence.startsAt >= before) break;
    last = occurrence;
  }
  return last;
}

/** The meeting held on a local date (YYYY-MM-DD in the series' zone), if any. */
export function occurrenceOn(rule: SeriesRule, localDate: string): Occurrence | null {
  for (const occurrence of heldMeetings(rule)) {
    if (occurrence.localDate === localDate) return occurrence;
    if (occurrence.localDate > localDate) return null;
  }
  return null;
}

/**
 * Every held meeting of the series, from the first, in time order. Lazy and unbounded
 * for a series without `until`: callers stop when they have what they need. Walking
 * from the first meeting (one step per meeting, ~52 a year) is what makes `sequence`
 * right without bookkeeping, and is cheap even for a series running for decades.
 */
export function* heldMeetings(rule: SeriesRule): Generator<Occurrence> {
  if (!IANAZone.isValidZone(rule.timeZone)) throw new RangeError(`unknown time zone "${rule.timeZone}"`);
  const heads = rule.blocks.map((block) => blockMeetings(block, rule.timeZone));
  const current = heads.map((it) => it.next());
  let sequence = 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  for (;;) {
    let pick = -1;
    for (let i = 0; i < current.length; i++) {
      const candidate = current[i]!;
      if (candidate.done) continue;
      const best = pick < 0 ? undefined : current[pick]!;
      if (!best || best.done || candidate.value.startsAt < best.value.startsAt) pick = i;
    }
    if (pick < 0) return;
    const chosen = current[pick]!;
    current[pick] = heads[pick]!.next();
    if (chosen.done) return;
    const meeting = chosen.value;
    // Two blocks naming the same instant (a calendar's "also_on" date that the rule
    // already produces) are one meeting, not two.
    if (meeting.startsAt.getTime() === lastStart) continue;
    lastStart = meeting.startsAt.getTime();
    yield {
      team: rule.team,
      series: rule.series,
      seriesName: rule.seriesName,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      timeZone: rule.timeZone,
      localDate: meeting.localDate,
      sequence: sequence++,
      location: meeting.location,
    };
  }
}

interface BlockMeeting {
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  location: string | null;
}

const localStartPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

function* blockMeetings(block: SeriesBlock, timeZone: string): Generator<BlockMeeting> {
  const match = localStartPattern.exec(block.start);
  if (!match)
    throw new RangeError(
      `a series start must be a local date and time like 2023-12-04T15:05, not "${block.start}"`,
    );
  if (!Number.isInteger(block.everyWeeks) || block.everyWeeks < 1) {
    throw new RangeError(`everyWeeks must be a whole number of weeks ≥ 1, not ${block.everyWeeks}`);
  }
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  // Dates are stepped on a zone-free calendar and only then placed in the zone, so a
  // 15:05 meeting stays at 15:05 local across DST changes and one shifted wall-clock
  // time (a 02:30 start on a spring-forward day) does not drift into later weeks.
  const firstDay = Date.UTC(year!, month! - 1, day!);
  if (new Date(firstDay).getUTCDate() !== day || hour! > 23 || minute! > 59) {
    throw new RangeError(`"${block.start}" is not a date and time`);
  }
  const skip = new Set(block.skip);
  for (let k = 0; ; k++) {
    const date = new Date(firstDay + 7 * block.everyWeeks * k * dayMs);
    const localDate = date.toISOString().slice(0, 10);
    if (block.until !== null && localDate > block.until) return;
    if (skip.has(localDate)) continue;
    const startsAt = instantOf(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      hour!,
      minute!,
      second || 0,
      timeZone,
    );
    yield {
      startsAt: new Date(startsAt),
      endsAt: new Date(startsAt + block.durationMinutes * 60_000),
      localDate,
      location: block.location,
    };
  }
}

const dayMs = 86_400_000;

/**
 * The instant of a wall-clock time in a zone, the way RFC 5545 (3.3.5) reads it: a time
 * that occurs twice (the fall-back night) is the first, summer-time one; a time that
 * does not exist (the spring-forward gap) takes the offset from before the gap, so
 * 02:30 on 2024-03-31 in Berlin becomes 03:30 CEST. Done by hand because luxon's own
 * answer for a time that occurs twice depends on today's offset: a hidden clock.
 */
export function instantOf(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): number {
  const zone = IANAZone.create(timeZone);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // No zone changes its offset twice within two days: the offsets a day before and a
  // day after are the only candidates.
  const before = zone.offset(wall - dayMs);
  const after = zone.offset(wall + dayMs);
  if (before === after) return wall - before * 60_000;
  const fitting = [before, after].filter((offset) => zone.offset(wall - offset * 60_000) === offset);
  if (fitting.length === 0) return wall - before * 60_000;
  return wall - Math.max(...fitting) * 60_000;
}
