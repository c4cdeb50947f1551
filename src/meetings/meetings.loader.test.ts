import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeriesSources } from './meetings.loader.js';
import { meetingSeriesSchema } from './meetings.schema.js';
import { nextOccurrence } from './schedule.models.js';
import { seriesRule } from './series-rule.models.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/calendar');

describe('loadSeriesSources', () => {
  it('reads an SCS calendar YAML relative to the configuration folder', () => {
    const config = meetingSeriesSchema.parse({
      slug: 'weekly',
      calendar: { file: './team-meetings.yml', event: 'Team IaaS Meeting' },
    });
    const rule = seriesRule('iaas', config, loadSeriesSources(config, fixtures));
    expect(nextOccurrence(rule, new Date('2023-12-05T00:00Z'))!.localDate).toBe('2023-12-13');
  });

  it('reads an .ics file', () => {
    const config = meetingSeriesSchema.parse({
      slug: 'weekly',
      calendar: { file: 'team-iaas.ics', event: 'Team IaaS Meeting' },
    });
    expect(loadSeriesSources(config, fixtures).map((e) => e.summary)).toContain('Team IaaS Meeting');
  });

  it('reads nothing for a series written out inline', () => {
    const config = meetingSeriesSchema.parse({
      slug: 'w',
      name: 'W',
      timeZone: 'UTC',
      start: '2024-01-01T10:00',
    });
    expect(loadSeriesSources(config, '/nonexistent')).toEqual([]);
  });

  it('fails with CALENDAR_INVALID when the file is missing', () => {
    const config = meetingSeriesSchema.parse({ slug: 'weekly', calendar: { file: 'missing.ics' } });
    expect(() => loadSeriesSources(config, fixtures)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_INVALID' }),
    );
    expect(() => loadSeriesSources(config, fixtures)).toThrow(
      /missing\.ics: cannot read the calendar \(ENOENT\)/,
    );
  });
});
