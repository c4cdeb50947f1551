import { describe, expect, it } from 'vitest';
import type { Occurrence } from './meeting.types.js';
import { type RotationRule, rotationFor } from './rotation.models.js';

function meeting(
  sequence: number,
  localDate = `2024-01-${String(1 + sequence).padStart(2, '0')}`,
): Occurrence {
  return {
    team: 'iaas',
    series: 'weekly',
    seriesName: 'Team IaaS Meeting',
    startsAt: new Date(`${localDate}T14:05:00Z`),
    endsAt: new Date(`${localDate}T14:55:00Z`),
    timeZone: 'Europe/Berlin',
    localDate,
    sequence,
    location: null,
  };
}

const team: RotationRule = {
  minuteTaker: ['FriederikeZelke', 'garloff', 'fkr'],
  reporter: ['berendt', 'fkr', 'garloff'],
  away: {},
};

describe('rotationFor', () => {
  it('goes round-robin by the meeting sequence', () => {
    expect([0, 1, 2, 3].map((s) => rotationFor(team, meeting(s)))).toEqual([
      { minuteTaker: 'FriederikeZelke', reporter: 'berendt' },
      { minuteTaker: 'garloff', reporter: 'fkr' },
      { minuteTaker: 'fkr', reporter: 'garloff' },
      { minuteTaker: 'FriederikeZelke', reporter: 'berendt' },
    ]);
  });

  it('passes over someone away that day without shifting the order of later meetings', () => {
    const rule = { ...team, away: { garloff: ['2024-01-02'] } };
    expect(rotationFor(rule, meeting(1)).minuteTaker).toBe('fkr');
    expect(rotationFor(rule, meeting(2)).minuteTaker).toBe('fkr');
    expect(rotationFor(rule, meeting(4)).minuteTaker).toBe('garloff');
  });

  it('lets away dates count only on their own day', () => {
    const rule = { ...team, away: { FriederikeZelke: ['2024-01-02', '2024-02-01'] } };
    expect(rotationFor(rule, meeting(0)).minuteTaker).toBe('FriederikeZelke');
  });

  it('gives the reporting to the next reporter when the minute-taker would also report', () => {
    // Sequence 1 after garloff is away: fkr takes minutes, and fkr would be reporter too.
    const rule = { ...team, away: { garloff: ['2024-01-02'] } };
    expect(rotationFor(rule, meeting(1))).toEqual({ minuteTaker: 'fkr', reporter: 'berendt' });
    const collide: RotationRule = { minuteTaker: ['a', 'b'], reporter: ['a', 'b'], away: {} };
    expect(rotationFor(collide, meeting(0))).toEqual({ minuteTaker: 'a', reporter: 'b' });
    expect(rotationFor(collide, meeting(1))).toEqual({ minuteTaker: 'b', reporter: 'a' });
  });

  it('lets one person do both when nobody else is there to report', () => {
    const solo: RotationRule = { minuteTaker: ['fkr'], reporter: ['fkr'], away: {} };
    expect(rotationFor(solo, meeting(3))).toEqual({ minuteTaker: 'fkr', reporter: 'fkr' });
    const othersAway = { ...team, away: { berendt: ['2024-01-01'], garloff: ['2024-01-01'] } };
    expect(rotationFor(othersAway, meeting(0))).toEqual({ minuteTaker: 'FriederikeZelke', reporter: 'fkr' });
    const onlyFkr = {
      ...team,
      away: { berendt: ['2024-01-03'], garloff: ['2024-01-03'], FriederikeZelke: ['2024-01-03'] },
    };
    expect(rotationFor(onlyFkr, meeting(2))).toEqual({ minuteTaker: 'fkr', reporter: 'fkr' });
  });

  it('names nobody when everybody in a list is away', () => {
    const rule: RotationRule = {
      minuteTaker: ['fkr', 'garloff'],
      reporter: ['berendt'],
      away: { fkr: ['2024-01-01'], garloff: ['2024-01-01'], berendt: ['2024-01-01'] },
    };
    expect(rotationFor(rule, meeting(0))).toEqual({ minuteTaker: null, reporter: null });
  });

  it('names nobody for an empty list', () => {
    expect(rotationFor({ minuteTaker: [], reporter: [], away: {} }, meeting(5))).toEqual({
      minuteTaker: null,
      reporter: null,
    });
    expect(rotationFor({ minuteTaker: ['fkr'], reporter: [], away: {} }, meeting(5))).toEqual({
      minuteTaker: 'fkr',
      reporter: null,
    });
  });
});
