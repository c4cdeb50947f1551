import ical, { type ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import type { Occurrence } from './meeting.types.js';

/*
 * Times are written in UTC (DTSTART:20231211T140500Z), not with TZID plus VTIMEZONE.
 * Each event here is one meeting at one instant, never a recurrence, so nothing needs
 * the zone's rules: UTC is exact, and every client shows it in its reader's own zone.
 * A TZID without its VTIMEZONE (all ical-generator writes unless given a generator of
 * zone definitions) is what RFC 5545 forbids and what Outlook misplaces.
 */

const prodId = { company: 'listscribe', product: 'listscribe', language: 'EN' };

export interface InviteOptions {
  teamName: string;
  /** The list address: the meeting belongs to the list, not to a person. */
  organizer: string;
  description: string;
  /** Stable per occurrence, so a re-sent invite updates the entry instead of adding one. */
  uid: string;
  /** DTSTAMP; callers with a clock pass "now". Defaults to the meeting's start so output is reproducible. */
  stamp?: Date;
}

/** One meeting as an iCalendar object (METHOD:PUBLISH), for the agenda digest's attachment. */
export function meetingInvite(occurrence: Occurrence, opts: InviteOptions): string {
  const calendar = ical({ prodId, method: ICalCalendarMethod.PUBLISH, name: opts.teamName });
  addEvent(calendar, occurrence, {
    id: opts.uid,
    teamName: opts.teamName,
    stamp: opts.stamp ?? occurrence.startsAt,
    description: opts.description,
    organizer: { name: opts.teamName, email: opts.organizer },
  });
  return calendar.toString();
}

/**
 * The meetings as a subscribable feed. UIDs derive from series and local date, so a
 * refreshed feed updates a meeting whose time changed instead of duplicating it.
 * With `uidSuffix` the UIDs can equal the agenda invite's, so both name one event.
 */
export function meetingsFeed(
  occurrences: Occurrence[],
  opts: { teamName: string; uidPrefix: string; uidSuffix?: string; stamp?: Date },
): string {
  const calendar = ical({ prodId, name: `${opts.teamName} meetings` });
  for (const occurrence of occurrences) {
    addEvent(calendar, occurrence, {
      id: `${opts.uidPrefix}${occurrence.series}-${occurrence.localDate}${opts.uidSuffix ?? ''}`,
      teamName: opts.teamName,
      stamp: opts.stamp ?? occurrence.startsAt,
      description: null,
      organizer: null,
    });
  }
  return calendar.toString();
}

function addEvent(
  calendar: ICalCalendar,
  occurrence: Occurrence,
  event: {
    id: string;
    teamName: string;
    stamp: Date;
    description: string | null;
    organizer: { name: string; email: string } | null;
  },
): void {
  const location = occurrence.location;
  calendar.createEvent({
    id: event.id,
    summary: summaryOf(occurrence, event.teamName),
    start: occurrence.startsAt,
    end: occurrence.endsAt,
    stamp: event.stamp,
    description: event.description,
    location,
    url: location && /^https?:\/\//i.test(location) ? location : null,
    organizer: event.organizer,
  });
}

function summaryOf(occurrence: Occurrence, teamName: string): string {
  return occurrence.seriesName.toLowerCase().includes(teamName.toLowerCase())
    ? occurrence.seriesName
    : `${teamName}: ${occurrence.seriesName}`;
}
