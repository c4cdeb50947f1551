import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  clockTimes,
  daysBetween,
  inZone,
  localDay,
  oneLine,
  shortDate,
  shortDates,
  webUrl,
  zoneAbbreviation,
} from './digest-format.models.js';

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'UTC',
];

/** Instants every 37 minutes through two DST changes of 2023, and a year boundary. */
function instants(): Date[] {
  const out: Date[] = [];
  for (const [from, to] of [
    ['2023-03-24T00:00:00Z', '2023-04-03T00:00:00Z'],
    ['2023-09-28T00:00:00Z', '2023-10-02T00:00:00Z'],
    ['2023-10-27T00:00:00Z', '2023-11-06T00:00:00Z'],
    ['2023-12-30T00:00:00Z', '2024-01-02T00:00:00Z'],
  ] as const) {
    for (let t = Date.parse(from); t < Date.parse(to); t += 37 * 60_000) out.push(new Date(t));
  }
  return out;
}

describe('shortDates', () => {
  it('labels instants exactly as shortDate(inZone(…)) does, across DST changes and the new year', () => {
    for (const zone of ZONES) {
      const dates = shortDates(zone, 2023);
      for (const instant of instants()) {
        expect(dates.ofInstant(instant), `${zone} ${instant.toISOString()}`).toBe(
          shortDate(inZone(instant, zone), 2023),
        );
      }
    }
  });

  it('labels calendar days exactly as shortDate(localDay(…)) does, with the year only when it differs', () => {
    const dates = shortDates('Europe/Berlin', 2023);
    for (const day of ['2023-01-01', '2023-03-26', '2023-09-05', '2023-12-31', '2024-01-15', '1999-07-04']) {
      expect(dates.ofDay(day)).toBe(shortDate(localDay(day, 'Europe/Berlin'), 2023));
    }
    expect(dates.ofDay('2024-01-15')).toBe('15 Jan 2024');
  });

  it('gives the local calendar date and its weekday as luxon does, across DST changes', () => {
    for (const zone of ZONES) {
      const dates = shortDates(zone, 2023);
      for (const instant of instants()) {
        const local = inZone(instant, zone);
        expect(dates.localDate(instant), `${zone} ${instant.toISOString()}`).toBe(local.toISODate());
        expect(dates.weekday(dates.localDate(instant))).toBe(local.toFormat('ccc'));
      }
    }
  });

  it('labels instants in years that are not four digits long as luxon does', () => {
    const dates = shortDates('Europe/Berlin', 2023);
    for (const at of ['0999-06-01T12:00:00Z', '-000050-06-01T12:00:00Z', '+020000-01-01T12:00:00Z']) {
      const instant = new Date(at);
      const local = inZone(instant, 'Europe/Berlin');
      expect(dates.ofInstant(instant), at).toBe(shortDate(local, 2023));
      expect(dates.localDate(instant), at).toBe(local.toISODate());
      expect(dates.weekday(dates.localDate(instant)), at).toBe(local.toFormat('ccc'));
    }
  });

  it('names every month as luxon does', () => {
    const dates = shortDates('UTC', 2023);
    for (let month = 1; month <= 12; month++) {
      const day = `2023-${String(month).padStart(2, '0')}-15`;
      expect(dates.ofDay(day)).toBe(shortDate(localDay(day, 'UTC'), 2023));
    }
  });
});

describe('zoneAbbreviation', () => {
  it('names the zone as luxon does, in summer and winter', () => {
    const luxonName = (dt: DateTime): string => {
      const gb = dt.toFormat('ZZZZ');
      if (!gb.startsWith('GMT') || gb === 'GMT') return gb;
      const us = dt.setLocale('en-US').toFormat('ZZZZ');
      return us.startsWith('GMT') ? gb.replace('GMT', 'UTC') : us;
    };
    for (const zone of [...ZONES, 'America/Los_Angeles', 'Asia/Tokyo', 'Europe/London']) {
      for (const at of ['2023-01-15T12:00:00Z', '2023-07-15T12:00:00Z']) {
        const dt = inZone(new Date(at), zone);
        expect(zoneAbbreviation(dt), `${zone} ${at}`).toBe(luxonName(dt));
      }
    }
    expect(zoneAbbreviation(inZone(new Date('2023-12-11T14:05:00Z'), 'Europe/Berlin'))).toBe('CET');
    expect(zoneAbbreviation(DateTime.fromISO('2023-12-11T15:05:00+01:00', { setZone: true }))).toBe('UTC+1');
  });
});

describe('daysBetween', () => {
  it('counts calendar days, across a DST change and a year boundary', () => {
    expect(daysBetween('2023-03-20', '2023-03-27')).toBe(7);
    expect(daysBetween('2023-12-30', '2024-01-02')).toBe(3);
    expect(daysBetween('2023-12-11', '2023-12-08')).toBe(-3);
  });
});

describe('oneLine', () => {
  it('leaves a clean line as it is and flattens anything else', () => {
    for (const [raw, clean] of [
      ['IaaS standards v3', 'IaaS standards v3'],
      ['  padded  ', 'padded'],
      ['two  spaces', 'two spaces'],
      ['tab\there', 'tab here'],
      ['no\u00a0break', 'no break'],
      ['line\r\nbreak\u2028sep', 'line break sep'],
      ['bell\u0007 del\u007f', 'bell del'],
      ['', ''],
    ]) {
      expect(oneLine(raw as string), JSON.stringify(raw)).toBe(clean);
    }
  });
});

describe('clockTimes', () => {
  it('shows the local wall clock as luxon does, midnight as 00:00', () => {
    for (const zone of ZONES) {
      const clock = clockTimes(zone);
      for (const instant of instants()) {
        expect(clock(instant), `${zone} ${instant.toISOString()}`).toBe(
          inZone(instant, zone).toFormat('HH:mm'),
        );
      }
    }
  });
});

describe('webUrl', () => {
  it('finds the http(s) address in a meeting location', () => {
    expect(webUrl('https://conf.scs.koeln:8443/SCS-Tech')).toBe('https://conf.scs.koeln:8443/SCS-Tech');
    expect(webUrl('Jitsi: https://meet.example.org/iaas (PIN 1234)')).toBe('https://meet.example.org/iaas');
    expect(webUrl('Call (https://meet.example.org/iaas).')).toBe('https://meet.example.org/iaas');
    expect(webUrl('HTTP://Example.ORG/Room')).toBe('http://example.org/Room');
    expect(webUrl('<https://meet.example.org/a?b=c&d=e>')).toBe('https://meet.example.org/a?b=c&d=e');
  });

  it('finds none in a room, a phone number or a scheme that is not the web', () => {
    for (const text of [
      'Room 4.12',
      '+49 221 1234',
      'javascript:alert(1)',
      "javascript:alert('https://x.example')",
      'javascript://https://x.example/%0Aalert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox',
      'ftp://files.example.org/',
      'xhttps://x.example',
      'https://',
      'https://[not-a-host]/',
    ]) {
      expect(webUrl(text), text).toBeNull();
    }
  });
});
