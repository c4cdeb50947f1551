import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../meetings/meeting.types.js';
import { sameTopic } from '../records/agenda-topics.models.js';
import { agendaForMeeting, decisionTopic, type OpenAgendaItem, threadsOf } from './digest-input.models.js';

const meeting = (localDate: string, startsAt: string): Occurrence => ({
  team: 'iaas',
  series: 'weekly',
  seriesName: 'Team IaaS',
  startsAt: new Date(startsAt),
  endsAt: new Date(new Date(startsAt).getTime() + 50 * 60_000),
  timeZone: 'Europe/Berlin',
  localDate,
  sequence: 1,
  location: null,
});

const dec11 = meeting('2023-12-11', '2023-12-11T14:05:00Z');
const weekly = (instant: Date): string =>
  instant < new Date('2023-12-04T14:05:00Z')
    ? '2023-12-04'
    : instant < new Date('2023-12-11T14:05:00Z')
      ? '2023-12-11'
      : '2023-12-18';

const item = (title: string, createdAt: string, meetingDate: string | null = null): OpenAgendaItem => ({
  title,
  owner: 'garloff',
  minutes: 10,
  meetingDate,
  createdAt: new Date(createdAt),
});

describe('the agenda of a meeting', () => {
  it('takes items filed for it, carries over undiscussed ones first, and leaves later ones waiting', () => {
    const agenda = agendaForMeeting(
      [
        item('New this week', '2023-12-06T09:00:00Z'),
        item('Monitoring standards', '2023-11-29T09:00:00Z'),
        item('Named for the 18th', '2023-12-05T09:00:00Z', '2023-12-18'),
        item('Filed after the meeting started', '2023-12-11T15:00:00Z'),
      ],
      dec11,
      weekly,
    );
    expect(agenda.map((a) => [a.title, a.carriedFrom])).toEqual([
      ['Monitoring standards', '2023-12-04'],
      ['New this week', null],
    ]);
  });

  it('treats an item moved to an earlier, passed meeting as carried over from it', () => {
    const agenda = agendaForMeeting(
      [item('Moved back', '2023-12-01T09:00:00Z', '2023-12-04')],
      dec11,
      weekly,
    );
    expect(agenda[0]?.carriedFrom).toBe('2023-12-04');
  });
});

describe('matching minutes topics to agenda items', () => {
  it('matches the same words regardless of case, punctuation and time box', () => {
    expect(sameTopic('IaaS standards v3 (15 min)', 'iaas standards V3')).toBe(true);
  });
  it('matches a shortened title when the shorter one is specific', () => {
    expect(sameTopic('IaaS standards v3 stabilization', 'IaaS standards v3')).toBe(true);
    expect(sameTopic('SCS lab', 'SCS lab cabling status')).toBe(false);
  });
});

describe('threads of the week', () => {
  it('groups by thread, names participants once in order of first post, busiest first', () => {
    const at = (h: number) => new Date(Date.UTC(2023, 11, 5, h));
    const threads = threadsOf([
      { threadId: 't1', subject: 'Matrix or mailing list?', author: 'fkr', sentAt: at(8) },
      { threadId: 't2', subject: 'Lab access', author: 'berendt', sentAt: at(9) },
      { threadId: 't1', subject: 'Re: Matrix or mailing list?', author: 'garloff', sentAt: at(10) },
      { threadId: 't1', subject: 'AW: Re: Matrix or mailing list?', author: 'fkr', sentAt: at(11) },
    ]);
    expect(threads).toEqual([
      { subject: 'Matrix or mailing list?', messages: 3, participants: ['fkr', 'garloff'], lastAt: at(11) },
      { subject: 'Lab access', messages: 1, participants: ['berendt'], lastAt: at(9) },
    ]);
  });
});

describe('the topic of a decision in the minutes', () => {
  const markdown = [
    '# 2023-12-11',
    '',
    '## Housekeeping',
    '* Decision: minutes go to the repository every Monday',
    '',
    '## Agenda',
    '',
    '### IaaS standards v3 stabilization (@garloff ~15 min)',
    '* v3 requires local SSDs',
    '* Decision: v2 stays valid until 2024-01-31',
    '',
    '### SCS lab cabling status (@FriederikeZelke 10 min)',
    '* _Decision_: uplinks are ordered, not leased',
  ].join('\n');
  const topics = ['IaaS standards v3 stabilization', 'SCS lab', 'SCS lab cabling status'];

  it('is the topic heading above the line that states it, matched like the team writes it', () => {
    expect(decisionTopic(markdown, topics, 'v2 stays valid until 2024-01-31')).toBe(
      'IaaS standards v3 stabilization',
    );
    expect(decisionTopic(markdown, topics, 'uplinks are ordered, not leased')).toBe('SCS lab cabling status');
  });

  it('is null for a decision outside any topic or not in the minutes at all', () => {
    expect(decisionTopic(markdown, topics, 'minutes go to the repository every Monday')).toBeNull();
    expect(decisionTopic(markdown, topics, 'use Matrix and the list')).toBeNull();
  });
});
