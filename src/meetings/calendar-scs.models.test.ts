import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScsCalendar } from './calendar-scs.models.js';
import { meetingSeriesSchema } from './meetings.schema.js';
import { heldMeetings, nextOccurrence, occurrenceOn, occurrencesBetween } from './schedule.models.js';
import { seriesRule } from './series-rule.models.js';

const fixture = readFileSync(
  path.resolve(import.meta.dirname, '../../test/fixtures/calendar/team-meetings.yml'),
  'utf8',
);

function calendarSeries(event: string, file = 'team_meetings.yml') {
  return meetingSeriesSchema.parse({ slug: 'iaas', calendar: { file, event } });
}

describe('parseScsCalendar', () => {
  it('reads each event with the file-wide time zone, its weekly rule, until, except_on and also_on', () => {
    const events = parseScsCalendar(fixture);
    expect(events.map((e) => [e.summary, e.timeZone, e.problem])).toEqual([
      ['Team IaaS Meeting', 'Europe/Berlin', null],
      ['Team IaaS Meeting', 'Europe/Berlin', null],
      ['Release party', 'Europe/Berlin', null],
    ]);
    expect(events[0]!.blocks).toEqual([
      {
        start: '2023-12-04T15:05',
        durationMinutes: 50,
        everyWeeks: 1,
        until: '2023-12-18',
        skip: ['2023-12-11'],
        location: 'https://conf.example.org/SCS-Tech',
      },
      {
        start: '2023-12-13T10:05',
        durationMinutes: 50,
        everyWeeks: 1,
        until: '2023-12-13',
        skip: [],
        location: 'https://conf.example.org/SCS-Tech',
      },
    ]);
    expect(events[1]!.blocks[0]).toMatchObject({ durationMinutes: 60, everyWeeks: 2, until: '2024-02-05' });
  });

  it('reads an event without repeat as a single meeting', () => {
    const [party] = parseScsCalendar(fixture).slice(2);
    expect(party!.blocks).toEqual([
      {
        start: '2024-03-20T17:00',
        durationMinutes: 90,
        everyWeeks: 1,
        until: '2024-03-20',
        skip: [],
        location: 'Köln',
      },
    ]);
  });

  it('joins every event of one summary into one series, numbered across the blocks', () => {
    const rule = seriesRule('iaas', calendarSeries('Team IaaS Meeting'), parseScsCalendar(fixture));
    const all = [...heldMeetings(rule)];
    expect(all.map((o) => [o.localDate, o.startsAt.toISOString(), o.sequence])).toEqual([
      ['2023-12-04', '2023-12-04T14:05:00.000Z', 0],
      ['2023-12-13', '2023-12-13T09:05:00.000Z', 1],
      ['2023-12-18', '2023-12-18T14:05:00.000Z', 2],
      ['2024-01-08', '2024-01-08T14:05:00.000Z', 3],
      ['2024-01-22', '2024-01-22T14:05:00.000Z', 4],
      ['2024-02-05', '2024-02-05T14:05:00.000Z', 5],
    ]);
    expect(all[3]!.endsAt.toISOString()).toBe('2024-01-08T15:05:00.000Z');
    expect(rule.seriesName).toBe('Team IaaS Meeting');
  });

  it('keeps an event it cannot read as a problem instead of failing the whole file', () => {
    const events = parseScsCalendar(
      'timezone: Europe/Berlin\nevents:\n  - summary: Monthly\n    begin: 2024-01-01 10:00:00\n    duration: { minutes: 30 }\n    repeat: { interval: { months: 1 } }\n  - summary: Ok\n    begin: 2024-01-01 10:00:00\n    duration: { minutes: 30 }\n',
    );
    expect(events[0]!.problem).toMatch(/only weekly repeats/);
    expect(events[1]!.problem).toBeNull();
    expect(() => seriesRule('t', calendarSeries('Monthly'), events)).toThrow(/only weekly repeats/);
  });

  it('refuses a file that is not a calendar', () => {
    expect(() => parseScsCalendar('events: [')).toThrow(/not valid YAML/);
    expect(() => parseScsCalendar('timezone: Mars/Olympus\nevents: []')).toThrow(/unknown time zone/);
    expect(() => parseScsCalendar('- a\n- b')).toThrow(/timezone/);
  });
});

