import { describe, expect, it } from 'vitest';
import { action, minutesInput } from '../../test/support/digest-fixtures.js';
import { minutesDigestView } from './minutes-digest.models.js';

describe('minutesDigestView', () => {
  it('names the minute-taker, participants, decisions with their topic, and topics with owners', () => {
    const view = minutesDigestView(minutesInput());
    expect(view.posted).toBe(true);
    expect(view.minuteTaker).toBe('@FriederikeZelke');
    expect(view.noMinutes).toBeNull();
    expect(view.participants).toEqual({
      count: 5,
      list: '@fkr @garloff @FriederikeZelke @berendt @matofeder',
    });
    expect(view.decisions[0]).toEqual({
      text: 'v2 stays valid until 2024-01-31',
      topic: 'IaaS standards v3 stabilization',
    });
    expect(view.topics[3]).toMatchObject({ label: 'Sprint review format (@fkr @garloff)', summary: null });
  });

  it('lists open action items by person with unassigned last, and marks overdue ones', () => {
    const view = minutesDigestView(minutesInput());
    expect(view.byPerson).toEqual([
      { person: '@berendt', refs: 'A-7 (overdue)' },
      { person: '@fkr', refs: 'A-9, A-13' },
      { person: '@FriederikeZelke', refs: 'A-13' },
      { person: '@garloff', refs: 'A-5, A-12' },
      { person: '@matofeder', refs: 'A-7 (overdue)' },
      { person: 'unassigned', refs: 'A-11' },
    ]);
  });

  it('shows new and updated action items in ref order, a reopened one as "reopened"', () => {
    const view = minutesDigestView(
      minutesInput({
        updatedActions: [
          {
            ref: 'A-10',
            text: 'cabling',
            owners: ['FriederikeZelke'],
            status: 'done',
            note: null,
            by: 'fkr',
          },
          { ref: 'A-2', text: 'notice', owners: ['garloff'], status: 'open', note: null, by: 'garloff' },
        ],
      }),
    );
    expect(view.updatedActions.map((u) => [u.ref, u.status])).toEqual([
      ['A-2', 'reopened'],
      ['A-10', 'done'],
    ]);
    expect(view.newActions.map((a) => [a.ref, a.owners])).toEqual([
      ['A-12', '@garloff'],
      ['A-13', '@FriederikeZelke @fkr'],
    ]);
  });

  it('gives the next meeting in local time and the next rotation', () => {
    const view = minutesDigestView(minutesInput());
    expect(view.next).toEqual({
      date: 'Mon 18 Dec 2023',
      start: '15:05',
      zone: 'CET',
      minuteTaker: '@garloff',
      reporter: '@fkr',
    });
    expect(view.attachment).toBe('20231211.md');
  });

  it('says plainly who did not post minutes and still lists what the list decided', () => {
    const view = minutesDigestView(minutesInput({ minutes: null }));
    expect(view.posted).toBe(false);
    expect(view.noMinutes).toBe('No minutes were posted by @FriederikeZelke.');
    expect(view.participants).toBeNull();
    expect(view.topics).toEqual([]);
    expect(view.decisions.map((d) => d.text)).toContain('v2 stays valid until 2024-01-31');
    expect(view.newActions.map((a) => a.ref)).toEqual(['A-12', 'A-13']);
    expect(view.updatedActions.map((a) => a.ref)).toEqual(['A-3', 'A-10']);
  });

  it('says nobody was assigned when the rotation had no minute-taker', () => {
    const view = minutesDigestView(
      minutesInput({ minutes: null, rotation: { minuteTaker: null, reporter: null } }),
    );
    expect(view.minuteTaker).toBe('nobody was assigned');
    expect(view.noMinutes).toBe('No minutes were posted by anyone — nobody was assigned.');
  });

  it('prefers the minute-taker named in the minutes over the rotation', () => {
    const input = minutesInput();
    const view = minutesDigestView({
      ...input,
      minutes: input.minutes === null ? null : { ...input.minutes, minuteTaker: 'garloff' },
    });
    expect(view.minuteTaker).toBe('@garloff');
  });

  it('says so when no next meeting is scheduled', () => {
    const view = minutesDigestView(
      minutesInput({ nextMeeting: null, openActions: [action('A-1', [], 'x', '2023-12-01T00:00:00Z', 1)] }),
    );
    expect(view.next).toBeNull();
    expect(view.byPerson).toEqual([{ person: 'unassigned', refs: 'A-1' }]);
  });
});
