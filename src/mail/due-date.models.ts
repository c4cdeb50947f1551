/**
 * Due dates on action items, in English and German as the team writes them: "by 2024-01-15",
 * "due 15 Jan", "due: Jan 15", "bis 15.01.2024", "bis 15.1.", "bis zum 15. Januar",
 * "until 2024-01-15", "by end of January", "by Friday", "bis Freitag", "by tomorrow".
 */

const MONTHS: ReadonlyArray<readonly [number, RegExp]> = [
  [1, /^(jan|january|januar|jänner|jaenner)$/],
  [2, /^(feb|february|februar)$/],
  [3, /^(mar|march|märz|maerz|mär|mrz)$/],
  [4, /^(apr|april)$/],
  [5, /^(may|mai)$/],
  [6, /^(jun|june|juni)$/],
  [7, /^(jul|july|juli)$/],
  [8, /^(aug|august)$/],
  [9, /^(sep|sept|september)$/],
  [10, /^(oct|october|okt|oktober)$/],
  [11, /^(nov|november)$/],
  [12, /^(dec|december|dez|dezember)$/],
];
const MONTH_WORD = String.raw`(?:jan(?:uary|uar)?|j(?:ä|ae)nner|feb(?:ruary|ruar)?|mar(?:ch)?|m(?:ä|ae)rz|mär|mrz|apr(?:il)?|may|mai|jun[ei]?|jul[yi]?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?)\.?`;

const WEEKDAYS: ReadonlyArray<readonly [number, RegExp]> = [
  [0, /^(sun|sunday|sonntag|so)$/],
  [1, /^(mon|monday|montag|mo)$/],
  [2, /^(tue|tues|tuesday|dienstag|di)$/],
  [3, /^(wed|wednesday|mittwoch|mi)$/],
  [4, /^(thu|thur|thurs|thursday|donnerstag|do)$/],
  [5, /^(fri|friday|freitag|fr)$/],
  [6, /^(sat|saturday|samstag|sonnabend|sa)$/],
];
// Only full weekday names (and the common English abbreviations): German "Mo"/"Do" are words too.
const WEEKDAY_WORD = `(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thur?s?|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)`;

const KEYWORD = String.raw`(?:due(?:\s+date)?(?:\s*:|\s+(?:on|by))?|deadline\s*:?|by|until|till|bis(?:\s+sp(?:ä|ae)testens)?(?:\s+(?:zum|zur|am))?)`;
const NEXT = String.raw`(?:(?:next|this|coming|n(?:ä|ae)chsten|kommenden|diesen)\s+)?`;

type DateResolver = (match: RegExpExecArray, reference: Date | null) => string | null;

interface DuePattern {
  regex: RegExp;
  resolve: DateResolver;
}

function pattern(datePart: string, resolve: DateResolver): DuePattern {
  // The keyword must start a word; the date may be wrapped in "(…)" with the keyword.
  return {
    regex: new RegExp(String.raw`\(?(?<![\p{L}\p{N}_])${KEYWORD}\s*${datePart}(?![\p{L}\p{N}])\)?`, 'iu'),
    resolve,
  };
}

const PATTERNS: readonly DuePattern[] = [
  pattern(String.raw`(\d{4})-(\d{1,2})-(\d{1,2})`, (m) => ymd(+m[1]!, +m[2]!, +m[3]!)),
  pattern(String.raw`(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})`, (m) => ymd(fullYear(m[3]!), +m[2]!, +m[1]!)),
  // "bis 15.1." needs the closing dot: "by 15.1" is as likely a version number.
  pattern(String.raw`(\d{1,2})\.(\d{1,2})\.`, (m, ref) => nextYmd(+m[2]!, +m[1]!, ref)),
  pattern(String.raw`(\d{1,2})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(${MONTH_WORD})(?:,?\s+(\d{4}))?`, (m, ref) =>
    monthDay(m[2]!, +m[1]!, m[3], ref),
  ),
  pattern(String.raw`(${MONTH_WORD})\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?`, (m, ref) =>
    monthDay(m[1]!, +m[2]!, m[3], ref),
  ),
  pattern(String.raw`(?:the\s+)?(?:end\s+of|ende)\s+(${MONTH_WORD})(?:\s+(\d{4}))?`, (m, ref) =>
    endOfMonth(m[1]!, m[2], ref),
  ),
  pattern(`${NEXT}(${WEEKDAY_WORD})`, (m, ref) => nextWeekday(m[1]!, ref)),
  pattern('(tomorrow|morgen)', (_m, ref) => (ref ? isoDate(addDays(utcDay(ref), 1)) : null)),
];

