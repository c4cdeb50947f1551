import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CalendarError, type CalendarEvent } from './calendar.models.js';
import { parseIcsCalendar } from './calendar-ics.models.js';
import { parseScsCalendar } from './calendar-scs.models.js';
import type { MeetingSeriesConfig } from './meetings.schema.js';

/**
 * The events of a series' calendar file, read relative to `baseDir` (the configuration
 * file's folder); none for a series written out inline. Pass them to `seriesRule`.
 */
export function loadSeriesSources(config: MeetingSeriesConfig, baseDir: string): CalendarEvent[] {
  if (!('calendar' in config)) return [];
  const file = path.resolve(baseDir, config.calendar.file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CalendarError(`${file}: cannot read the calendar (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    return /\.ics$/i.test(file)
      ? parseIcsCalendar(text, { floatingTimeZone: config.calendar.floatingTimeZone })
      : parseScsCalendar(text);
  } catch (error) {
    throw new CalendarError(`${file}: ${(error as Error).message}`);
  }
}
