/** Realistic digest inputs: the Team IaaS meeting of Mon 11 Dec 2023, 15:05 Europe/Berlin. */
import type {
  AgendaDigestInput,
  DigestActionItem,
  DigestTeam,
  MinutesDigestInput,
} from '../../src/digests/digest.types.js';
import type { Occurrence } from '../../src/meetings/meeting.types.js';

export const team: DigestTeam = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.scs.community',
  archiveUrl: 'https://listscribe.example.org/iaas',
};

export function occurrence(localDate: string, startsAt: string, sequence: number): Occurrence {
  const start = new Date(startsAt);
  return {
    team: 'iaas',
    series: 'weekly',
    seriesName: 'Team IaaS Meeting',
    startsAt: start,
    endsAt: new Date(start.getTime() + 50 * 60_000),
    timeZone: 'Europe/Berlin',
    localDate,
    sequence,
    location: 'https://conf.scs.koeln:8443/SCS-Tech',
  };
}

export const meeting = occurrence('2023-12-11', '2023-12-11T14:05:00Z', 41);
export const nextMeeting = occurrence('2023-12-18', '2023-12-18T14:05:00Z', 42);

export function action(
  ref: string,
  owners: string[],
  text: string,
  createdAt: string,
  meetingsOpen: number,
  due: string | null = null,
): DigestActionItem {
  return { ref, owners, text, due, status: 'open', createdAt: new Date(createdAt), meetingsOpen };
}

export const openActionsBefore: DigestActionItem[] = [
  action('A-3', ['fkr', 'garloff'], 'write down the outcomes for R6', '2023-12-04T15:40:00Z', 1),
  action(
    'A-5',
    ['garloff'],
    'escalate v3 stabilization to PS if prod3 is not ready',
    '2023-12-04T15:42:00Z',
    1,
    '2024-01-15',
  ),
  action(
    'A-7',
    ['matofeder', 'berendt'],
    'migrate the KaaS v1 clusters to cluster classes',
    '2023-11-20T15:30:00Z',
    3,
    '2023-12-08',
  ),
  action('A-9', ['fkr'], 'reach out to SCS-Tech about Clevis/Tang', '2023-11-27T15:20:00Z', 2),
  action(
    'A-10',
    ['FriederikeZelke'],
    'finalize the cabling of the SCS lab and report on the missing uplinks',
    '2023-12-06T09:12:00Z',
    0,
  ),
  action(
    'A-11',
    [],
    'adjust the image metadata standard to the new flavor naming',
    '2023-11-27T15:25:00Z',
    2,
  ),
];

export function agendaInput(overrides: Partial<AgendaDigestInput> = {}): AgendaDigestInput {
  return {
    team,
    meeting,
    rotation: { minuteTaker: 'FriederikeZelke', reporter: 'berendt' },
    nextRotation: { minuteTaker: 'garloff', reporter: 'fkr' },
    agenda: [
      { title: 'Monitoring standards', owner: 'berendt', minutes: 10, carriedFrom: '2023-12-04' },
      { title: 'IaaS standards v3 stabilization', owner: 'garloff', minutes: 15, carriedFrom: null },
      { title: 'SCS lab cabling status', owner: 'FriederikeZelke', minutes: 10, carriedFrom: null },
      {
        title: 'Migration of KaaS v1 (k8s-cluster-api-operator) to cluster stacks: cluster classes first?',
        owner: 'matofeder',
        minutes: 10,
        carriedFrom: null,
      },
      { title: 'Sprint review format', owner: 'fkr', minutes: null, carriedFrom: null },
    ],
    openActions: openActionsBefore,
    closedSinceLast: [
      {
        ref: 'A-4',
        text: 'ask Ralf for a prod3 timeline',
        owners: ['fkr'],
        status: 'dropped',
        note: 'Ralf is out of office',
        by: 'fkr',
      },
      {
        ref: 'A-2',
        text: 'publish the v2 extension notice',
        owners: ['garloff'],
        status: 'done',
        note: null,
        by: 'garloff',
      },
    ],
    threads: [
      {
        subject: 'SCS lab: uplink delivery delayed',
        messages: 2,
        participants: ['FriederikeZelke'],
        lastAt: new Date('2023-12-06T08:00:00Z'),
      },
      {
        subject: 'Matrix or mailing list?',
        messages: 5,
        participants: ['fkr', 'garloff', 'maxwolfs'],
        lastAt: new Date('2023-12-08T10:00:00Z'),
      },
      {
        subject: '[agenda] IaaS standards v3 stabilization (15 min)',
        messages: 3,
        participants: ['garloff', 'fkr'],
        lastAt: new Date('2023-12-07T16:30:00Z'),
      },
      {
        subject: 'Clevis/Tang for disk encryption in the lab',
        messages: 2,
        participants: ['fkr', 'berendt'],
        lastAt: new Date('2023-11-30T11:00:00Z'),
      },
    ],
    since: new Date('2023-12-04T14:05:00Z'),
    now: new Date('2023-12-10T14:05:00Z'),
    ...overrides,
  };
}

