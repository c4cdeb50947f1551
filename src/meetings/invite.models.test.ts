import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { meetingInvite, meetingsFeed } from './invite.models.js';
import type { Occurrence } from './meeting.types.js';
import { occurrencesBetween, type SeriesRule } from './schedule.models.js';

const weekly: SeriesRule = {
  team: 'iaas',
  series: 'weekly',
  seriesName: 'Team IaaS Meeting',
  timeZone: 'Europe/Berlin',
  blocks: [
    {
      start: '2024-03-18T15:05',
      durationMinutes: 50,
      everyWeeks: 1,
      until: null,
      skip: [],
      location: 'https://conf.example/SCS-Tech',
    },
  ],
};

const [winter, summer] = occurrencesBetween(
  weekly,
  new Date('2024-03-25T00:00Z'),
  new Date('2024-04-02T00:00Z'),
) as [Occurrence, Occurrence];

function vevents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

describe('meetingInvite', () => {
  const options = {
    teamName: 'Team IaaS',
    organizer: 'scs-tech@lists.example.org',
    description: 'Agenda:\n1. IaaS standards v3; timeline, owners (15 min)',
    uid: 'iaas-weekly-2024-04-01@listscribe.example.org',
  };

  it('parses back with ical.js to the meeting’s exact start and end instants', () => {
    const { calendar, events } = vevents(meetingInvite(summer, options));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.startDate.toJSDate().toISOString()).toBe('2024-04-01T13:05:00.000Z');
    expect(event!.endDate.toJSDate().toISOString()).toBe('2024-04-01T13:55:00.000Z');
    expect(event!.uid).toBe(options.uid);
    expect(event!.summary).toBe('Team IaaS Meeting');
    expect(event!.description).toBe(options.description);
    expect(event!.location).toBe('https://conf.example/SCS-Tech');
    expect(event!.organizer).toBe('mailto:scs-tech@lists.example.org');
  });

  it('writes UTC times, so the winter meeting is 14:05Z and the summer one 13:05Z', () => {
    expect(meetingInvite(winter, options)).toMatch(
      /\r\nDTSTART:20240325T140500Z\r\nDTEND:20240325T145500Z\r\n/,
    );
    expect(meetingInvite(summer, options)).toMatch(
      /\r\nDTSTART:20240401T130500Z\r\nDTEND:20240401T135500Z\r\n/,
    );
  });

  it('is reproducible: the same meeting gives the same bytes unless a stamp is passed', () => {
    expect(meetingInvite(summer, options)).toBe(meetingInvite(summer, options));
    const stamped = meetingInvite(summer, { ...options, stamp: new Date('2024-03-31T13:05:00Z') });
    expect(stamped).toContain('DTSTAMP:20240331T130500Z');
  });

  it('names the team in the summary when the series name does not', () => {
    const board = { ...summer, seriesName: 'Sprint review' };
    expect(vevents(meetingInvite(board, options)).events[0]!.summary).toBe('Team IaaS: Sprint review');
  });
});

describe('meetingsFeed', () => {
  it('lists every meeting with a UID stable per series and local date', () => {
    const text = meetingsFeed([winter, summer], { teamName: 'Team IaaS', uidPrefix: 'listscribe-iaas-' });
    const { events } = vevents(text);
    expect(events.map((e) => [e.uid, e.startDate.toJSDate().toISOString()])).toEqual([
      ['listscribe-iaas-weekly-2024-03-25', '2024-03-25T14:05:00.000Z'],
      ['listscribe-iaas-weekly-2024-04-01', '2024-04-01T13:05:00.000Z'],
    ]);
    expect(text).not.toContain('METHOD:');
  });

  it('is a valid empty calendar when there are no meetings', () => {
    expect(vevents(meetingsFeed([], { teamName: 'Team IaaS', uidPrefix: 'x-' })).events).toEqual([]);
  });
});
