import type { Occurrence, Rotation } from './meeting.types.js';

export interface RotationRule {
  minuteTaker: string[];
  reporter: string[];
  /** Handle → local dates (YYYY-MM-DD) the person is away. */
  away: Record<string, string[]>;
}

/**
 * Who takes the minutes and who reports at one meeting: round-robin by the meeting's
 * sequence. Someone away that day is passed over for the next in the list, for this
 * meeting only: the turn order of later meetings does not shift, so a published
 * rotation ("next time: @garloff") stays true when somebody announces a holiday.
 */
export function rotationFor(rule: RotationRule, occurrence: Occurrence): Rotation {
  const present = (handle: string) => !rule.away[handle]?.includes(occurrence.localDate);
  const minuteTaker = firstInTurn(rule.minuteTaker, occurrence.sequence, present);
  // Taking minutes and reporting at once is too much for one person; the next reporter
  // steps in, unless nobody else is there.
  const reporter =
    firstInTurn(rule.reporter, occurrence.sequence, (h) => present(h) && h !== minuteTaker) ??
    firstInTurn(rule.reporter, occurrence.sequence, present);
  return { minuteTaker, reporter };
}

function firstInTurn(
  people: string[],
  sequence: number,
  eligible: (handle: string) => boolean,
): string | null {
  for (let offset = 0; offset < people.length; offset++) {
    const handle = people[(sequence + offset) % people.length]!;
    if (eligible(handle)) return handle;
  }
  return null;
}
