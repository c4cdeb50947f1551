import type { MinutesRoles } from '../mail/mail.types.js';
import type { Entry } from './minutes.markdown.js';
import { handlesIn, personName, withoutParentheses } from './minutes.text.js';

/*
 * The housekeeping lines seen in real minutes, all of which must resolve:
 *   "Who is presenting in weekly community call?" + "-> christian b." on the next line
 *   "Who is presenting in weekly community call and creates minutes from etherpad?" + "  * @x"
 *   "Who transfers the minutes? Who reports in the community call on thursday?" + "  - @x"
 *   "Report in this weeks community call: @x", "Responsible for the minutes (…): @y"
 *   "Reporting in Thursday team call and creating minutes from Etherpad: -> @x"
 *   "## Community call and minutes transfer" + "* @x" (Team Container)
 * and the usual short labels elsewhere: "Minutes: @y", "Protocol: …", "Protokoll: …".
 */
const REPORTER_CUE =
  /\b(?:report|present|summar)\w*\b[^?:]{0,60}?\b(?:community|team)[- ]?call\b|^\W*community[- ]call\b|\bcall[- ]?reporter\b|\breporter\b|\bberichterstatt\w*|\bbericht\w*\b[^?:]{0,40}\bcommunity/gi;
const MINUTES_CUE =
  /\bminute[- ]?tak\w*|\bminutes?[- ](?:transfer|keep|writ)\w*|\b(?:responsible for|creat\w*|transform\w*|tak\w*|writ\w*|transfer\w*|who\b)[^?:]{0,40}?\bminutes\b|\bminutes\s*(?:(?:taken|written)\s+)?by\b|\bcall\b[^?:]{0,20}\band\s+minutes\b|\bminutes\s*:|\bprotocol\w*\s*(?:by\s*)?:|\bprotokoll\w*\b|\bschriftf(?:ü|ue)hr\w*|\bnote[- ]?tak\w*|\bscribe\b/gi;

interface RoleLabel {
  reporter: boolean;
  minuteTaker: boolean;
  /** Where the label's wording ends; its value is written after a ":" or "?" from here. */
  end: number;
}

export function roleLabel(text: string): RoleLabel | null {
  const reporterEnd = lastMatchEnd(REPORTER_CUE, text);
  const minutesEnd = lastMatchEnd(MINUTES_CUE, text);
  if (reporterEnd < 0 && minutesEnd < 0) return null;
  return { reporter: reporterEnd >= 0, minuteTaker: minutesEnd >= 0, end: Math.max(reporterEnd, minutesEnd) };
}

export function isRoleLabel(text: string): boolean {
  return roleLabel(text) !== null;
}

/**
 * Reads roles from the entries of housekeeping-like sections, in order; the first
 * mention of a role wins (later lines are often "next week: @x").
 */
export function rolesFrom(entries: readonly Entry[]): MinutesRoles {
  const roles: MinutesRoles = { reporter: null, minuteTaker: null };
  entries.forEach((entry, index) => {
    const label = roleLabel(entry.text);
    if (!label) return;
    const next = entries[index + 1];
    const person =
      personBeforeLabel(entry.text) ??
      personAfterLabel(entry.text, label) ??
      (next && isValueOf(next, entry) ? personIn(next.text) : null);
    if (!person) return;
    if (label.reporter && roles.reporter === null) roles.reporter = person;
    if (label.minuteTaker && roles.minuteTaker === null) roles.minuteTaker = person;
  });
  return roles;
}

/** "@x - note taker": a participant line annotated with the role. */
function personBeforeLabel(text: string): string | null {
  return /^@/.test(text) ? (handlesIn(text)[0] ?? null) : null;
}

function personAfterLabel(text: string, label: RoleLabel): string | null {
  const rest = text.slice(label.end);
  const colon = rest.indexOf(':');
  if (colon >= 0) return personIn(rest.slice(colon + 1));
  const question = rest.lastIndexOf('?');
  if (question >= 0) return personIn(rest.slice(question + 1));
  // "Minutes by @x": no separator, only a handle counts.
  return handlesIn(rest)[0] ?? null;
}

/** The entry after an unanswered question holds the answer unless it is the next question. */
function isValueOf(next: Entry, label: Entry): boolean {
  if (roleLabel(next.text)) return false;
  if (!next.bullet || next.indent > label.indent) return true;
  return handlesIn(next.text).length > 0 && !next.text.includes('?');
}

function personIn(value: string): string | null {
  const text = value.trim();
  if (text === '') return null;
  const handle = handlesIn(text)[0];
  if (handle) return handle;
  if (/https?:|\[|\]/.test(text)) return null;
  return personName(withoutParentheses(text).replace(/^[?!\s]+/, ''), 3);
}

function lastMatchEnd(pattern: RegExp, text: string): number {
  let end = -1;
  for (const match of text.matchAll(pattern)) end = Math.max(end, (match.index ?? 0) + match[0].length);
  return end;
}
