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
 * Intl.DateTimeFormat instances by locale and options. Making one costs ~80 µs (ICU loads the
 * zone and the locale's patterns), using it ~1 µs, and a digest needs a handful of them for
 * hundreds of dates. Immutable and keyed by everything that shapes their output, so sharing
 * them across calls changes no result (luxon keeps the same kind of cache).
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

/**
 * luxon's toFormat('ZZZZ') (IANA zones) without the Intl.DateTimeFormat it makes for every call:
 * the same fields, so Intl picks the same name.
 */
function zoneName(dt: DateTime, locale: string): string {
  if (dt.zone.type !== 'iana') return dt.setLocale(locale).toFormat('ZZZZ');
  const format = dateTimeFormat(locale, {
    timeZoneName: 'short',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: dt.zone.name,
  });
  return format.formatToParts(dt.toJSDate()).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * "CET", "EST"; Intl only knows abbreviations that are customary in the locale, so
 * Europe falls back to en-GB, America to en-US, and the rest to "UTC+5:30".
 */
export function zoneAbbreviation(dt: DateTime): string {
  const gb = zoneName(dt, LOCALE);
  if (!gb.startsWith('GMT') || gb === 'GMT') return gb;
  const us = zoneName(dt, 'en-US');
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
  const format = dateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const seen = new Map<number, string>();
  return (instant) => {
    // Items without a time box start when the one before them does.
    let clock = seen.get(instant.getTime());
    if (clock !== undefined) return clock;
    // format() is three times as fast as formatToParts(); the parts are the fallback should a
    // future ICU write the time differently.
    const match = /^(\d{2}):(\d{2})$/.exec(format.format(instant));
    let hour = match?.[1] ?? '';
    let minute = match?.[2] ?? '';
    if (!match) {
      for (const p of format.formatToParts(instant)) {
        if (p.type === 'hour') hour = p.value;
        else if (p.type === 'minute') minute = p.value;
      }
    }
    clock = `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
    seen.set(instant.getTime(), clock);
    return clock;
  };
}

export interface ShortDates {
  /** shortDate of a local calendar date, "2023-12-04". */
  ofDay(isoDate: string): string;
  /** shortDate of the local calendar date of an instant. */
  ofInstant(instant: Date): string;
  /** The local calendar date of an instant, "2023-12-04". */
  localDate(instant: Date): string;
  /** The weekday of a calendar date as luxon's "ccc" writes it, "Mon". */
  weekday(isoDate: string): string;
}

/**
 * shortDate for many dates in one zone, as a large agenda needs (hundreds of action items, each
 * with a date or two). Luxon works out the zone's offset for every DateTime it makes, which was
 * most of the cost of a large digest's view; here an instant costs one Intl call, and each
 * instant (the action items of one minutes mail share theirs) and each day is labelled once.
 */
export function shortDates(timeZone: string, referenceYear: number): ShortDates {
  const numeric = dateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  // Month and weekday names of a calendar date, which has no zone: formatted at its UTC midnight.
  const months = dateTimeFormat(LOCALE, { timeZone: 'UTC', month: 'short' });
  const weekdays = dateTimeFormat(LOCALE, { timeZone: 'UTC', weekday: 'short' });
  const monthNames = new Map<number, string>();
  const monthName = (month: number): string => {
    let name = monthNames.get(month);
    if (name === undefined) {
      name = months.format(Date.UTC(referenceYear, month - 1, 1));
      monthNames.set(month, name);
    }
    return name;
  };
  const byDay = new Map<string, string>();
  const ofDay = (isoDate: string): string => {
    let label = byDay.get(isoDate);
    if (label !== undefined) return label;
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
    const month = Number(match?.[2]);
    if (!match || month < 1 || month > 12) {
      label = shortDate(localDay(isoDate, timeZone), referenceYear);
    } else {
      label = `${Number(match[3])} ${monthName(month)}`;
      if (Number(match[1]) !== referenceYear) label += ` ${match[1]}`;
    }
    byDay.set(isoDate, label);
    return label;
  };
  const byInstant = new Map<number, string>();
  const localDate = (instant: Date): string => {
    let day = byInstant.get(instant.getTime());
    if (day !== undefined) return day;
    // "12/04/2023": format() is three times as fast as formatToParts(). Years that are not four
    // digits (a bogus Date header) and anything a future ICU might write differently go to luxon.
    const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(numeric.format(instant));
    day = match ? `${match[3]}-${match[1]}-${match[2]}` : (inZone(instant, timeZone).toISODate() ?? '');
    byInstant.set(instant.getTime(), day);
    return day;
  };
  return {
    ofDay,
    ofInstant: (instant) => ofDay(localDate(instant)),
    localDate,
    weekday: (isoDate) => weekdays.format(Date.parse(`${isoDate}T00:00:00Z`)),
  };
}

/** Everything that came from mail is shown on one line: no CR/LF, no control characters. */
export function oneLine(text: string): string {
  // Most text is already one clean line: one test instead of two replacements and a trim.
  if (!/[\u0000-\u001f\u007f\u2028\u2029]|[^\S ]| {2}|^ | $/.test(text)) return text;
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

/** "A-12" → 12: the digits of a ref. */
export function refNumber(ref: string): number {
  return Number(ref.replace(/\D+/g, ''));
}

/** "A-3" < "A-12": refs sort by their number, not as text. */
export function compareRefs(a: string, b: string): number {
  return refNumber(a) - refNumber(b) || a.localeCompare(b);
}

/** Calendar days from one date to another, "2023-12-04" to "2023-12-11" is 7; no zone involved. */
export function daysBetween(fromIsoDate: string, toIsoDate: string): number {
  return (Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / 86_400_000;
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
  /** The http(s) URL in the location, for the HTML part to link it; null when there is none. */
  locationUrl: string | null;
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
  const location = meeting.location === null ? null : oneLine(meeting.location) || null;
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
    location,
    locationUrl: location === null ? null : webUrl(location),
  };
}

/**
 * The first http(s) URL in a text, as a link may carry it: "Jitsi: https://meet.example.org/x
 * (PIN 1234)" gives "https://meet.example.org/x". Only a URL that starts a word counts, and only
 * one that URL parses as http: or https:, so "javascript:…", "data:…" or a scheme hidden inside
 * another word never becomes a link. Punctuation that ends a sentence is not part of it.
 */
export function webUrl(text: string): string | null {
  const found = /(?:^|[\s(<[])(https?:\/\/[^\s<>"'`]+)/i.exec(text)?.[1];
  if (found === undefined) return null;
  const candidate = found.replace(/[.,;:!?)\]>]+$/, '');
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href;
}
