import { describe, expect, it } from 'vitest';
import type { MeetingRow } from '../meetings/meetings.repository.js';
import {
  actionsPage,
  baseOf,
  digestFramePage,
  indexPage,
  injectAfterBodyOpen,
  notFoundPage,
} from './archive-pages.models.js';

const team = {
  slug: 'iaas',
  name: 'Team <b>IaaS</b>',
  list: 'scs-tech@lists.example.org',
  address: 'listscribe@example.org',
  people: [],
};

const meeting: MeetingRow = {
  id: 7,
  team: 'iaas',
  series: 'weekly',
  seriesName: 'Weekly "sync" <3',
  startsAt: new Date('2023-12-11T14:05:00Z'),
  endsAt: new Date('2023-12-11T14:55:00Z'),
  timeZone: 'Europe/Berlin',
  localDate: '2023-12-11',
  sequence: 2,
  location: null,
  minuteTaker: null,
  reporter: null,
};

describe('archive pages', () => {
  it('escape whatever came from configuration or mail', () => {
    const index = indexPage({
      teams: [{ team, upcoming: [{ meeting, agenda: null, minutes: null, minutesPosted: false }], past: [] }],
      now: new Date('2023-12-10T15:00:00Z'),
    });
    expect(index).toContain('Team &lt;b&gt;IaaS&lt;/b&gt;');
    expect(index).toContain('Weekly &quot;sync&quot; &lt;3');
    expect(index).not.toContain('<b>');

    const actions = actionsPage({
      team,
      count: 1,
      overdue: 1,
      today: '2023-12-10',
      groups: [
        {
          person: '@fkr',
          unassigned: false,
          items: [
            {
              ref: 'A-1',
              text: '<script>x()</script>',
              label: '',
              sharedWith: null,
              overdue: true,
              due: '1 Dec',
              note: 'OVERDUE since 1 Dec',
            },
          ],
        },
      ],
    });
    expect(actions).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(actions).toContain('<td class="nowrap overdue">OVERDUE since 1 Dec</td>');
    expect(actions).toContain('1 open, 1 overdue');
    expect(notFoundPage('no "<team>"', '../')).toContain('no &quot;&lt;team&gt;&quot;');
  });

  it('frame a digest with navigation, keeping its HTML as it is', () => {
    const digest = '<!DOCTYPE html><html><body style="margin:0"><h1>Agenda</h1></body></html>';
    const page = digestFramePage({
      team,
      meeting,
      digest: 'agenda',
      html: digest,
      sentAt: new Date('2023-12-10T14:10:00Z'),
      minutesAvailable: false,
      now: new Date('2023-12-10T15:00:00Z'),
    });
    expect(page.startsWith('<!DOCTYPE html><html><body style="margin:0">\n<nav aria-label="archive"')).toBe(
      true,
    );
    expect(page).toContain('<h1>Agenda</h1></body></html>');
    expect(page).toContain('<a href="../../../../" style="color:#0969da;">Archive</a>');
    expect(page).toContain('As mailed to scs-tech@lists.example.org on Sun 10 Dec 2023, 15:10 CET.');
    expect(page).toContain('Minutes after the meeting');
    expect(page).not.toContain('href="minutes"');
  });

  it('say whether a digest was mailed, is still to be mailed, or never was', () => {
    const frame = (sentAt: Date | null, now: string) =>
      digestFramePage({
        team,
        meeting,
        digest: 'agenda',
        html: '<body></body>',
        sentAt,
        minutesAvailable: true,
        now: new Date(now),
      });
    expect(frame(null, '2023-12-10T15:00:00Z')).toContain(
      'Not mailed yet: rendered from what the list recorded so far.',
    );
    expect(frame(null, '2023-12-11T15:00:00Z')).toContain(
      'This agenda was never mailed: rendered from the items still open now.',
    );
    expect(frame(null, '2023-12-11T15:00:00Z')).toContain(
      '<a href="minutes" style="color:#0969da;">Minutes</a>',
    );
  });

  it('put the navigation first when a template has no <body>', () => {
    expect(injectAfterBodyOpen('<p>x</p>', '<nav></nav>')).toBe('<nav></nav>\n<p>x</p>');
    expect(injectAfterBodyOpen('<BODY class="a"><p>x</p>', '<nav></nav>')).toBe(
      '<BODY class="a">\n<nav></nav><p>x</p>',
    );
  });

  it('find the way back to the root from any path', () => {
    expect(baseOf('/')).toBe('');
    expect(baseOf('/nowhere')).toBe('');
    expect(baseOf('/teams/iaas/')).toBe('../../');
    expect(baseOf('/teams/iaas/actions')).toBe('../../');
    expect(baseOf('/teams/iaas/weekly/2023-12-11/agenda')).toBe('../../../../');
  });
});
