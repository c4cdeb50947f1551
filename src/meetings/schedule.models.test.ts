import { Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  heldMeetings,
  nextOccurrence,
  occurrenceOn,
  occurrencesBetween,
  previousOccurrence,
  type SeriesBlock,
  type SeriesRule,
} from './schedule.models.js';

function rule(blocks: Partial<SeriesBlock>[], timeZone = 'Europe/Berlin'): SeriesRule {
  return {
    team: 'iaas',
    series: 'weekly',
    seriesName: 'Team IaaS Meeting',
    timeZone,
    blocks: blocks.map((b) => ({
      start: '2023-12-04T15:05',
      durationMinutes: 50,
      everyWeeks: 1,
      until: null,
      skip: [],
      location: null,
      ...b,
    })),
  };
}

const starts = (occurrences: { startsAt: Date }[]) => occurrences.map((o) => o.startsAt.toISOString());
const d = (iso: string) => new Date(iso);

describe('occurrencesBetween', () => {
  it('keeps a 15:05 Europe/Berlin meeting at 15:05 local across the spring-forward change of 2024-03-31', () => {
    const weekly = rule([{ start: '2024-03-18T15:05' }]);
    expect(starts(occurrencesBetween(weekly, d('2024-03-18T00:00Z'), d('2024-04-09T00:00Z')))).toEqual([
      '2024-03-18T14:05:00.000Z',
      '2024-03-25T14:05:00.000Z',
      '2024-04-01T13:05:00.000Z',
      '2024-04-08T13:05:00.000Z',
    ]);
  });

  it('keeps a 15:05 Europe/Berlin meeting at 15:05 local across the fall-back change of 2024-10-27', () => {
    const weekly = rule([{ start: '2024-03-18T15:05' }]);
    const found = occurrencesBetween(weekly, d('2024-10-20T00:00Z'), d('2024-11-05T00:00Z'));
    expect(starts(found)).toEqual([
      '2024-10-21T13:05:00.000Z',
      '2024-10-28T14:05:00.000Z',
      '2024-11-04T14:05:00.000Z',
    ]);
    expect(found.map((o) => o.endsAt.toISOString())).toEqual([
      '2024-10-21T13:55:00.000Z',
      '2024-10-28T14:55:00.000Z',
      '2024-11-04T14:55:00.000Z',
    ]);
  });

  it('places a meeting held on the DST day itself (a Sunday series) at its local time', () => {
    const sunday = rule([{ start: '2024-03-24T15:05' }]);
    expect(starts(occurrencesBetween(sunday, d('2024-03-24T00:00Z'), d('2024-04-01T00:00Z')))).toEqual([
      '2024-03-24T14:05:00.000Z',
      '2024-03-31T13:05:00.000Z',
    ]);
    const autumn = rule([{ start: '2024-10-20T15:05' }]);
    expect(starts(occurrencesBetween(autumn, d('2024-10-20T00:00Z'), d('2024-10-28T00:00Z')))).toEqual([
      '2024-10-20T13:05:00.000Z',
      '2024-10-27T14:05:00.000Z',
    ]);
  });

  it('moves a 02:30 meeting that falls into the spring-forward gap to 03:30 CEST, and only that week', () => {
    const early = rule([{ start: '2024-03-24T02:30' }]);
    const found = occurrencesBetween(early, d('2024-03-24T00:00Z'), d('2024-04-08T00:00Z'));
    expect(starts(found)).toEqual([
      '2024-03-24T01:30:00.000Z', // 02:30 CET
      '2024-03-31T01:30:00.000Z', // 02:30 does not exist: 03:30 CEST
      '2024-04-07T00:30:00.000Z', // 02:30 CEST again
    ]);
    expect(found[1]!.localDate).toBe('2024-03-31');
  });

  it("takes the first (summer-time) instant for a 02:30 meeting on the fall-back night, whatever today's offset", () => {
    const early = rule([{ start: '2024-10-27T02:30' }]);
    const saved = Settings.now;
    try {
      for (const today of ['2026-07-01T12:00:00Z', '2026-01-15T12:00:00Z']) {
        Settings.now = () => Date.parse(today);
        expect(nextOccurrence(early, d('2024-10-01T00:00Z'))!.startsAt.toISOString()).toBe(
          '2024-10-27T00:30:00.000Z',
        );
      }
    } finally {
      Settings.now = saved;
    }
  });

  it('meets every two weeks up to and including the until date', () => {
    const biweekly = rule([{ start: '2023-12-04T15:05', everyWeeks: 2, until: '2024-01-15' }]);
    const all = occurrencesBetween(biweekly, d('2023-01-01T00:00Z'), d('2025-01-01T00:00Z'));
    expect(all.map((o) => o.localDate)).toEqual(['2023-12-04', '2023-12-18', '2024-01-01', '2024-01-15']);
    const earlier = rule([{ start: '2023-12-04T15:05', everyWeeks: 2, until: '2024-01-14' }]);
    expect(occurrencesBetween(earlier, d('2023-01-01T00:00Z'), d('2025-01-01T00:00Z'))).toHaveLength(3);
  });

  it('does not advance the sequence on skipped dates', () => {
    const biweekly = rule([{ everyWeeks: 2, until: '2024-01-15', skip: ['2023-12-18'] }]);
    const all = occurrencesBetween(biweekly, d('2023-01-01T00:00Z'), d('2025-01-01T00:00Z'));
    expect(all.map((o) => [o.localDate, o.sequence])).toEqual([
      ['2023-12-04', 0],
      ['2024-01-01', 1],
      ['2024-01-15', 2],
    ]);
  });

  it('counts sequence numbers from the first meeting, not from the start of the window', () => {
    const weekly = rule([{ skip: ['2023-12-25', '2024-01-01'] }]);
    const found = occurrencesBetween(weekly, d('2024-01-01T00:00Z'), d('2024-01-16T00:00Z'));
    // 12-04, 12-11, 12-18 held; 12-25 and 01-01 skipped.
    expect(found.map((o) => [o.localDate, o.sequence])).toEqual([
      ['2024-01-08', 3],
      ['2024-01-15', 4],
    ]);
  });

  it('includes a meeting starting exactly at `from` and excludes one starting exactly at `to`', () => {
    const weekly = rule([{}]);
    const found = occurrencesBetween(weekly, d('2023-12-11T14:05Z'), d('2023-12-18T14:05Z'));
    expect(found.map((o) => o.localDate)).toEqual(['2023-12-11']);
  });

  it('fills every field of the occurrence', () => {
    const weekly = rule([{ location: 'https://conf.example/SCS-Tech' }]);
    expect(occurrencesBetween(weekly, d('2023-12-04T00:00Z'), d('2023-12-05T00:00Z'))).toEqual([
      {
        team: 'iaas',
        series: 'weekly',
        seriesName: 'Team IaaS Meeting',
        startsAt: d('2023-12-04T14:05Z'),
        endsAt: d('2023-12-04T14:55Z'),
        timeZone: 'Europe/Berlin',
        localDate: '2023-12-04',
        sequence: 0,
        location: 'https://conf.example/SCS-Tech',
      },
    ]);
  });

  it('merges blocks in time order, numbering across them, and counts an instant two blocks share once', () => {
    const series = rule([
      { start: '2024-01-08T15:05', everyWeeks: 2, until: '2024-02-05' },
      { start: '2023-12-04T15:05', until: '2023-12-18' },
      { start: '2023-12-18T15:05', until: '2023-12-18' },
    ]);
    const all = [...heldMeetings(series)];
    expect(all.map((o) => [o.localDate, o.sequence])).toEqual([
      ['2023-12-04', 0],
      ['2023-12-11', 1],
      ['2023-12-18', 2],
      ['2024-01-08', 3],
      ['2024-01-22', 4],
      ['2024-02-05', 5],
    ]);
  });

  it('stays fast for a series running for decades', () => {
    const weekly = rule([{ start: '2000-01-03T09:00' }]);
    const started = performance.now();
    const found = occurrencesBetween(weekly, d('2049-12-01T00:00Z'), d('2050-01-01T00:00Z'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(found[0]!.sequence).toBeGreaterThan(2590);
  });

  it('refuses an unknown time zone', () => {
    expect(() => occurrencesBetween(rule([{}], 'Europe/Berln'), d('2024-01-01Z'), d('2024-02-01Z'))).toThrow(
      /unknown time zone/,
    );
  });
});

describe('nextOccurrence, previousOccurrence, occurrenceOn', () => {
  const weekly = rule([{ until: '2024-01-29', skip: ['2023-12-25', '2024-01-01'] }]);

  it('finds the next meeting strictly after an instant, passing over skipped dates', () => {
    expect(nextOccurrence(weekly, d('2023-12-20T00:00Z'))!.localDate).toBe('2024-01-08');
    expect(nextOccurrence(weekly, d('2023-12-18T14:05Z'))!.localDate).toBe('2024-01-08');
    expect(nextOccurrence(weekly, d('2023-12-18T14:04:59Z'))!.localDate).toBe('2023-12-18');
    expect(nextOccurrence(weekly, d('2020-01-01T00:00Z'))!.sequence).toBe(0);
  });

  it('finds nothing after the last meeting of an ended series', () => {
    expect(nextOccurrence(weekly, d('2024-01-29T14:05Z'))).toBeNull();
  });

  it('finds the previous meeting strictly before an instant', () => {
    expect(previousOccurrence(weekly, d('2024-01-05T00:00Z'))!.localDate).toBe('2023-12-18');
    expect(previousOccurrence(weekly, d('2023-12-11T14:05Z'))!.localDate).toBe('2023-12-04');
    expect(previousOccurrence(weekly, d('2023-12-04T14:05Z'))).toBeNull();
    expect(previousOccurrence(weekly, d('2030-01-01T00:00Z'))).toMatchObject({
      localDate: '2024-01-29',
      sequence: 6,
    });
  });

  it('finds the meeting of a local date, and none on skipped, off or out-of-range dates', () => {
    expect(occurrenceOn(weekly, '2024-01-08')).toMatchObject({
      sequence: 3,
      startsAt: d('2024-01-08T14:05Z'),
    });
    expect(occurrenceOn(weekly, '2023-12-25')).toBeNull();
    expect(occurrenceOn(weekly, '2023-12-26')).toBeNull();
    expect(occurrenceOn(weekly, '2023-11-27')).toBeNull();
    expect(occurrenceOn(weekly, '2024-02-05')).toBeNull();
  });

  it('uses the local date, not the UTC date, for a meeting just after local midnight', () => {
    const late = rule([{ start: '2024-01-09T00:30' }]);
    const first = occurrenceOn(late, '2024-01-09')!;
    expect(first.startsAt.toISOString()).toBe('2024-01-08T23:30:00.000Z');
    expect(occurrenceOn(late, '2024-01-08')).toBeNull();
  });
});

describe('independence from the process time zone', () => {
  it('computes the same instants whatever TZ the process runs in', () => {
    const weekly = rule([{ start: '2024-03-18T15:05', skip: ['2024-04-01'] }]);
    const compute = () =>
      JSON.stringify(occurrencesBetween(weekly, d('2024-03-01T00:00Z'), d('2024-11-30T00:00Z')));
    const inUtc = compute();
    const saved = process.env.TZ;
    try {
      // Node re-reads TZ when it is assigned: this really runs in Chatham (+13:45).
      process.env.TZ = 'Pacific/Chatham';
      expect(new Date('2024-01-01T00:00:00Z').getTimezoneOffset()).not.toBe(0);
      expect(compute()).toBe(inUtc);
      process.env.TZ = 'America/Los_Angeles';
      expect(compute()).toBe(inUtc);
    } finally {
      process.env.TZ = saved;
    }
    expect(new Date('2024-01-01T00:00:00Z').getTimezoneOffset()).toBe(0);
  });
});
