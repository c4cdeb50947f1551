import type { Entry } from './minutes.markdown.js';
import { roleLabel } from './minutes.roles.js';
import {
  append,
  leadingHandles,
  personName,
  splitList,
  uniqueValues,
  withoutParentheses,
} from './minutes.text.js';

/** "Participants: @a, @b", "**Teilnehmende:** Anna, Bernd", "Attendees -" */
export const PARTICIPANTS_LABEL =
  /^\W*(?:participants?|attendees?|attendance|present|anwesend\w*|teilnehmende|teilnehmer\w*(?:\*innen)?)\W*?(?:\([^)]*\))?\s*[:\-–]\s*(.*)$/i;
const ABSENT =
  /^\W*(excused|apologies|absent|regrets|not present|missing|entschuldigt|abwesend|fehlend|nicht anwesend)\b/i;

/**
 * People named by the entries of a participants list: handles without "@" where
 * written, else names. Role lines that pads put under the list ("Reporting in Thursday
 * team call …: -> @x") and "Excused:" sub-lists are not attendance.
 */
export function participantsFrom(entries: readonly Entry[]): string[] {
  const people: string[] = [];
  let skipDeeperThan: number | null = null;
  for (const entry of entries) {
    if (skipDeeperThan !== null && entry.indent > skipDeeperThan) continue;
    skipDeeperThan = null;
    if (ABSENT.test(entry.text)) {
      skipDeeperThan = entry.indent;
      continue;
    }
    // "Reporting in Thursday team call …: -> @x" is housekeeping; "@x - note taker" is still attendance.
    if (roleLabel(entry.text) && !entry.text.startsWith('@')) continue;
    const label = PARTICIPANTS_LABEL.exec(entry.text);
    const text = label ? (label[1] ?? '') : entry.text;
    append(people, peopleIn(text, entry.bullet));
  }
  return uniqueValues(people);
}

export function peopleIn(text: string, isListItem: boolean): string[] {
  const cleaned = text.replace(/^(?:->|=>|→|>|<)+\s*/, '').trim();
  if (cleaned === '' || /https?:\/\/|\]\(/.test(cleaned)) return leadingHandles(cleaned);
  const pieces = splitList(cleaned).flatMap((piece) =>
    leadingHandles(piece).length > 0 ? [piece] : piece.split(/\s+(?:&|and|und)\s+/),
  );
  const people: string[] = [];
  let prose = false;
  for (const piece of pieces) {
    const handles = leadingHandles(piece);
    const name = handles.length > 0 ? null : personName(piece);
    if (handles.length > 0) append(people, handles);
    else if (name !== null) people.push(name);
    else prose = true;
  }
  // A non-list line is a list of people only when every piece is one ("Anna, Bernd, @c"),
  // and a lone name only when it is short: "Beware: the contents of this pad …" is neither.
  if (
    !isListItem &&
    (prose || (pieces.length === 1 && withoutParentheses(cleaned).split(/\s+/).length > 3))
  ) {
    return pieces.flatMap((piece) => leadingHandles(piece));
  }
  return people;
}
