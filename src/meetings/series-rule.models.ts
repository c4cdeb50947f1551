import { CalendarError, type CalendarEvent } from './calendar.models.js';
import type { MeetingSeriesConfig } from './meetings.schema.js';
import type { RotationRule } from './rotation.models.js';
import type { SeriesRule } from './schedule.models.js';

/**
 * The schedule of a configured series. `calendar` holds the events of its calendar
 * file (from `loadSeriesSources`); it is ignored for a series written out inline.
 */
export function seriesRule(team: string, config: MeetingSeriesConfig, calendar: CalendarEvent[]): SeriesRule {
  if (!('calendar' in config)) {
    return {
      team,
      series: config.slug,
      seriesName: config.name,
      timeZone: config.timeZone,
      blocks: [
        {
          start: config.start,
          durationMinutes: config.durationMinutes,
          everyWeeks: config.every.weeks,
          until: config.until,
          skip: [...config.skip],
          location: config.location,
        },
      ],
    };
  }
  const { file, event } = config.calendar;
  const chosen = event === undefined ? calendar : calendar.filter((e) => e.summary === event);
  const where = `${file}${event === undefined ? '' : ` event "${event}"`}`;
  if (chosen.length === 0) {
    const known = [...new Set(calendar.map((e) => e.summary))].slice(0, 10).map((s) => `"${s}"`);
    throw new CalendarError(
      `${where}: no such event${known.length ? ` (the file has ${known.join(', ')})` : ''}`,
    );
  }
  const summaries = new Set(chosen.map((e) => e.summary));
  if (summaries.size > 1) {
    throw new CalendarError(
      `${file} holds several events (${[...summaries].join(', ')}): name one with "event"`,
    );
  }
  const broken = chosen.find((e) => e.problem);
  if (broken) throw new CalendarError(`${where}: ${broken.problem}`);
  const zones = new Set(chosen.map((e) => e.timeZone));
  if (zones.size > 1)
    throw new CalendarError(`${where}: the events use different time zones (${[...zones].join(', ')})`);
  return {
    team,
    series: config.slug,
    seriesName: config.name ?? chosen[0]!.summary,
    timeZone: chosen[0]!.timeZone,
    blocks: chosen.flatMap((e) => e.blocks),
  };
}

export function rotationRule(config: MeetingSeriesConfig): RotationRule {
  return { minuteTaker: config.rotation.minuteTaker, reporter: config.rotation.reporter, away: config.away };
}
