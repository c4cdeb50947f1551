import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIcsCalendar } from './calendar-ics.models.js';
import { meetingSeriesSchema } from './meetings.schema.js';
import { heldMeetings, occurrenceOn } from './schedule.models.js';
import { seriesRule } from './series-rule.models.js';

const fixture = readFileSync(
  path.resolve(import.meta.dirname, '../../test/fixtures/calendar/team-iaas.ics'),
  'utf8',
);

const series = (event?: string) =>
  meetingSeriesSchema.parse({
    slug: 'weekly',
    calendar: { file: 'team-iaas.ics', ...(event ? { event } : {}) },
  });

function ics(...vevent: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    'UID:x@example.org',
    ...vevent,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

describe('parseIcsCalendar', () => {
  it('reads a weekly RRULE with TZID, UNTIL, EXDATE and a moved meeting (RECURRENCE-ID)', () => {
    const rule = seriesRule('iaas', series('Team IaaS Meeting'), parseIcsCalendar(fixture));
    expect(rule.timeZone).toBe('Europe/Berlin');
    expect([...heldMeetings(rule)].map((o) => [o.localDate, o.startsAt.toISOString(), o.sequence])).toEqual([
      ['2024-03-04', '2024-03-04T14:05:00.000Z', 0],
      ['2024-03-11', '2024-03-11T14:05:00.000Z', 1],
      ['2024-03-18', '2024-03-18T14:05:00.000Z', 2],
      ['2024-03-25', '2024-03-25T14:05:00.000Z', 3],
      // 2024-04-01 is an EXDATE (Easter Monday)
      ['2024-04-08', '2024-04-08T13:05:00.000Z', 4],
      ['2024-04-16', '2024-04-16T08:05:00.000Z', 5], // moved from Monday 15:05 to Tuesday 10:05
      ['2024-04-22', '2024-04-22T13:05:00.000Z', 6],
      ['2024-04-29', '2024-04-29T13:05:00.000Z', 7], // UNTIL is exactly this start: included
    ]);
    expect(occurrenceOn(rule, '2024-04-08')).toMatchObject({
      endsAt: new Date('2024-04-08T13:55Z'),
      location: 'https://conf.example.org/SCS-Tech',
    });
  });

  it('reads COUNT (EXDATEs still use up the count), DURATION and UTC times', () => {
    const rule = seriesRule('iaas', series('SIG Monitoring'), parseIcsCalendar(fixture));
    expect(rule.timeZone).toBe('UTC');
    expect([...heldMeetings(rule)].map((o) => [o.startsAt.toISOString(), o.endsAt.toISOString()])).toEqual([
      ['2024-03-07T13:00:00.000Z', '2024-03-07T13:45:00.000Z'],
      ['2024-04-04T13:00:00.000Z', '2024-04-04T13:45:00.000Z'],
    ]);
  });

  it('keeps an all-day event as a problem that only fails a series that selects it', () => {
    const events = parseIcsCalendar(fixture);
    expect(events.find((e) => e.summary === 'SCS Hackathon')!.problem).toMatch(/all-day/);
    expect(() => seriesRule('iaas', series('SCS Hackathon'), events)).toThrow(/all-day/);
  });

  it('asks for the event when an .ics holds several, and names the ones it has when none matches', () => {
    expect(() => seriesRule('iaas', series(), parseIcsCalendar(fixture))).toThrow(/several events/);
    expect(() => seriesRule('iaas', series('Team IaaS'), parseIcsCalendar(fixture))).toThrow(
      /no such event.*"Team IaaS Meeting"/,
    );
  });

  it('takes the only event of a file when no event is named', () => {
    const text = ics(
      'SUMMARY:Weekly',
      'DTSTART;TZID=Europe/Berlin:20240304T150500',
      'DURATION:PT50M',
      'RRULE:FREQ=WEEKLY',
    );
    const rule = seriesRule('iaas', series(), parseIcsCalendar(text));
    expect(rule.seriesName).toBe('Weekly');
    expect(occurrenceOn(rule, '2030-03-04')!.startsAt.toISOString()).toBe('2030-03-04T14:05:00.000Z');
  });

  it('ends before the last day when UNTIL lies before that day’s meeting', () => {
    const text = ics(
      'SUMMARY:Weekly',
      'DTSTART;TZID=Europe/Berlin:20240304T150500',
      'DTEND;TZID=Europe/Berlin:20240304T155500',
      'RRULE:FREQ=WEEKLY;UNTIL=20240318T120000Z',
    );
    const [event] = parseIcsCalendar(text);
    expect(event!.blocks[0]!.until).toBe('2024-03-17');
  });

  it('reads Outlook’s Windows zone names and EXDATEs written in UTC', () => {
    const text = ics(
      'SUMMARY:Weekly',
      'DTSTART;TZID=W. Europe Standard Time:20240304T150500',
      'DTEND;TZID=W. Europe Standard Time:20240304T155500',
      'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4',
      'EXDATE:20240401T130500Z',
    );
    const [event] = parseIcsCalendar(text);
    expect(event).toMatchObject({ timeZone: 'Europe/Berlin', problem: null });
    expect(event!.blocks[0]).toMatchObject({ everyWeeks: 2, until: '2024-04-15', skip: ['2024-04-01'] });
  });

  it('turns rules it cannot represent into problems', () => {
    const monthly = ics('SUMMARY:M', 'DTSTART:20240304T150500Z', 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY');
    expect(parseIcsCalendar(monthly)[0]!.problem).toMatch(/not a weekly series/);
    const twoDays = ics(
      'SUMMARY:M',
      'DTSTART:20240304T150500Z',
      'DURATION:PT1H',
      'RRULE:FREQ=WEEKLY;BYDAY=MO,TH',
    );
    expect(parseIcsCalendar(twoDays)[0]!.problem).toMatch(/BYDAY=MO,TH/);
    const mars = ics('SUMMARY:M', 'DTSTART;TZID=Mars/Olympus:20240304T150500', 'DURATION:PT1H');
    expect(parseIcsCalendar(mars)[0]!.problem).toMatch(/unknown time zone/);
  });

  it('places floating times in the configured zone', () => {
    const text = ics('SUMMARY:Weekly', 'DTSTART:20240304T150500', 'DURATION:PT50M', 'RRULE:FREQ=WEEKLY');
    expect(parseIcsCalendar(text, { floatingTimeZone: 'Europe/Berlin' })[0]!.timeZone).toBe('Europe/Berlin');
  });

  it('refuses text that is not iCalendar', () => {
    expect(() => parseIcsCalendar('hello')).toThrow(/not a valid iCalendar/);
  });
});