function fullYear(year: string): number {
  return year.length === 2 ? 2000 + Number(year) : Number(year);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function ymd(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return `${year}-${pad(month)}-${pad(day)}`;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function utcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** The next date with this month and day on or after the reference (UTC) date. */
function nextYmd(month: number, day: number, reference: Date | null): string | null {
  if (!reference) return null;
  const today = isoDate(utcDay(reference));
  const year = reference.getUTCFullYear();
  // Feb 29 may be several years away; anything else is this year or next.
  for (let y = year; y <= year + 8; y++) {
    const candidate = ymd(y, month, day);
    if (candidate && candidate >= today) return candidate;
    if (!candidate && !(month === 2 && day === 29)) return null;
  }
  return null;
}

function monthNumber(word: string): number | null {
  const key = word.toLowerCase().replace(/\.$/, '');
  for (const [month, regex] of MONTHS) if (regex.test(key)) return month;
  return null;
}

function monthDay(monthWord: string, day: number, year: string | undefined, ref: Date | null): string | null {
  const month = monthNumber(monthWord);
  if (month === null) return null;
  return year ? ymd(Number(year), month, day) : nextYmd(month, day, ref);
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function endOfMonth(monthWord: string, year: string | undefined, ref: Date | null): string | null {
  const month = monthNumber(monthWord);
  if (month === null) return null;
  if (year) return ymd(Number(year), month, lastDay(Number(year), month));
  if (!ref) return null;
  const thisYear = ref.getUTCFullYear();
  const candidate = ymd(thisYear, month, lastDay(thisYear, month))!;
  if (candidate >= isoDate(utcDay(ref))) return candidate;
  return ymd(thisYear + 1, month, lastDay(thisYear + 1, month));
}

/** "by Friday" on a Friday means a week later: the next such weekday strictly after the reference. */
function nextWeekday(word: string, ref: Date | null): string | null {
  if (!ref) return null;
  const key = word.toLowerCase();
  const entry = WEEKDAYS.find(([, regex]) => regex.test(key));
  if (!entry) return null;
  const today = utcDay(ref);
  const delta = (entry[0] - today.getUTCDay() + 7) % 7 || 7;
  return isoDate(addDays(today, delta));
}

function tidy(text: string): string {
  return text
    .replace(/\(\s*\)/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\s+([.,;:!?)])/g, '$1')
    .replace(/[\s,;:\-–—]+$/, '')
    .trim();
}

/**
 * Finds the first due phrase in an action item's text. Dates without a year take the next such
 * date on or after referenceDate; weekdays the next such weekday after it.
 */
export function parseDue(text: string, referenceDate: Date | null): { text: string; due: string | null } {
  let best: { index: number; length: number; due: string } | null = null;
  for (const { regex, resolve } of PATTERNS) {
    const match = regex.exec(text);
    if (!match) continue;
    if (best && match.index >= best.index) continue;
    let matched = match[0];
    // Only swallow a bracket when both sides of "(due …)" were matched.
    if (matched.startsWith('(') !== matched.endsWith(')')) {
      matched = matched.startsWith('(') ? matched.slice(1) : matched.slice(0, -1);
    }
    const due = resolve(match, referenceDate);
    if (!due) continue;
    const index = match[0].startsWith('(') && !matched.startsWith('(') ? match.index + 1 : match.index;
    best = { index, length: matched.length, due };
  }
  if (!best) return { text, due: null };
  const without = text.slice(0, best.index) + text.slice(best.index + best.length);
  return { text: tidy(without), due: best.due };
}
