import { extractItems } from '../mail/items.models.js';
import type { ActionItem, ActionUpdate, Decision, MinutesRoles, ParsedMinutes } from '../mail/mail.types.js';
import { dateInText } from './minutes.dates.js';
import { bodyRange, type Entry, entriesOf, type MarkdownDoc, readMarkdown } from './minutes.markdown.js';
import { PARTICIPANTS_LABEL, participantsFrom, peopleIn } from './minutes.participants.js';
import { isRoleLabel, roleLabel, rolesFrom } from './minutes.roles.js';
import { type ClassifiedHeading, classifyHeadings, headingKey } from './minutes.sections.js';
import { append, handlesIn, uniqueValues, withoutParentheses } from './minutes.text.js';
import { topicsOf } from './minutes.topics.js';

export { dateFromFileName } from './minutes.dates.js';

export interface MinutesDocument {
  minutes: ParsedMinutes;
  items: Array<ActionItem | Decision | ActionUpdate>;
}

/**
 * Reads a minutes document in the shapes teams really write (see the fixtures): never
 * throws, and whatever it cannot find is empty or null rather than guessed.
 */
export function parseMinutes(
  markdown: string,
  options: { fallbackDate: string | null; referenceDate: Date | null },
): MinutesDocument {
  const fallbackDate = options?.fallbackDate ?? null;
  const structure = guarded(
    () => parseStructure(typeof markdown === 'string' ? markdown : '', fallbackDate),
    () => null,
  );
  const minutes: ParsedMinutes = structure?.minutes ?? {
    date: fallbackDate,
    participants: [],
    roles: { reporter: null, minuteTaker: null },
    topics: [],
  };
  // Due dates without a year count from the meeting the minutes are of.
  const date = minutes.date;
  const referenceDate =
    options?.referenceDate ??
    (date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T12:00:00Z`) : null);
  const items = guarded(
    () => extractItems(structure ? structure.itemText : String(markdown ?? ''), { referenceDate }),
    () => [],
  );
  return { minutes, items };
}

function parseStructure(
  markdown: string,
  fallbackDate: string | null,
): { minutes: ParsedMinutes; itemText: string } {
  const doc = readMarkdown(markdown);
  const headings = classifyHeadings(doc, isRoleLabel);
  const preamble = preambleEntries(doc, headings);
  const date = documentDate(doc, headings, preamble) ?? fallbackDate;
  const { people, consumed } = participantsOf(doc, headings, preamble);
  const roles = rolesOf(doc, headings, preamble);
  for (const entry of preamble) if (roleLabel(entry.text)) consumed.add(entry.line);
  const topics = topicsOf(doc, headings, consumed);
  return { minutes: { date, participants: people, roles, topics }, itemText: itemText(doc, headings) };
}

/**
 * Minutes come from anyone on the list, and one odd document must not stop the import
 * of a whole archive: a parser bug degrades to an empty result instead of an exception.
 */
function guarded<T>(run: () => T, fallback: () => T): T {
  try {
    return run();
  } catch {
    return fallback();
  }
}

/** True when a text looks like a minutes document rather than prose. */
export function looksLikeMinutes(markdown: string): boolean {
  if (typeof markdown !== 'string' || markdown.trim() === '') return false;
  return guarded(
    () => minutesScore(markdown) >= 3,
    () => false,
  );
}

function minutesScore(markdown: string): number {
  const doc = readMarkdown(markdown);
  const headings = classifyHeadings(doc, isRoleLabel);
  const preamble = preambleEntries(doc, headings);
  const kinds = new Set(headings.map((h) => h.kind));
  const hasParticipants =
    kinds.has('participants') || preamble.some((e) => PARTICIPANTS_LABEL.test(e.text) && !e.bullet);
  const hasRoles =
    kinds.has('housekeeping') || kinds.has('roles') || preamble.some((e) => roleLabel(e.text) !== null);
  const handleLines = doc.lines.filter((line) => /^\s*[-*+]\s+.*@\w/.test(line)).length;
  let score = 0;
  if (hasParticipants) score += 2;
  if (kinds.has('agenda') || kinds.has('notes')) score += 1;
  if (hasRoles) score += 1;
  if (kinds.has('title') && dateInText(headings[0]?.text ?? '') !== null) score += 1;
  if (headings.filter((h) => h.kind === 'other').length >= 2) score += 1;
  if (handleLines >= 2) score += 1;
  return score;
}

/** Entries before the first heading that is not the title: where mail-style minutes put "Participants: …". */
function preambleEntries(doc: MarkdownDoc, headings: readonly ClassifiedHeading[]): Entry[] {
  const title = headings[0]?.kind === 'title' ? headings[0] : undefined;
  const from = title ? title.line + 1 : 0;
  const next = headings.find((h) => h.kind !== 'title' && h.line >= from);
  return entriesOf(doc.lines, from, next ? next.line : doc.lines.length);
}

const DATE_LABEL = /^\W*(date|datum|when|wann|meeting date|sitzungsdatum)\W*:/i;

function documentDate(
  doc: MarkdownDoc,
  headings: readonly ClassifiedHeading[],
  preamble: readonly Entry[],
): string | null {
  const title = headings[0]?.kind === 'title' ? dateInText(headings[0].text) : null;
  if (title) return title;
  const frontMatter = doc.frontMatter.find((line) => /^\s*date\s*:/i.test(line));
  if (frontMatter && dateInText(frontMatter)) return dateInText(frontMatter);
  // "2022-10-10" alone on the first line, or "Date: 11.01.2023" among the opening lines.
  for (const [index, entry] of preamble.entries()) {
    if (index < 3 || DATE_LABEL.test(entry.text)) {
      const date = dateInText(entry.text);
      if (date && (DATE_LABEL.test(entry.text) || entry.text.length <= 60)) return date;
    }
  }
  // Slides and pads with a banner first: "### <font …>2023-10-12</font>" further down.
  const dateHeading = headings.find((h) => /^\d{4}-\d{2}-\d{2}$/.test(headingKey(h.text)));
  return dateHeading ? dateInText(dateHeading.text) : null;
}

function participantsOf(
  doc: MarkdownDoc,
  headings: readonly ClassifiedHeading[],
  preamble: readonly Entry[],
): { people: string[]; consumed: Set<number> } {
  const people: string[] = [];
  const consumed = new Set<number>();
  for (const heading of headings.filter((h) => h.kind === 'participants')) {
    const inline = PARTICIPANTS_LABEL.exec(heading.text);
    if (inline?.[1]) append(people, peopleIn(inline[1], false));
    const { from, to } = bodyRange(doc, heading);
    append(people, participantsFrom(entriesOf(doc.lines, from, to)));
  }
  for (const [index, entry] of preamble.entries()) {
    const label = entry.bullet ? null : PARTICIPANTS_LABEL.exec(entry.text);
    if (!label) continue;
    consumed.add(entry.line);
    if (label[1]?.trim()) {
      append(people, peopleIn(label[1], false));
      continue;
    }
    const list = followingList(doc, preamble, index);
    for (const item of list) consumed.add(item.line);
    append(people, participantsFrom(list));
  }
  if (people.length === 0 && headings.length > 0) {
    // 2022-10-05: the handles follow the title directly, the "Participants" heading forgotten.
    const list = followingList(doc, preamble, -1);
    if (list.length > 0 && list.every(isBarePerson)) {
      for (const item of list) consumed.add(item.line);
      append(people, participantsFrom(list));
    }
  }
  return { people: uniqueValues(people), consumed };
}

/** The bullets right after preamble entry `index` (-1: from the start), up to a gap or a non-bullet line. */
function followingList(doc: MarkdownDoc, preamble: readonly Entry[], index: number): Entry[] {
  const list: Entry[] = [];
  let previous = preamble[index];
  for (const entry of preamble.slice(index + 1)) {
    if (!entry.bullet) break;
    const gap = previous ? doc.lines.slice(previous.end + 1, entry.line).some((l) => l.trim() === '') : false;
    if (gap && list.length > 0) break;
    list.push(entry);
    previous = entry;
  }
  return list;
}

function isBarePerson(entry: Entry): boolean {
  const withoutHandles = withoutParentheses(entry.text).replace(/@[\w.-]+/g, '');
  return handlesIn(entry.text).length > 0 && withoutHandles.trim().split(/\s+/).filter(Boolean).length <= 3;
}

function rolesOf(doc: MarkdownDoc, headings: readonly ClassifiedHeading[], preamble: Entry[]): MinutesRoles {
  const roles: MinutesRoles = { reporter: null, minuteTaker: null };
  const merge = (found: MinutesRoles): void => {
    roles.reporter ??= found.reporter;
    roles.minuteTaker ??= found.minuteTaker;
  };
  // Dedicated housekeeping sections first; a participant list's "@x - minutes" is the last resort.
  const sections = (kinds: readonly string[]): Entry[][] =>
    headings
      .filter((h) => kinds.includes(h.kind))
      .map((heading) => {
        const { from, to } = bodyRange(doc, heading);
        const entries = entriesOf(doc.lines, from, to);
        const own: Entry = {
          line: heading.line,
          end: heading.line,
          indent: 0,
          bullet: false,
          text: heading.text,
        };
        return heading.kind === 'roles' ? [own, ...entries] : entries;
      });
  for (const entries of sections(['housekeeping', 'roles'])) merge(rolesFrom(entries));
  merge(rolesFrom(preamble));
  for (const entries of sections(['participants'])) merge(rolesFrom(entries));
  return roles;
}

// "Action Items from last week's call", "Checking AIs of last week": items carried over
// from an earlier meeting, already counted there; re-reading them would duplicate them.
const PREVIOUS_ITEMS =
  /\b(ais?|action items?|actions|todos?)\b[^.]{0,20}\b(of|from)\s+(the\s+)?(last|previous)\b/i;

function itemText(doc: MarkdownDoc, headings: readonly ClassifiedHeading[]): string {
  const lines = [...doc.lines];
  for (const heading of headings) {
    if (!PREVIOUS_ITEMS.test(headingKey(heading.text))) continue;
    const { from, to } = bodyRange(doc, heading);
    for (let i = heading.line; i < to && i >= from - 1; i++) lines[i] = '';
  }
  const entries = entriesOf(lines, 0, lines.length);
  entries.forEach((entry, index) => {
    if (!PREVIOUS_ITEMS.test(entry.text) || entry.text.length > 60) return;
    let last = entry.end;
    for (const child of entries.slice(index + 1)) {
      if (child.indent <= entry.indent) break;
      last = child.end;
    }
    for (let i = entry.line; i <= last; i++) lines[i] = '';
  });
  return lines.join('\n');
}
