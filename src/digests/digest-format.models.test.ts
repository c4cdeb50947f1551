import { describe, expect, it } from 'vitest';
import { clockTimes, inZone, localDay, shortDate, shortDates } from './digest-format.models.js';

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
