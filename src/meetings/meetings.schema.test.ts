import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { meetingSeriesSchema } from './meetings.schema.js';
import { nextOccurrence } from './schedule.models.js';
import { rotationRule, seriesRule } from './series-rule.models.js';

const inline = `
slug: weekly
name: Team IaaS Meeting
timeZone: Europe/Berlin
start: 2023-12-04T15:05
durationMinutes: 50
every: { weeks: 1 }
until: 2024-12-16
skip: [2023-12-25, 2024-01-01]
location: https://conf.example/SCS-Tech
agendaLeadHours: 24
minutesDelayHours: 2
rotation:
  minuteTaker: [FriederikeZelke, garloff, fkr]
  reporter: [berendt, fkr, garloff]
away:
  fkr: [2023-12-18]
`;

const issues = (input: unknown) => {
  const result = meetingSeriesSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('meetingSeriesSchema', () => {
  it('reads a series written out in YAML, with local dates kept as strings', () => {
    const series = meetingSeriesSchema.parse(parse(inline));
    expect(series).toMatchObject({
      slug: 'weekly',
      start: '2023-12-04T15:05',
      until: '2024-12-16',
      skip: ['2023-12-25', '2024-01-01'],
      away: { fkr: ['2023-12-18'] },
    });
    const rule = seriesRule('iaas', series, []);
    expect(nextOccurrence(rule, new Date('2023-12-20T00:00Z'))).toMatchObject({
      localDate: '2024-01-08',
      sequence: 3,
      startsAt: new Date('2024-01-08T14:05Z'),
    });
    expect(rotationRule(series)).toEqual({
      minuteTaker: ['FriederikeZelke', 'garloff', 'fkr'],
      reporter: ['berendt', 'fkr', 'garloff'],
      away: { fkr: ['2023-12-18'] },
    });
  });

  it('fills defaults for everything but slug, name, timeZone and start', () => {
    expect(
      meetingSeriesSchema.parse({
        slug: 'weekly',
        name: 'Weekly',
        timeZone: 'Europe/Berlin',
        start: '2024-01-08T15:05',
      }),
    ).toEqual({
      slug: 'weekly',
      name: 'Weekly',
      timeZone: 'Europe/Berlin',
      start: '2024-01-08T15:05',
      durationMinutes: 60,
      every: { weeks: 1 },
      until: null,
      skip: [],
      location: null,
      agendaLeadHours: 24,
      minutesDelayHours: 2,
      rotation: { minuteTaker: [], reporter: [] },
      away: {},
    });
  });

  it('reads a series from a calendar file', () => {
    expect(
      meetingSeriesSchema.parse({
        slug: 'iaas',
        calendar: { file: './team_meetings.yml', event: 'Team IaaS Meeting' },
      }),
    ).toMatchObject({
      calendar: { file: './team_meetings.yml', event: 'Team IaaS Meeting', floatingTimeZone: 'UTC' },
    });
  });

  it('says which key is wrong', () => {
    const base = { slug: 'weekly', name: 'W', timeZone: 'Europe/Berlin', start: '2024-01-08T15:05' };
    expect(issues({ ...base, timeZone: 'Europe/Berln' })).toEqual([
      'timeZone: not an IANA time zone (like "Europe/Berlin")',
    ]);
    expect(issues({ ...base, start: '2024-01-08 15:05+01:00' })).toEqual([
      'start: a local date and time like 2023-12-04T15:05',
    ]);
    expect(issues({ ...base, evry: { weeks: 2 } })).toEqual([': Unrecognized key: "evry"']);
    expect(issues({ ...base, every: { weeks: 0 } })[0]).toMatch(/^every\.weeks/);
    expect(issues({ ...base, skip: ['25.12.2023'] })[0]).toMatch(/^skip\.0/);
    expect(issues({ ...base, slug: 'Weekly' })[0]).toMatch(/^slug: a slug/);
    expect(issues({ ...base, rotation: { minuteTaker: ['@fkr'] } })[0]).toMatch(/^rotation\.minuteTaker\.0/);
    expect(issues({ slug: 'iaas', calendar: { file: 'team_meetings.yml' } })).toEqual([
      'calendar.event: name the event of the SCS calendar',
    ]);
    expect(issues({ slug: 'iaas', calendar: { file: 'team_meetings.json', event: 'X' } })[0]).toMatch(
      /^calendar\.file/,
    );
  });

  it('explains a broken entry by the kind of series it evidently is, not just "Invalid input"', () => {
    expect(issues({ slug: 'w', name: 'W', timeZone: 'Europe/Berlin', strat: '2024-01-08T15:05' })).toEqual([
      ': start: Invalid input: expected string, received undefined; unknown key "strat"',
    ]);
    expect(issues({ slug: 'w', calendar: { file: 'a.ics' }, skip: [] })).toEqual([
      expect.stringMatching(/key.*"skip"/),
    ]);
  });

  it('describes every key, for the generated configuration docs', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (typeof node !== 'object' || node === null) return;
      const properties = (node as { properties?: Record<string, { description?: string }> }).properties;
      for (const [key, child] of Object.entries(properties ?? {})) {
        if (!child.description) undescribed.push(`${at}${key}`);
        walk(child, `${at}${key}.`);
      }
      for (const child of Object.values(node)) if (typeof child === 'object') walk(child, at);
    };
    walk(z.toJSONSchema(meetingSeriesSchema, { io: 'input' }), '');
    expect(undescribed).toEqual([]);
  });
});
