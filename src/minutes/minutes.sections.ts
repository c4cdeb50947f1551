import { dateInText } from './minutes.dates.js';
import type { Heading, MarkdownDoc } from './minutes.markdown.js';
import { plainText } from './minutes.markdown.js';

/**
 * What a heading is for. Everything that is not a known housekeeping section is
 * "other", a topic candidate; "aob" is a topic only when something was noted under it.
 */
export type SectionKind =
  | 'title'
  | 'participants'
  | 'housekeeping'
  | 'roles'
  | 'agenda'
  | 'notes'
  | 'actions'
  | 'aob'
  | 'other';

export interface ClassifiedHeading extends Heading {
  kind: SectionKind;
}

const PARTICIPANTS =
  /^(participants?|attendees?|attendance|present|anwesend\w*|anwesenheit|teilnehmende|teilnehmer\w*|teilnahme)\b/;
// Typos are real: "Housekeeing" (2022-07-27), "Housekeeping?" (2023-11-01).
const HOUSEKEEPING =
  /^(hous\w*ke\w*|recurring\b|regular items|standing items|organi[sz]ational\b|organisatorisches|orga\b|formalit\w*|formalia|regularien)/;
const AGENDA = /^(agenda|tagesordnung\w*|traktand\w*|topics|themen|discussion topics)$/;
// A wrapper some teams put around their topics; unlike "Agenda" it may also come last.
const NOTES = /^(minutes|meeting minutes|notes|meeting notes|protokoll|notizen|mitschrift)$/;
const ACTIONS =
  /^(action items?|actions?|ais?|action points|todos?|to-dos?|to do|next steps|aufgaben|decisions?|beschl(ü|ue)sse|entscheidungen)( (of|from) (the )?(last|previous) (week|call|meeting)('s call)?)?$/;
const AOB = /^(aob|any other business|misc|miscellaneous|sonstiges|verschiedenes)$/;

/** Lower-case heading text without numbering, emphasis, links, emoji shortcodes or trailing punctuation. */
export function headingKey(text: string): string {
  return plainText(text)
    .replace(/:[a-z0-9_+-]+:/g, ' ')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(/^(top\s*)?(\d+(\.\d+)*\.?|[ivx]+\.|[a-z]\))\s+/i, '')
    .replace(/[\s:?!.]+$/, '')
    .trim()
    .toLowerCase();
}

export function classifyHeadings(
  doc: MarkdownDoc,
  isRoleLabel: (text: string) => boolean,
): ClassifiedHeading[] {
  const classified = doc.headings.map(
    (h): ClassifiedHeading => ({ ...h, kind: kindOf(h.text, isRoleLabel) }),
  );
  const first = classified[0];
  if (first && isTitle(first, classified)) first.kind = 'title';
  return classified;
}

function kindOf(text: string, isRoleLabel: (text: string) => boolean): SectionKind {
  const key = headingKey(text);
  if (PARTICIPANTS.test(key)) return 'participants';
  if (HOUSEKEEPING.test(key)) return 'housekeeping';
  if (AGENDA.test(key)) return 'agenda';
  if (NOTES.test(key)) return 'notes';
  if (ACTIONS.test(key)) return 'actions';
  if (AOB.test(key)) return 'aob';
  if (isRoleLabel(key)) return 'roles';
  return 'other';
}

/**
 * The first heading names the meeting when it carries a date ("# 2023-12-04",
 * "## 2022-08-03 IaaS Team Meeting") or is the only level-1 heading that is not a
 * known section ("# Overflow session").
 */
function isTitle(first: ClassifiedHeading, all: readonly ClassifiedHeading[]): boolean {
  if (dateInText(first.text) !== null) return true;
  if (first.kind !== 'other' || first.level !== 1) return false;
  return all.filter((h) => h.level === 1 && h.kind === 'other').length === 1;
}

export const STRUCTURAL: ReadonlySet<SectionKind> = new Set([
  'title',
  'participants',
  'housekeeping',
  'roles',
  'agenda',
  'notes',
  'actions',
]);
