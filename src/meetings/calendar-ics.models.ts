import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import {
  CalendarError,
  type CalendarEvent,
  isoDate,
  isoTime,
  type LocalDateTime,
  localStart,
  singleMeeting,
} from './calendar.models.js';
import { instantOf, type SeriesBlock } from './schedule.models.js';

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
type Time = InstanceType<typeof ICAL.Time>;

// Outlook and Exchange write Windows zone names as TZID; these are the ones a European
// team meets in. Anything else needs an IANA name or a VTIMEZONE with X-LIC-LOCATION.
const windowsZones: Record<string, string> = {
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'GMT Standard Time': 'Europe/London',
  'Eastern Standard Time': 'America/New_York',
  'Pacific Standard Time': 'America/Los_Angeles',
  UTC: 'UTC',
};

const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/**
 * Reads the VEVENTs of an iCalendar file as meeting series: DTSTART with TZID, DTEND or
 * DURATION, a weekly RRULE (INTERVAL, UNTIL or COUNT), EXDATE and RDATE, and moved or
 * cancelled single meetings (RECURRENCE-ID). `floatingTimeZone` places times written
 * without any zone.
 */
export function parseIcsCalendar(icsText: string, opts: { floatingTimeZone?: string } = {}): CalendarEvent[] {
  let root: Component;
  try {
    root = new ICAL.Component(ICAL.parse(icsText));
  } catch (error) {
    throw new CalendarError(`not a valid iCalendar file: ${(error as Error).message.split('\n')[0]}`);
  }
  const zoneAliases = new Map<string, string>();
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    const tzid = String(vtimezone.getFirstPropertyValue('tzid') ?? '');
    const location = String(vtimezone.getFirstPropertyValue('x-lic-location') ?? '');
    if (tzid && IANAZone.isValidZone(location)) zoneAliases.set(tzid, location);
  }
  const context: Context = { zoneAliases, floatingTimeZone: opts.floatingTimeZone ?? 'UTC' };

  const vevents = root.getAllSubcomponents('vevent');
  const masters = vevents.filter((v) => !v.hasProperty('recurrence-id'));
  const events = new Map<Component, CalendarEvent>();
  for (const vevent of masters) {
    if (text(vevent, 'status')?.toUpperCase() === 'CANCELLED') continue;
    events.set(vevent, readEvent(vevent, context));
  }
  for (const exception of vevents.filter((v) => v.hasProperty('recurrence-id'))) {
    const uid = text(exception, 'uid');
    const master = masters.find((m) => uid !== null && text(m, 'uid') === uid);
    const event = master ? events.get(master) : undefined;
    if (!event) {
      if (text(exception, 'status')?.toUpperCase() !== 'CANCELLED') {
        events.set(exception, readEvent(exception, context));
      }
      continue;
    }
    if (event.problem) continue;
    // A moved or cancelled meeting: the rule's date goes, the new time (if any) comes
    // in as a meeting of its own. It still counts once in the rotation.
    try {
      const original = localOf(exception.getFirstProperty('recurrence-id')!, event.timeZone, context);
      event.blocks[0]!.skip.push(original.date);
      if (text(exception, 'status')?.toUpperCase() !== 'CANCELLED') {
        const moved = readEvent(exception, context);
        if (moved.problem) throw new Error(moved.problem);
        if (moved.timeZone !== event.timeZone) throw new Error('a moved meeting in another time zone');
        event.blocks.push(...moved.blocks);
      }
    } catch (error) {
      event.problem = `RECURRENCE-ID: ${(error as Error).message}`;
    }
  }
  return [...events.values()];
}

interface Context {
  zoneAliases: Map<string, string>;
  floatingTimeZone: string;
}

function readEvent(vevent: Component, context: Context): CalendarEvent {
  const summary = text(vevent, 'summary') ?? '';
  try {
    const dtstart = vevent.getFirstProperty('dtstart');
    if (!dtstart) throw new Error('no DTSTART');
    const startTime = dtstart.getFirstValue() as Time;
    if (startTime.isDate) throw new Error('an all-day event is not a meeting');
    const timeZone = zoneOf(dtstart, context);
    const start = localOf(dtstart, timeZone, context);
    const event = new ICAL.Event(vevent);
    const durationMinutes = Math.round(event.duration.toSeconds() / 60);
    if (!(durationMinutes > 0)) throw new Error('DTEND must be after DTSTART');
    const location = text(vevent, 'location');
    const extra = vevent
      .getAllProperties('rdate')
      .flatMap((p) => valuesAt(p, timeZone, context))
      .map((at) => singleMeeting(at, durationMinutes, location));
    const rrule = vevent.getFirstPropertyValue('rrule') as InstanceType<typeof ICAL.Recur> | null;
    if (!rrule)
      return {
        summary,
        timeZone,
        blocks: [singleMeeting(start, durationMinutes, location), ...extra],
        problem: null,
      };
    const block: SeriesBlock = {
      start: localStart(start),
      durationMinutes,
      everyWeeks: everyWeeks(rrule, start),
      until: null,
      skip: vevent
        .getAllProperties('exdate')
        .flatMap((p) => valuesAt(p, timeZone, context).map((at) => at.date)),
      location,
    };
    block.until = untilOf(rrule, block, start, timeZone, context);
    return { summary, timeZone, blocks: [block, ...extra], problem: null };
  } catch (error) {
    return {
      summary,
      timeZone: 'UTC',
      blocks: [],
      problem: `VEVENT "${summary}": ${(error as Error).message}`,
    };
  }
}

