import { describe, expect, it } from 'vitest';
import { parseDue } from './due-date.models.js';

// Wednesday, 10 January 2024.
const ref = new Date('2024-01-10T15:00:00Z');

describe('parseDue', () => {
  it.each([
    ['write docs by 2024-01-15', 'write docs', '2024-01-15'],
    ['write docs until 2024-01-15', 'write docs', '2024-01-15'],
    ['write docs due 15 Jan', 'write docs', '2024-01-15'],
    ['write docs, due: Jan 15', 'write docs', '2024-01-15'],
    ['write docs bis 15.01.2024', 'write docs', '2024-01-15'],
    ['write docs bis 15.1.', 'write docs', '2024-01-15'],
    ['Doku schreiben bis zum 15. Januar', 'Doku schreiben', '2024-01-15'],
    ['Doku schreiben bis spätestens 3. März', 'Doku schreiben', '2024-03-03'],
    ['write docs by January 15th, 2025', 'write docs', '2025-01-15'],
    ['write docs by 15th of February', 'write docs', '2024-02-15'],
    ['write docs (due 2024-02-01) and review', 'write docs and review', '2024-02-01'],
    ['write docs by end of January', 'write docs', '2024-01-31'],
    ['write docs by end of February 2024', 'write docs', '2024-02-29'],
    ['write docs deadline: 2024-03-01', 'write docs', '2024-03-01'],
    ['write docs by tomorrow', 'write docs', '2024-01-11'],
  ])('reads %j', (text, rest, due) => {
    expect(parseDue(text, ref)).toEqual({ text: rest, due });
  });

  it('takes the next such date when the day has passed this year', () => {
    expect(parseDue('write docs due 5 Jan', ref).due).toBe('2025-01-05');
    expect(parseDue('write docs bis 5.1.', ref).due).toBe('2025-01-05');
  });

  it('takes today for a date without year that is the reference day', () => {
    expect(parseDue('due Jan 10', ref).due).toBe('2024-01-10');
  });

  it('uses the UTC date of the reference, not the local one', () => {
    expect(parseDue('due 1 Jan', new Date('2023-12-31T23:30:00-02:00')).due).toBe('2024-01-01');
  });

  it('reads a weekday as the next such weekday after the reference date', () => {
    expect(parseDue('send the mail by Friday', ref)).toEqual({ text: 'send the mail', due: '2024-01-12' });
    expect(parseDue('Mail schicken bis Freitag', ref)).toEqual({ text: 'Mail schicken', due: '2024-01-12' });
    expect(parseDue('send the mail by Wednesday', ref).due).toBe('2024-01-17');
    expect(parseDue('send the mail by next Monday', ref).due).toBe('2024-01-15');
  });

  it('needs a reference date for a date without year', () => {
    expect(parseDue('write docs due 15 Jan', null)).toEqual({ text: 'write docs due 15 Jan', due: null });
    expect(parseDue('send it by Friday', null)).toEqual({ text: 'send it by Friday', due: null });
  });

  it('reads a full date without a reference date', () => {
    expect(parseDue('write docs by 2024-01-15', null).due).toBe('2024-01-15');
  });

  it('rejects impossible dates and leaves the text alone', () => {
    expect(parseDue('write docs by 2024-02-30', ref)).toEqual({
      text: 'write docs by 2024-02-30',
      due: null,
    });
  });

  it.each([
    ['review by @fkr'],
    ['upgrade to 15.1 by default'],
    ['by the way, see section 2'],
    ['done by next week'],
    ['Mai was here'],
    ['bump version to 2024.1'],
  ])('finds no due date in %j', (text) => {
    expect(parseDue(text, ref)).toEqual({ text, due: null });
  });
});