export const postedMinutesMarkdown = [
  '# 2023-12-11',
  '',
  '## Participants',
  '* @fkr',
  '* @garloff',
  '* @FriederikeZelke',
  '* @berendt',
  '* @matofeder',
  '',
  '## Housekeeping',
  '* Minutes: @FriederikeZelke',
  '* Report in the community call: @berendt',
  '',
  '## Agenda',
  '',
  '### IaaS standards v3 stabilization (@garloff ~15 min)',
  '* local SSD requirement stays in v3; PS needs a few more weeks',
  '* Decision: v2 stays valid until 2024-01-31',
  '* AI @garloff: announce the v2 extension on the mailing list',
  '',
  '### SCS lab cabling status (@FriederikeZelke ~10 min)',
  '* uplinks missing, expected next week',
  '* AI @FriederikeZelke, @fkr: schedule the lab acceptance test by 2023-12-18',
  '',
].join('\r\n');

export function minutesInput(overrides: Partial<MinutesDigestInput> = {}): MinutesDigestInput {
  return {
    team,
    meeting,
    rotation: { minuteTaker: 'FriederikeZelke', reporter: 'berendt' },
    minutes: {
      participants: ['fkr', 'garloff', 'FriederikeZelke', 'berendt', 'matofeder'],
      topics: [
        {
          title: 'IaaS standards v3 stabilization',
          owners: ['garloff'],
          minutes: 15,
          summary: 'local SSD requirement stays in v3; PS needs a few more weeks',
        },
        {
          title: 'SCS lab cabling status',
          owners: ['FriederikeZelke'],
          minutes: 10,
          summary: 'uplinks missing, expected next week',
        },
        {
          title: 'Migration of KaaS v1 (k8s-cluster-api-operator) to cluster stacks: cluster classes first?',
          owners: ['matofeder'],
          minutes: 10,
          summary:
            'cluster classes in v1 are the intermediate step; a blog post explaining the path is in preparation',
        },
        { title: 'Sprint review format', owners: ['fkr', 'garloff'], minutes: null, summary: null },
      ],
      minuteTaker: 'FriederikeZelke',
      reporter: 'berendt',
      markdown: postedMinutesMarkdown,
    },
    decisions: [
      { text: 'v2 stays valid until 2024-01-31', topic: 'IaaS standards v3 stabilization' },
      {
        text: 'sprint review and planning every two weeks, prepared by the tender package winners',
        topic: 'Sprint review format',
      },
    ],
    newActions: [
      action('A-12', ['garloff'], 'announce the v2 extension on the mailing list', '2023-12-11T15:10:00Z', 0),
      action(
        'A-13',
        ['FriederikeZelke', 'fkr'],
        'schedule the lab acceptance test',
        '2023-12-11T15:20:00Z',
        0,
        '2023-12-18',
      ),
    ],
    updatedActions: [
      {
        ref: 'A-10',
        text: 'finalize the cabling of the SCS lab and report on the missing uplinks',
        owners: ['FriederikeZelke'],
        status: 'done',
        note: null,
        by: 'FriederikeZelke',
      },
      {
        ref: 'A-3',
        text: 'write down the outcomes for R6',
        owners: ['fkr', 'garloff'],
        status: 'done',
        note: 'see the R6 page in the docs',
        by: 'fkr',
      },
    ],
    openActions: [
      ...openActionsBefore.filter((a) => a.ref !== 'A-3' && a.ref !== 'A-10'),
      action('A-12', ['garloff'], 'announce the v2 extension on the mailing list', '2023-12-11T15:10:00Z', 0),
      action(
        'A-13',
        ['FriederikeZelke', 'fkr'],
        'schedule the lab acceptance test',
        '2023-12-11T15:20:00Z',
        0,
        '2023-12-18',
      ),
    ],
    carriedOver: [
      { title: 'Monitoring standards', owner: 'berendt', minutes: 10, carriedFrom: '2023-12-04' },
    ],
    nextMeeting,
    nextRotation: { minuteTaker: 'garloff', reporter: 'fkr' },
    now: new Date('2023-12-11T17:00:00Z'),
    ...overrides,
  };
}
