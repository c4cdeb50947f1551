import type { Occurrence } from './meeting.types.js';
import { type RotationRule, rotationFor } from './rotation.models.js';
import { nextOccurrence, occurrenceOn, occurrencesBetween, type SeriesRule } from './schedule.models.js';
import type { TeamSchedule } from './team-schedule.js';

/** Everything the scheduler needs about one meeting series of a team. */
export interface MeetingPlan {
  rule: SeriesRule;
  rotation: RotationRule;
  agendaLeadHours: number;
  minutesDelayHours: number;
}

const HOUR = 3_600_000;

/** When each digest of a meeting is due, and until when it is still worth sending. */
export interface DigestWindow {
  dueAt: Date;
  usefulUntil: Date;
}

/**
 * The agenda is useful until the meeting starts. The minutes are useful until the
 * next agenda would go out (a week-old minutes digest still tells people what was
 * decided; one that arrives after the next agenda only confuses), or a week when
 * the series has ended.
 */
export function digestWindows(
  plan: MeetingPlan,
  occurrence: Occurrence,
): { agenda: DigestWindow; minutes: DigestWindow } {
  const next = nextOccurrence(plan.rule, occurrence.startsAt);
  const minutesDue = new Date(occurrence.endsAt.getTime() + plan.minutesDelayHours * HOUR);
  const nextAgendaDue = next ? new Date(next.startsAt.getTime() - plan.agendaLeadHours * HOUR) : null;
  return {
    agenda: {
      dueAt: new Date(occurrence.startsAt.getTime() - plan.agendaLeadHours * HOUR),
      usefulUntil: occurrence.startsAt,
    },
    minutes: {
      dueAt: minutesDue,
      usefulUntil:
        nextAgendaDue && nextAgendaDue > minutesDue
          ? nextAgendaDue
          : new Date(minutesDue.getTime() + 7 * 24 * HOUR),
    },
  };
}

/** A team's schedule across all its series. */
export function teamScheduleOf(plansByTeam: ReadonlyMap<string, readonly MeetingPlan[]>): TeamSchedule {
  return {
    nextMeeting(team, after) {
      const candidates = (plansByTeam.get(team) ?? [])
        .map((plan) => nextOccurrence(plan.rule, after))
        .filter((o): o is Occurrence => o !== null);
      return candidates.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0] ?? null;
    },
    meetingOn(team, localDate) {
      for (const plan of plansByTeam.get(team) ?? []) {
        const found = occurrenceOn(plan.rule, localDate);
        if (found) return found;
      }
      return null;
    },
    countMeetings(team, from, to) {
      if (to <= from) return 0;
      return (plansByTeam.get(team) ?? []).reduce(
        (sum, plan) => sum + occurrencesBetween(plan.rule, from, to).length,
        0,
      );
    },
  };
}

/** The occurrences of a plan in a window, each with its rotation. */
export function plannedMeetings(
  plan: MeetingPlan,
  from: Date,
  to: Date,
): Array<{ occurrence: Occurrence; minuteTaker: string | null; reporter: string | null }> {
  return occurrencesBetween(plan.rule, from, to).map((occurrence) => ({
    occurrence,
    ...rotationFor(plan.rotation, occurrence),
  }));
}