const corpus = '/work/shared/corpus/scs-calendar';
const hasCorpus = existsSync(path.join(corpus, 'team_meetings-2023.yml'));

describe.skipIf(!hasCorpus)(
  `the real SCS calendar${hasCorpus ? '' : ` (skipped: ${corpus} is absent)`}`,
  () => {
    const read = (name: string) => parseScsCalendar(readFileSync(path.join(corpus, name), 'utf8'));

    it('reads every event of both files without a problem', () => {
      const events = [...read('team_meetings-2023.yml'), ...read('team_meetings.yml')];
      expect(events.length).toBeGreaterThan(40);
      expect(events.filter((e) => e.problem)).toEqual([]);
    });

    it('builds the 2023 "Team IaaS Meeting" series from its two bi-weekly blocks, honouring except_on', () => {
      const rule = seriesRule('iaas', calendarSeries('Team IaaS Meeting'), read('team_meetings-2023.yml'));
      expect(rule.timeZone).toBe('Europe/Berlin');
      // begin 2022-11-16 10:05 every 2 weeks until 2023-03-08, except 2022-12-28.
      expect(occurrenceOn(rule, '2022-11-16')).toMatchObject({
        sequence: 0,
        startsAt: new Date('2022-11-16T09:05Z'),
      });
      expect(occurrenceOn(rule, '2022-12-28')).toBeNull();
      expect(occurrenceOn(rule, '2023-01-11')).toMatchObject({ sequence: 3 });
      expect(occurrenceOn(rule, '2023-03-08')).toMatchObject({ sequence: 7 });
      // begin 2023-03-29 (summer time: 08:05 UTC), except 04-12, 05-24, 10-25, 11-08, until 2023-12-22.
      expect(occurrenceOn(rule, '2023-03-29')).toMatchObject({
        sequence: 8,
        startsAt: new Date('2023-03-29T08:05Z'),
      });
      for (const skipped of ['2023-04-12', '2023-05-24', '2023-10-25', '2023-11-08']) {
        expect(occurrenceOn(rule, skipped)).toBeNull();
      }
      expect(occurrenceOn(rule, '2023-04-26')).toMatchObject({ sequence: 9 });
      expect(occurrenceOn(rule, '2023-11-22')).toMatchObject({
        sequence: 21,
        startsAt: new Date('2023-11-22T09:05Z'),
      });
      const year = occurrencesBetween(rule, new Date('2023-01-01T00:00Z'), new Date('2024-01-01T00:00Z'));
      expect(year).toHaveLength(21);
      expect(year.at(-1)).toMatchObject({ localDate: '2023-12-20', sequence: 23 });
      expect(nextOccurrence(rule, new Date('2023-12-20T10:00Z'))).toBeNull();
    });

    it('builds the "SCS Project Board" series from its 2025 and 2026 events', () => {
      const rule = seriesRule('board', calendarSeries('SCS Project Board'), read('team_meetings.yml'));
      expect(rule.blocks).toHaveLength(2);
      const april = occurrencesBetween(rule, new Date('2025-04-01T00:00Z'), new Date('2025-05-01T00:00Z'));
      expect(april.map((o) => o.localDate)).toEqual(['2025-04-07']); // 14, 21, 28 are except_on
      expect(occurrenceOn(rule, '2025-12-15')).toMatchObject({ startsAt: new Date('2025-12-15T13:05Z') });
      expect(occurrenceOn(rule, '2025-12-22')).toBeNull();
      const first2026 = nextOccurrence(rule, new Date('2025-12-16T00:00Z'))!;
      expect(first2026).toMatchObject({ localDate: '2026-01-12', startsAt: new Date('2026-01-12T13:05Z') });
      expect(occurrenceOn(rule, '2026-02-16')).toBeNull();
      expect(occurrenceOn(rule, '2026-04-13')!.startsAt.toISOString()).toBe('2026-04-13T12:05:00.000Z');
    });

    it('reads also_on dates as extra meetings', () => {
      const rule = seriesRule(
        'std',
        calendarSeries('SIG Standardization/Certification'),
        read('team_meetings-2023.yml'),
      );
      expect(occurrenceOn(rule, '2023-07-11')!.startsAt.toISOString()).toBe('2023-07-11T09:05:00.000Z');
      expect(occurrenceOn(rule, '2023-07-13')).toBeNull();
    });
  },
);
