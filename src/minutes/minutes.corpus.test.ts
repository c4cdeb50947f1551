import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateFromFileName, type MinutesDocument, parseMinutes } from './minutes.models.js';

/**
 * The real Team IaaS minutes (read at test time, never copied into the repository).
 * Floors below were checked by reading every file.
 */
const CORPUS = '/work/shared/corpus/scs-minutes/iaas';
const available = existsSync(CORPUS) && readdirSync(CORPUS).some((f) => f.endsWith('.md'));
if (!available) console.warn(`minutes corpus test skipped: ${CORPUS} not found`);

/**
 * 20230320.md is titled "# 2024-03-20" and is a 2024 meeting filed under a 2023 name: it uses
 * the 2024 "Housekeeping & Organizational Items" layout and 2024 participants, and 2024-03-20
 * was a Wednesday (the meeting day) while 2023-03-20 was a Monday. The document wins.
 */
const DATE_EXCEPTIONS: Record<string, string> = { '20230320.md': '2024-03-20' };

/**
 * Files whose housekeeping names no community-call reporter: 2022-07-13/20/27 ask only
 * about the reporter (so no minute-taker), 2023-05-17 and the 2023-07-10 overflow ask only
 * for the minute-taker, 2023-11-15 and 2023-11-29 name nobody, and 2024-03-27 and
 * 2024-10-02 had no community call.
 */
const NO_REPORTER = [
  '20230517.md',
  '20230710-overflow.md',
  '20231115.md',
  '20231129.md',
  '20240327.md',
  '20241002.md',
];
const NO_MINUTE_TAKER = ['20220713.md', '20220720.md', '20220727.md', '20231115.md', '20231129.md'];

describe.skipIf(!available)('the real Team IaaS minutes corpus', () => {
  const files = available
    ? readdirSync(CORPUS)
        .filter((f) => f.endsWith('.md'))
        .sort()
    : [];
  const parsed = new Map<string, MinutesDocument>();
  for (const file of files) {
    const fallbackDate = dateFromFileName(file);
    const doc = parseMinutes(readFileSync(join(CORPUS, file), 'utf8'), { fallbackDate, referenceDate: null });
    parsed.set(file, doc);
  }
  const all = [...parsed.entries()];
  const share = (predicate: (doc: MinutesDocument) => boolean): number =>
    all.filter(([, doc]) => predicate(doc)).length / all.length;

  it('parses every file without throwing', () => {
    for (const file of files) {
      expect(() =>
        parseMinutes(readFileSync(join(CORPUS, file), 'utf8'), { fallbackDate: null, referenceDate: null }),
      ).not.toThrow();
    }
    expect(parsed.size).toBe(files.length);
  });

  it('dates every file as its file name does (one documented exception)', () => {
    const mismatches = all
      .filter(([file, doc]) => doc.minutes.date !== (DATE_EXCEPTIONS[file] ?? dateFromFileName(file)))
      .map(([file, doc]) => `${file}: ${doc.minutes.date}`);
    expect(mismatches).toEqual([]);
  });

  it('finds participants in at least 90 % of the files', () => {
    expect(share((doc) => doc.minutes.participants.length > 0)).toBeGreaterThanOrEqual(0.9);
  });

  it('never lists an "@" or an empty string as a participant', () => {
    for (const [, doc] of all) {
      for (const person of doc.minutes.participants) expect(person).toMatch(/^[^@\s][^@]*$/);
    }
  });

  it('finds topics in at least 90 % of the files', () => {
    expect(share((doc) => doc.minutes.topics.length > 0)).toBeGreaterThanOrEqual(0.9);
  });

  it('gives every topic a non-empty title without an "(@owner" annotation', () => {
    const bad = all.flatMap(([file, doc]) =>
      doc.minutes.topics
        .filter((t) => t.title.trim() === '' || t.title.includes('(@'))
        .map((t) => `${file}: ${t.title}`),
    );
    expect(bad).toEqual([]);
  });

  it('finds the reporter wherever the housekeeping names one', () => {
    const missing = all.filter(([, doc]) => doc.minutes.roles.reporter === null).map(([file]) => file);
    expect(missing).toEqual(NO_REPORTER.filter((f) => parsed.has(f)));
    expect(all.length - missing.length).toBeGreaterThanOrEqual(100);
  });

  it('finds the minute-taker wherever the housekeeping names one', () => {
    const missing = all.filter(([, doc]) => doc.minutes.roles.minuteTaker === null).map(([file]) => file);
    expect(missing).toEqual(NO_MINUTE_TAKER.filter((f) => parsed.has(f)));
    expect(all.length - missing.length).toBeGreaterThanOrEqual(101);
  });

  it.each([
    ['20220713.md', { reporter: 'christian b', minuteTaker: null }],
    ['20220801.md', { reporter: 'matfechner', minuteTaker: 'matfechner' }],
    ['20221010.md', { reporter: 'matfechner', minuteTaker: 'matfechner' }],
    ['20230426.md', { reporter: 'fkr', minuteTaker: 'fkr' }],
    ['20231122.md', { reporter: 'fdobrovolny', minuteTaker: 'fdobrovolny' }],
    ['20240131.md', { reporter: 'artificial-intelligence', minuteTaker: 'fkr' }],
    ['20240306.md', { reporter: 'fkr', minuteTaker: 'garloff' }],
    ['20241009.md', { reporter: 'matofeder', minuteTaker: 'gtema' }],
    ['20241211.md', { reporter: 'janhorstmann', minuteTaker: 'janhorstmann' }],
  ])('reads the roles of %s as written', (file, roles) => {
    if (!parsed.has(file)) return;
    expect(parsed.get(file)?.minutes.roles).toEqual(roles);
  });

  it('prints a summary', () => {
    const count = (kind: string): number =>
      all.reduce((sum, [, doc]) => sum + doc.items.filter((i) => i.kind === kind).length, 0);
    const summary = {
      files: all.length,
      'with participants': all.filter(([, d]) => d.minutes.participants.length > 0).length,
      'with topics': all.filter(([, d]) => d.minutes.topics.length > 0).length,
      'with reporter': all.filter(([, d]) => d.minutes.roles.reporter !== null).length,
      'with minute-taker': all.filter(([, d]) => d.minutes.roles.minuteTaker !== null).length,
      topics: all.reduce((sum, [, d]) => sum + d.minutes.topics.length, 0),
      'topics with time box': all.reduce(
        (sum, [, d]) => sum + d.minutes.topics.filter((t) => t.minutes !== null).length,
        0,
      ),
      'action items': count('action'),
      decisions: count('decision'),
      'action updates': count('action-update'),
    };
    console.table(summary);
    expect(summary.files).toBe(files.length);
  });
});
