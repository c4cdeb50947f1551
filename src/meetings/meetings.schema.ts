import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * A team's meeting series in the configuration file: written out (`start`, `every`, …)
 * or taken from a calendar file the team already keeps (SCS calendar YAML or .ics).
 */

const handle = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a handle is letters, digits, "-", "_" or "." without "@"');

const localDate = z.iso.date('a date like 2024-01-15');

const commonKeys = {
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'a slug is lower-case letters, digits and "-"')
    .describe('Short stable id of the series, unique in the team (e.g. "weekly"); used in ids and invites.'),
  agendaLeadHours: z
    .number()
    .nonnegative()
    .default(24)
    .describe('The agenda digest goes out this many hours before each meeting starts.'),
  minutesDelayHours: z
    .number()
    .nonnegative()
    .default(2)
    .describe('The minutes digest goes out this many hours after each meeting ends.'),
  rotation: z
    .strictObject({
      minuteTaker: z
        .array(handle)
        .default([])
        .describe('Handles who take the minutes, in turn (round-robin over held meetings).'),
      reporter: z
        .array(handle)
        .default([])
        .describe(
          'Handles who report to the community call, in turn; never the minute-taker when avoidable.',
        ),
    })
    .default({ minuteTaker: [], reporter: [] })
    .describe('Who takes the minutes and who reports, meeting by meeting.'),
  away: z
    .record(handle, z.array(localDate))
    .default({})
    .describe('Handle → local dates the person is away; the rotation passes them over on those days only.'),
};

export const inlineSeriesSchema = z
  .strictObject({
    ...commonKeys,
    name: z.string().min(1).describe('Human name of the series, e.g. "Team IaaS Meeting".'),
    timeZone: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone (like "Europe/Berlin")')
      .describe('IANA time zone of the meeting; `start`, `until`, `skip` and `away` are local to it.'),
    start: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/, 'a local date and time like 2023-12-04T15:05')
      .describe('Local wall-clock date and time of the first meeting, e.g. 2023-12-04T15:05 (no offset).'),
    durationMinutes: z.number().int().positive().default(60).describe('Length of each meeting in minutes.'),
    every: z
      .strictObject({
        weeks: z.number().int().positive().default(1).describe('Meet every this many weeks.'),
      })
      .default({ weeks: 1 })
      .describe('How often the meeting repeats.'),
    until: localDate
      .nullable()
      .default(null)
      .describe('Last local date a meeting may fall on (inclusive); none: no end.'),
    skip: z.array(localDate).default([]).describe('Local dates on which the meeting does not take place.'),
    location: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe('Where to meet: a video-call URL or a room.'),
  })
  .describe('A meeting series written out in the configuration.');

export const calendarSeriesSchema = z
  .strictObject({
    ...commonKeys,
    name: z
      .string()
      .min(1)
      .optional()
      .describe("Human name of the series; default: the calendar event's summary."),
    calendar: z
      .strictObject({
        file: z
          .string()
          .regex(/\.(ya?ml|ics)$/i, 'a calendar file ends in .yml, .yaml or .ics')
          .describe(
            'SCS calendar YAML (.yml/.yaml) or iCalendar (.ics) file, relative to the configuration file.',
          ),
        event: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Summary of the event(s) that form the series; every event with it is one block of the series. ' +
              'Optional for an .ics file holding a single series.',
          ),
        floatingTimeZone: z
          .string()
          .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone (like "Europe/Berlin")')
          .default('UTC')
          .describe('.ics only: the IANA zone for times the file writes without TZID or "Z".'),
      })
      .describe('Take the schedule from a calendar file the team already maintains.'),
  })
  .describe('A meeting series read from a calendar file.');

export const meetingSeriesSchema = z
  .union([inlineSeriesSchema, calendarSeriesSchema], {
    // Without this a typo anywhere in a series reports only "Invalid input": say what
    // is wrong with the kind of series the entry evidently is.
    error: (issue) => {
      if (issue.code !== 'invalid_union' || !('errors' in issue)) return undefined;
      const input = issue.input;
      const branch = typeof input === 'object' && input !== null && 'calendar' in input ? 1 : 0;
      const problems = issue.errors[branch] ?? [];
      if (problems.length === 0) return undefined;
      return problems
        .map((p) => {
          const what =
            p.code === 'unrecognized_keys'
              ? `unknown key ${p.keys.map((k) => `"${k}"`).join(', ')}`
              : p.message;
          return p.path.length ? `${p.path.join('.')}: ${what}` : what;
        })
        .join('; ');
    },
  })
  .superRefine((series, ctx) => {
    if ('calendar' in series && series.calendar.file.match(/\.ya?ml$/i) && !series.calendar.event) {
      ctx.addIssue({
        code: 'custom',
        path: ['calendar', 'event'],
        message: 'name the event of the SCS calendar',
      });
    }
  })
  .describe('One meeting series of the team: either `start`/`every`/… or `calendar`.');

export type MeetingSeriesConfig = z.infer<typeof meetingSeriesSchema>;
export type InlineSeriesConfig = z.infer<typeof inlineSeriesSchema>;
export type CalendarSeriesConfig = z.infer<typeof calendarSeriesSchema>;
