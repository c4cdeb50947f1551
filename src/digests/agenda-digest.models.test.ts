import { describe, expect, it } from 'vitest';
import { action, agendaInput, occurrence } from '../../test/support/digest-fixtures.js';
import { agendaDigestView } from './agenda-digest.models.js';

describe('agendaDigestView', () => {
  it('runs the clock across the items from the meeting start, in the meeting’s zone', () => {
    const view = agendaDigestView(agendaInput());
    expect(view.agenda.items.map((i) => [i.start, i.title])).toEqual([
      ['15:05', 'Monitoring standards'],
      ['15:15', 'IaaS standards v3 stabilization'],
      ['15:30', 'SCS lab cabling status'],
      ['15:40', expect.stringMatching(/^Migration of KaaS v1/)],
      ['15:50', 'Sprint review format'],
    ]);
    expect(view.meeting).toMatchObject({ start: '15:05', end: '15:55', zone: 'CET', startUtc: '14:05' });
  });

  it('keeps local wall-clock times after a DST change (CEST, 13:05 UTC)', () => {
    const view = agendaDigestView(
      agendaInput({ meeting: occurrence('2024-04-08', '2024-04-08T13:05:00Z', 55) }),
    );
    expect(view.meeting).toMatchObject({
      start: '15:05',
      zone: 'CEST',
      startUtc: '13:05',
      dateShort: 'Mon 8 Apr 2024',
    });
    expect(view.agenda.items[1]?.start).toBe('15:15');
  });

  it('lists items without a time box as such and lets the clock stand still for them', () => {
    const view = agendaDigestView(
      agendaInput({
        agenda: [
          { title: 'Sprint review format', owner: 'fkr', minutes: null, carriedFrom: null },
          { title: 'SCS lab cabling status', owner: 'FriederikeZelke', minutes: 10, carriedFrom: null },
        ],
      }),
    );
    expect(view.agenda.items.map((i) => [i.start, i.timeBox])).toEqual([
      ['15:05', 'no time box'],
      ['15:05', '10 min'],
    ]);
    expect(view.agenda.summary).toBe('10 of 50 min planned, 1 item without a time box');
  });

  it('flags an over-long agenda with how far over it is, and where the planned end falls', () => {
    const view = agendaDigestView(
      agendaInput({
        agenda: [
          { title: 'IaaS standards v3 stabilization', owner: 'garloff', minutes: 40, carriedFrom: null },
          { title: 'SCS lab cabling status', owner: 'FriederikeZelke', minutes: 15, carriedFrom: null },
          { title: 'Monitoring standards', owner: 'berendt', minutes: 10, carriedFrom: null },
        ],
      }),
    );
    expect(view.agenda).toMatchObject({
      overLong: true,
      overBy: 15,
      summary: '65 of 50 min planned — 15 min over',
    });
    expect(view.agenda.items.map((i) => i.firstPastEnd)).toEqual([false, false, true]);
  });

  it('does not flag an agenda that fills the meeting exactly', () => {
    const view = agendaDigestView(
      agendaInput({ agenda: [{ title: 'Review', owner: 'fkr', minutes: 50, carriedFrom: null }] }),
    );
    expect(view.agenda).toMatchObject({ overLong: false, summary: '50 of 50 min planned' });
  });

  it('marks carried-over items with the meeting they come from', () => {
    const view = agendaDigestView(agendaInput());
    expect(view.agenda.items[0]).toMatchObject({ title: 'Monitoring standards', carriedFrom: '4 Dec' });
    expect(view.agenda.items[1]?.carriedFrom).toBeNull();
  });

  it('flags an action item OVERDUE when its due date is before the meeting date, not on it', () => {
    const view = agendaDigestView(
      agendaInput({
        openActions: [
          action('A-7', ['matofeder'], 'migrate clusters', '2023-11-20T15:30:00Z', 3, '2023-12-08'),
          action('A-8', ['matofeder'], 'write the blog post', '2023-11-20T15:30:00Z', 3, '2023-12-11'),
        ],
      }),
    );
    const items = view.actions.groups[0]?.items ?? [];
    expect(items.map((i) => [i.ref, i.overdue, i.note])).toEqual([
      ['A-7', true, 'OVERDUE since 8 Dec'],
      ['A-8', false, 'due 11 Dec'],
    ]);
    expect(view.actions.summary).toBe('2, 1 overdue');
  });

  it('gives an action item’s age as the date and the number of meetings since', () => {
    const view = agendaDigestView(
      agendaInput({
        openActions: [
          action('A-9', ['fkr'], 'reach out to SCS-Tech', '2023-11-27T15:20:00Z', 2),
          action('A-10', ['fkr'], 'new one', '2023-12-06T09:12:00Z', 0),
          action('A-1', ['fkr'], 'old one', '2022-12-05T09:12:00Z', 40),
        ],
      }),
    );
    expect(view.actions.groups[0]?.items.map((i) => i.note)).toEqual([
      'since 5 Dec 2022 (40 meetings)',
      'since 27 Nov (2 meetings)',
      'since 6 Dec (new)',
    ]);
  });

  it('lists an action item with two owners under each of them', () => {
    const view = agendaDigestView(
      agendaInput({
        openActions: [action('A-7', ['matofeder', 'berendt'], 'migrate', '2023-11-20T15:30:00Z', 3)],
      }),
    );
    expect(view.actions.groups.map((g) => [g.person, g.items.map((i) => [i.ref, i.sharedWith])])).toEqual([
      ['@berendt', [['A-7', '@matofeder']]],
      ['@matofeder', [['A-7', '@berendt']]],
    ]);
    expect(view.actions.count).toBe(1);
  });

  it('lists unassigned action items last', () => {
    const view = agendaDigestView(
      agendaInput({
        openActions: [
          action('A-1', [], 'adjust the image standard', '2023-11-27T15:25:00Z', 2),
          action('A-2', ['zz-last-alphabetically'], 'something', '2023-11-27T15:25:00Z', 2),
          action('A-3', ['Berendt'], 'something else', '2023-11-27T15:25:00Z', 2),
        ],
      }),
    );
    expect(view.actions.groups.map((g) => g.person)).toEqual([
      '@Berendt',
      '@zz-last-alphabetically',
      'unassigned',
    ]);
  });

  it('shows who takes the minutes and reports, now and next time', () => {
    const view = agendaDigestView(agendaInput({ nextRotation: { minuteTaker: 'garloff', reporter: null } }));
    expect(view.roles).toEqual({
      minuteTaker: '@FriederikeZelke',
      reporter: '@berendt',
      nextMinuteTaker: '@garloff',
      nextReporter: 'nobody yet',
    });
  });

  it('shows done and dropped items since the last meeting in ref order', () => {
    const view = agendaDigestView(agendaInput());
    expect(view.closed.items.map((c) => [c.ref, c.status, c.owners])).toEqual([
      ['A-2', 'done', '@garloff'],
      ['A-4', 'dropped', '@fkr'],
    ]);
  });

  it('summarises the week’s threads, busiest first, with a weekday for recent activity', () => {
    const view = agendaDigestView(agendaInput());
    expect(view.threads.heading).toBe('On the list since 4 Dec (12 messages in 4 threads)');
    expect(view.threads.items[0]).toEqual({
      subject: 'Matrix or mailing list?',
      messages: '5 messages',
      participants: '@fkr @garloff @maxwolfs',
      last: 'Fri',
    });
    expect(view.threads.items[3]?.last).toBe('30 Nov');
  });

  it('flattens CR/LF and control characters out of titles that came from mail', () => {
    const view = agendaDigestView(
      agendaInput({
        agenda: [
          { title: 'Evil\r\nBcc: all@example.org\u0007', owner: 'fkr', minutes: 5, carriedFrom: null },
        ],
      }),
    );
    expect(view.agenda.items[0]?.title).toBe('Evil Bcc: all@example.org');
  });

  it('keeps an owner who is not on the roster as an address', () => {
    const view = agendaDigestView(
      agendaInput({
        agenda: [{ title: 'Guest topic', owner: 'guest@example.org', minutes: 5, carriedFrom: null }],
      }),
    );
    expect(view.agenda.items[0]?.owner).toBe('guest@example.org');
  });
});