function everyWeeks(rrule: InstanceType<typeof ICAL.Recur>, start: LocalDateTime): number {
  const interval = rrule.interval ?? 1;
  const other = Object.keys(rrule.parts).filter((part) => part !== 'BYDAY');
  if (other.length) throw new Error(`RRULE with ${other.join(', ')} is not a weekly series`);
  const byday = (rrule.parts as { BYDAY?: string[] }).BYDAY;
  if (byday) {
    const own = weekdays[DateTime.fromISO(start.date, { zone: 'UTC' }).weekday - 1];
    if (byday.length !== 1 || byday[0] !== own)
      throw new Error(`RRULE BYDAY=${byday.join(',')} is not the weekday of DTSTART`);
  }
  if (rrule.freq === 'WEEKLY') return interval;
  if (rrule.freq === 'DAILY' && interval % 7 === 0) return interval / 7;
  throw new Error(`RRULE FREQ=${rrule.freq} is not a weekly series`);
}

function untilOf(
  rrule: InstanceType<typeof ICAL.Recur>,
  block: SeriesBlock,
  start: LocalDateTime,
  timeZone: string,
  context: Context,
): string | null {
  if (rrule.count) {
    // COUNT counts the rule's dates before EXDATE removes any (RFC 5545 3.8.5.3).
    return DateTime.fromISO(start.date, { zone: 'UTC' })
      .plus({ weeks: (rrule.count - 1) * block.everyWeeks })
      .toISODate();
  }
  if (!rrule.until) return null;
  const until = localOfTime(rrule.until, undefined, timeZone, context);
  if (rrule.until.isDate) return until.date;
  // UNTIL is an instant (UTC by the RFC): a meeting on its last day is in the series
  // only if it starts no later than that instant.
  if (until.time >= start.time) return until.date;
  return DateTime.fromISO(until.date, { zone: 'UTC' }).minus({ days: 1 }).toISODate();
}

function zoneOf(property: Property, context: Context): string {
  const time = property.getFirstValue() as Time;
  if (time.zone === ICAL.Timezone.utcTimezone) return 'UTC';
  const tzid = property.getParameter('tzid');
  if (typeof tzid !== 'string' || !tzid) return context.floatingTimeZone;
  return resolveZone(tzid, context);
}

function resolveZone(tzid: string, context: Context): string {
  if (IANAZone.isValidZone(tzid)) return tzid;
  const alias = context.zoneAliases.get(tzid) ?? windowsZones[tzid];
  if (alias) return alias;
  // Old Mozilla exports prefix the IANA name: "/mozilla.org/20050126_1/Europe/Berlin".
  const tail = /([A-Za-z_]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?)$/.exec(tzid)?.[1];
  if (tail && IANAZone.isValidZone(tail)) return tail;
  throw new Error(`unknown time zone "${tzid}"`);
}

function valuesAt(property: Property, timeZone: string, context: Context): LocalDateTime[] {
  const tzid = property.getParameter('tzid');
  return property
    .getValues()
    .filter((value): value is Time => value instanceof ICAL.Time)
    .map((value) => localOfTime(value, typeof tzid === 'string' ? tzid : undefined, timeZone, context));
}

function localOf(property: Property, timeZone: string, context: Context): LocalDateTime {
  const tzid = property.getParameter('tzid');
  return localOfTime(
    property.getFirstValue() as Time,
    typeof tzid === 'string' ? tzid : undefined,
    timeZone,
    context,
  );
}

/** A value's wall-clock date and time in the series' zone, whatever zone it was written in. */
function localOfTime(
  time: Time,
  tzid: string | undefined,
  timeZone: string,
  context: Context,
): LocalDateTime {
  const date = isoDate(time.year, time.month, time.day);
  if (time.isDate) return { date, time: '00:00:00' };
  const from =
    time.zone === ICAL.Timezone.utcTimezone
      ? 'UTC'
      : tzid
        ? resolveZone(tzid, context)
        : context.floatingTimeZone;
  if (from === timeZone) return { date, time: isoTime(time.hour, time.minute, time.second) };
  const instant = instantOf(time.year, time.month, time.day, time.hour, time.minute, time.second, from);
  const local = DateTime.fromMillis(instant, { zone: timeZone });
  return { date: local.toISODate()!, time: isoTime(local.hour, local.minute, local.second) };
}

function text(component: Component, name: string): string | null {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' && value ? value : null;
}
