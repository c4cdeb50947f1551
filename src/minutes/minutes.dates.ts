/** Meeting dates as written in minutes titles and file names, always returned as YYYY-MM-DD. */

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  januar: 1,
  jänner: 1,
  feb: 2,
  february: 2,
  februar: 2,
  mar: 3,
  march: 3,
  mär: 3,
  märz: 3,
  maerz: 3,
  apr: 4,
  april: 4,
  may: 5,
  mai: 5,
  jun: 6,
  june: 6,
  juni: 6,
  jul: 7,
  july: 7,
  juli: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  okt: 10,
  oktober: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
  dez: 12,
  dezember: 12,
};

const MONTH_NAME = '([A-Za-zäÄ]{3,9})\\.?';
const ISO = /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;
const COMPACT = /(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)/;
const GERMAN = /(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)/;
const DAY_MONTH_YEAR = new RegExp(
  `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+${MONTH_NAME},?\\s+(\\d{4})(?!\\d)`,
  'i',
);
const MONTH_DAY_YEAR = new RegExp(`${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'i');

/** The first calendar date written in a line of text, or null. */
export function dateInText(text: string): string | null {
  const iso = ISO.exec(text);
  if (iso) return isoDate(iso[1], iso[2], iso[3]);
  const german = GERMAN.exec(text);
  if (german) return isoDate(german[3], german[2], german[1]);
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) return isoDate(dmy[3], monthNumber(dmy[2]), dmy[1]);
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) return isoDate(mdy[3], monthNumber(mdy[1]), mdy[2]);
  const compact = COMPACT.exec(text);
  if (compact) return isoDate(compact[1], compact[2], compact[3]);
  return null;
}

/** "20231204.md" / "2023-12-04-iaas.md" / "minutes/20230710-overflow.md" → "2023-12-04"-style, else null. */
export function dateFromFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const match = /(?<!\d)(\d{4})([-_.]?)(\d{2})\2(\d{2})(?!\d)/.exec(base);
  return match ? isoDate(match[1], match[3], match[4]) : null;
}

function monthNumber(name: string | undefined): string | undefined {
  const month = name ? MONTHS[name.toLowerCase()] : undefined;
  return month === undefined ? undefined : String(month);
}

function isoDate(y: string | undefined, m: string | undefined, d: string | undefined): string | null {
  if (!y || !m || !d) return null;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1990 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
  // Date.UTC rolls 2023-02-30 over into March; a rolled date was never a real one.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
