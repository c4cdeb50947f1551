import type { MinutesTopic } from '../mail/mail.types.js';
import { parseTimeBox } from '../mail/timebox.models.js';
import {
  bodyRange,
  type Entry,
  entriesOf,
  type MarkdownDoc,
  plainText,
  sectionRange,
} from './minutes.markdown.js';
import { type ClassifiedHeading, STRUCTURAL } from './minutes.sections.js';
import { append, handlesIn, uniqueValues } from './minutes.text.js';

/**
 * The topics of the meeting. With an Agenda heading at level L, topics are the headings
 * after it at the shallowest level below L (usually `###` under `## Agenda`), plus
 * non-housekeeping headings at level L or above that follow it (pads that wrote `## Topic`
 * next to `## Agenda`). Deeper headings belong to the topic above them. Without any
 * topic heading, the agenda's top-level bullets are the topics.
 */
export function topicsOf(
  doc: MarkdownDoc,
  headings: readonly ClassifiedHeading[],
  skipLines: ReadonlySet<number>,
): MinutesTopic[] {
  const fromHeadings = headingTopics(doc, headings);
  if (fromHeadings.length > 0) return fromHeadings;
  return bulletTopics(doc, headings, skipLines);
}

function headingTopics(doc: MarkdownDoc, headings: readonly ClassifiedHeading[]): MinutesTopic[] {
  const agendaIndex = headings.findIndex((h) => h.kind === 'agenda');
  const agendaLevel = headings[agendaIndex]?.level ?? 0;
  const rest = headings.slice(agendaIndex + 1);
  const candidates = rest.filter((h) => h.kind === 'other' || h.kind === 'aob');
  const below = candidates.filter((h) => h.level > agendaLevel);
  const topicLevel = (below.length > 0 ? below : candidates).reduce((min, h) => Math.min(min, h.level), 7);

  const topics: MinutesTopic[] = [];
  let open: { level: number } | null = null;
  for (const heading of rest) {
    if (STRUCTURAL.has(heading.kind)) {
      open = { level: heading.level };
      continue;
    }
    if (open && heading.level > open.level && heading.level > topicLevel) continue;
    open = { level: heading.level };
    if (heading.kind === 'aob' && isEmptySection(doc, heading)) continue;
    const topic = topicFromTitle(heading.text) ?? null;
    if (!topic) continue;
    if (topic.minutes === null) topic.minutes = timeBoxInBody(doc, heading);
    topics.push(topic);
  }
  return topics;
}

function bulletTopics(
  doc: MarkdownDoc,
  headings: readonly ClassifiedHeading[],
  skipLines: ReadonlySet<number>,
): MinutesTopic[] {
  const container = headings.find((h) => h.kind === 'agenda') ?? headings.find((h) => h.kind === 'notes');
  let entries: Entry[];
  if (container) {
    const { from, to } = bodyRange(doc, container);
    entries = entriesOf(doc.lines, from, to);
  } else {
    // No agenda at all (a short [minutes] mail): the bullets outside housekeeping sections.
    const ranges = headings
      .filter((h) => STRUCTURAL.has(h.kind) && h.kind !== 'title')
      .map((h) => bodyRange(doc, h));
    const inStructural = (line: number): boolean => ranges.some(({ from, to }) => line >= from && line < to);
    entries = entriesOf(doc.lines, 0, doc.lines.length).filter((e) => !inStructural(e.line));
  }
  const bullets = entries.filter((e) => e.bullet && !skipLines.has(e.line));
  const topIndent = bullets.reduce((min, e) => Math.min(min, e.indent), Number.POSITIVE_INFINITY);
  const topics: MinutesTopic[] = [];
  for (const entry of bullets) {
    if (entry.indent !== topIndent || ITEM_LINE.test(plainText(entry.text))) continue;
    const topic = topicFromTitle(entry.text);
    if (topic) topics.push(topic);
  }
  return topics;
}

// Bullets that record an action or decision are minutes content, not topics.
const ITEM_LINE = /^\W*(ai|action(?: item)?|decision|todo|to-do|beschluss|entscheidung|aufgabe)\b/i;

/** A title with its owner / time box annotation split off, or null when nothing is left of it. */
export function topicFromTitle(raw: string): MinutesTopic | null {
  const { title, timeBox } = parseTimeBox(plainText(raw));
  const owners = [...(timeBox?.owners ?? [])];
  // parseTimeBox reads annotations at the end only; "(@fkr & B1 colleagues)" or one in
  // the middle ("Outline of epic-0 (@fkr & @yeoldegrove) - VP03") is still an owner note.
  let rest = title;
  for (;;) {
    const group = /\s*\([^()]*@[^()]*\)/.exec(rest);
    if (!group) break;
    append(owners, handlesIn(group[0]));
    rest = `${rest.slice(0, group.index)} ${rest.slice(group.index + group[0].length)}`;
  }
  const cleaned = rest
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;:])(?=\s|$)/g, '$1')
    .replace(/^[\s\-–—:,;]+|[\s\-–—:,;]+$/g, '')
    .trim();
  if (cleaned === '') return null;
  return { title: cleaned, owners: uniqueValues(owners), minutes: timeBox?.minutes ?? null };
}

/**
 * Time boxes written on their own line right under the topic heading, as the team's
 * 2024 pads do: "~ 5 Minutes", "10 ~ 15 Minutes", "- 10 Mins", "- 10 Minutes needed".
 */
function timeBoxInBody(doc: MarkdownDoc, heading: ClassifiedHeading): number | null {
  const { from, to } = bodyRange(doc, heading);
  const lines = doc.lines
    .slice(from, to)
    .filter((line) => line.trim() !== '')
    .slice(0, 4);
  for (const line of lines) {
    const text = line
      .replace(/^\s*(?:[-*+]\s+)?/, '')
      .replace(/\s+(needed|required|benötigt|max\.?)$/i, '')
      .trim();
    if (!/\d/.test(text) || text.length > 40) continue;
    const { timeBox } = parseTimeBox(`topic (${text})`);
    if (timeBox && timeBox.owners.length === 0 && timeBox.minutes !== null) return timeBox.minutes;
  }
  return null;
}

const PLACEHOLDER_LINE = /^\W*(none|nothing|n\/a|-+|nichts|keine?s?)?\W*$/i;

function isEmptySection(doc: MarkdownDoc, heading: ClassifiedHeading): boolean {
  const { from, to } = sectionRange(doc, heading);
  return doc.lines.slice(from, to).every((line) => PLACEHOLDER_LINE.test(line));
}
