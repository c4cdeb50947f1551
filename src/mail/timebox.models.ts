/**
 * Time boxes and owner annotations at the end of an agenda title, as the team writes them:
 * "Topic (@fkr ~5 min)", "Topic (@a, @b)", "Topic (@x) (10 min)", "Topic - 10min",
 * "Topic appr. 10~15 minutes".
 */

export interface TimeBox {
  owners: string[];
  minutes: number | null;
}

const NUMBER = String.raw`\d+(?:[.,]\d+)?`;
const RANGE = String.raw`(${NUMBER})(?:\s*(?:~|-|–|—|to|bis)\s*(${NUMBER}))?`;
const APPROX = String.raw`(?:~|≈|ca\.?|circa|approx\.?|appr\.?|approximately|about|max\.?|<=?|≤)\s*`;
const UNIT = String.raw`(h|hrs?|hours?|std\.?|stunden?|m|mins?|minutes?|minuten?)`;

/** One part of a parenthesised annotation that is a duration, e.g. "~5 min", "5 ~ 10 Minutes", "1h". */
const DURATION_PART = new RegExp(String.raw`^(?:${APPROX})?${RANGE}\s*${UNIT}$`, 'i');

/**
 * A duration written after the title without parentheses. It needs a separator or an "approx"
 * word in front, so that "Reduce boot time to 10 min" keeps its number.
 */
const TRAILING_DURATION = new RegExp(
  String.raw`(?:\s+[-–—:]\s*(?:${APPROX})?|\s*,\s*(?:${APPROX})?|\s+${APPROX})${RANGE}\s*${UNIT}\.?$`,
  'i',
);

const HANDLE_THEN_DURATION = /^@?([A-Za-z0-9_.-]+)\s+(.+)$/;
const HANDLE_PART = /^@?([A-Za-z0-9][A-Za-z0-9_.-]*?)[.:]?$/;
/** Filler people put among owners: "@scoopex et al.", "@garloff, ...". */
const NOISE_PART = /^(?:et al\.?|\.\.\.|…|etc\.?|and others|u\.a\.?)$/i;
const PART_SEPARATOR = /\s*(?:,|;|\/|&|\+|->|→|\band\b|\bund\b)\s*|\s+(?=@)/i;

function toMinutes(low: string, high: string | undefined, unit: string): number {
  const value = Number.parseFloat((high ?? low).replace(',', '.'));
  const isHours = /^(h|hr|hrs|hour|hours|std\.?|stunde|stunden)$/i.test(unit);
  return Math.round(isHours ? value * 60 : value);
}

interface GroupParse {
  owners: string[];
  minutes: number | null;
}

/** Reads "(…)" content as an annotation, or null when it is ordinary title text like "(R4.3)". */
function parseGroup(content: string): GroupParse | null {
  const parts = content
    .trim()
    .replace(/\s+(?:et al\.?|etc\.?|u\.\s?a\.?|\.\.\.|…)$/i, '')
    .split(PART_SEPARATOR)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0) return null;

  const owners: string[] = [];
  let minutes: number | null = null;
  let sawHandleOrDuration = false;
  for (const part of parts) {
    const duration = DURATION_PART.exec(part);
    if (duration) {
      minutes = toMinutes(duration[1]!, duration[2], duration[3]!);
      sawHandleOrDuration = true;
      continue;
    }
    if (NOISE_PART.test(part)) continue;
    // "@fkr ~5 min" without a separator between handle and duration.
    const handleThenDuration = HANDLE_THEN_DURATION.exec(part);
    if (handleThenDuration && DURATION_PART.test(handleThenDuration[2]!)) {
      const inner = parseGroup(handleThenDuration[2]!);
      owners.push(stripHandle(handleThenDuration[1]!));
      minutes = inner?.minutes ?? minutes;
      sawHandleOrDuration = true;
      continue;
    }
    const handle = HANDLE_PART.exec(part);
    if (!handle || /^\d+$/.test(handle[1]!)) return null;
    if (part.startsWith('@')) sawHandleOrDuration = true;
    owners.push(stripHandle(handle[1]!));
  }
  // A lone bare word like "(gtema)" or "(Neutron)" is too ambiguous to be an owner.
  if (!sawHandleOrDuration) return null;
  return { owners, minutes };
}

function stripHandle(handle: string): string {
  return handle.replace(/[.:-]+$/, '');
}

function cleanTitle(title: string): string {
  return title.replace(/[\s\-–—:,;]+$/, '').trim();
}

/** Splits "Topic (…)" into the text before the last balanced group and its content. */
function splitTrailingGroup(title: string): { before: string; content: string } | null {
  if (!title.endsWith(')')) return null;
  let depth = 0;
  for (let i = title.length - 1; i >= 0; i--) {
    const ch = title[i];
    if (ch === ')') depth++;
    else if (ch === '(') {
      depth--;
      if (depth === 0) return { before: title.slice(0, i), content: title.slice(i + 1, -1) };
    }
  }
  return null;
}

/**
 * Finds a time box / owner annotation at the END of a title. Ranges take the upper bound,
 * hours become minutes, handles are returned without "@".
 */
export function parseTimeBox(title: string): { title: string; timeBox: TimeBox | null } {
  let rest = title.trim().replace(/[\s:]+$/, '');
  const owners: string[] = [];
  let minutes: number | null = null;
  let found = false;

  for (;;) {
    const group = splitTrailingGroup(rest);
    if (group) {
      const parsed = parseGroup(group.content);
      if (!parsed) break;
      owners.unshift(...parsed.owners);
      if (minutes === null) minutes = parsed.minutes;
      rest = group.before.replace(/[\s\-–—:,]+$/, '');
      found = true;
      continue;
    }
    const trailing = TRAILING_DURATION.exec(rest);
    if (trailing && minutes === null && trailing.index > 0) {
      minutes = toMinutes(trailing[1]!, trailing[2], trailing[3]!);
      rest = rest.slice(0, trailing.index);
      found = true;
      continue;
    }
    break;
  }

  const cleaned = cleanTitle(rest);
  if (!found || cleaned.length === 0) return { title: cleanTitle(title), timeBox: null };
  return { title: cleaned, timeBox: { owners: dedupe(owners), minutes } };
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
