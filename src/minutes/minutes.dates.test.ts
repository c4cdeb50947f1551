import { describe, expect, it } from 'vitest';
import { dateFromFileName, dateInText } from './minutes.dates.js';

describe('dateFromFileName', () => {
  it.each([
    ['20231204.md', '2023-12-04'],
    ['2023-12-04-iaas.md', '2023-12-04'],
    ['20230710-overflow.md', '2023-07-10'],
    ['minutes/iaas/20240110.md', '2024-01-10'],
    ['C:\\minutes\\2024_01_10.md', '2024-01-10'],
  ])('reads %s as %s', (name, date) => {
    expect(dateFromFileName(name)).toBe(date);
  });

  it.each(['minutes.md', '20231304.md', '20230230.md', '2023-1204.md', '120231204.md', ''])(
    'answers null for %s',
    (name) => {
      expect(dateFromFileName(name)).toBeNull();
    },
  );
});

describe('dateInText', () => {
  it.each([
    ['# 2023-12-04', '2023-12-04'],
    ['Team IaaS Meeting 2023-01-11', '2023-01-11'],
    ['2023/1/5 sync', '2023-01-05'],
    ['Protokoll vom 12.03.2025', '2025-03-12'],
    ['Meeting on 4 December 2023', '2023-12-04'],
    ['December 4th, 2023', '2023-12-04'],
    ['Sitzung am 4. Dezember 2023', '2023-12-04'],
  ])('reads %s', (text, date) => {
    expect(dateInText(text)).toBe(date);
  });

  it('rejects dates that do not exist rather than rolling them over', () => {
    expect(dateInText('2023-02-30')).toBeNull();
    expect(dateInText('31.04.2024')).toBeNull();
  });

  it('finds nothing in a title without a date', () => {
    expect(dateInText('Overflow session')).toBeNull();
    expect(dateInText('OSISM 7.0.0c release')).toBeNull();
  });
});
