import { DateTime } from 'luxon';

/** en-GB gives "Mon 11 Dec 2023" and 24-hour clocks, the way the team writes dates. */
const LOCALE = 'en-GB';

export function inZone(instant: Date, timeZone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone: timeZone }).setLocale(LOCALE);
}

export function localDay(isoDate: string, timeZone: string): DateTime {
  return DateTime.fromISO(isoDate, { zone: timeZone }).setLocale(LOCALE);
}

/**
 * "CET", "EST"; Intl only knows abbreviations that are customary in the locale, so
 * Europe falls back to en-GB, America to en-US, and the rest to "UTC+5:30".
 */
export function zoneAbbreviation(dt: DateTime): string {
  const gb = dt.toFormat('ZZZZ');
  if (!gb.startsWith('GMT') || gb === 'GMT') return gb;
  const us = dt.setLocale('en-US').toFormat('ZZZZ');
  if (!us.startsWith('GMT')) return us;
  return gb.replace('GMT', 'UTC');
}

export const clockTime = (dt: DateTime): string => dt.toFormat('HH:mm');
export const weekdayDate = (dt: DateTime): string => dt.toFormat('ccc d LLL yyyy');
export const longDate = (dt: DateTime): string => dt.toFormat('cccc d LLLL yyyy');

/** "4 Dec", with the year only when it differs from the reference year. */
export function shortDate(dt: DateTime, referenceYear: number): string {
  return dt.year === referenceYear ? dt.toFormat('d LLL') : dt.toFormat('d LLL yyyy');
}

/**
 * "15:20" for many instants in one zone: the running clock of a long agenda. One Intl formatter
 * instead of a luxon DateTime per item (see shortDates).
 */
export function clockTimes(timeZone: string): (instant: Date) => string {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (instant) => {
    let hour = '';
    let minute = '';
    for (const p of format.formatToParts(instant)) {
      if (p.type === 'hour') hour = p.value;
      else if (p.type === 'minute') minute = p.value;
    }
    return `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
  };
}

export interface ShortDates {
  /** shortDate of a local calendar date, "2023-12-04". */
  ofDay(isoDate: string): string;
  /** shortDate of the local calendar date of an instant. */
  ofInstant(instant: Date): string;
}

/**
 * shortDate for many dates in one zone, as a large agenda needs (hundreds of action items, each
 * with a date or two). Luxon works out the zone's offset for every DateTime it makes, which was
 * most of the cost of a large digest's view; here an instant costs one Intl call, and luxon
 * names each month once ("d LLL" is the day, a space and the month's name).
 */
export function shortDates(timeZone: string, referenceYear: number): ShortDates {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const monthNames = new Map<number, string>();
  const monthName = (month: number): string => {
    let name = monthNames.get(month);
    if (name === undefined) {
      name = DateTime.fromObject({ year: referenceYear, month, day: 1 }, { zone: 'UTC' })
        .setLocale(LOCALE)
        .toFormat('LLL');
      monthNames.set(month, name);
    }
    return name;
  };
  const ofDay = (isoDate: string): string => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
    const month = Number(match?.[2]);
    if (!match || month < 1 || month > 12) return shortDate(localDay(isoDate, timeZone), referenceYear);
    const label = `${Number(match[3])} ${monthName(month)}`;
    return Number(match[1]) === referenceYear ? label : `${label} ${match[1]}`;
  };
  return {
    ofDay,
    ofInstant(instant) {
      const field: Record<string, string> = {};
      for (const p of parts.formatToParts(instant)) field[p.type] = p.value;
      return ofDay(`${field.year}-${field.month}-${field.day}`);
    },
  };
}

/** Everything that came from mail is shown on one line: no CR/LF, no control characters. */
export function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Handles are stored without "@"; owners not on the roster are kept as addresses. */
export function who(owner: string | null): string | null {
  if (owner === null) return null;
  const clean = oneLine(owner);
  if (clean === '') return null;
  if (clean.startsWith('@') || clean.includes('@')) return clean;
  return `@${clean}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "A-3" < "A-12": refs sort by their number, not as text. */
export function compareRefs(a: string, b: string): number {
  const na = Number(a.replace(/\D+/g, ''));
  const nb = Number(b.replace(/\D+/g, ''));
  return na - nb || a.localeCompare(b);
}

export function compareHandles(a: string, b: string): number {
  return a.toLowerCase().localeCompare(b.toLowerCase());
}

export interface MeetingTimesView {
  title: string;
  localDate: string;
  /** "Monday 11 December 2023" */
  dateLong: string;
  /** "Mon 11 Dec 2023" */
  dateShort: string;
  start: string;
  end: string;
  zone: string;
  timeZone: string;
  startUtc: string;
  endUtc: string;
  lengthMinutes: number;
  location: string | null;
}

export function meetingTimes(meeting: {
  seriesName: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  localDate: string;
  location: string | null;
}): MeetingTimesView {
  const start = inZone(meeting.startsAt, meeting.timeZone);
  const end = inZone(meeting.endsAt, meeting.timeZone);
  return {
    title: oneLine(meeting.seriesName),
    localDate: meeting.localDate,
    dateLong: longDate(start),
    dateShort: weekdayDate(start),
    start: clockTime(start),
    end: clockTime(end),
    zone: zoneAbbreviation(start),
    timeZone: meeting.timeZone,
    startUtc: clockTime(start.setZone('UTC')),
    endUtc: clockTime(end.setZone('UTC')),
    lengthMinutes: Math.round(end.diff(start, 'minutes').minutes),
    location: meeting.location === null ? null : oneLine(meeting.location) || null,
  };
}
