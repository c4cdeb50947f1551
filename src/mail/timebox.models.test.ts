import { describe, expect, it } from 'vitest';
import { parseTimeBox } from './timebox.models.js';

describe('parseTimeBox', () => {
  it.each([
    ['IaaS standards v3 (15 min)', 'IaaS standards v3', [], 15],
    ['Topic (@fkr ~5 min)', 'Topic', ['fkr'], 5],
    ['Topic (@owner, 5min)', 'Topic', ['owner'], 5],
    ['Topic (~10m)', 'Topic', [], 10],
    ['Topic (25 minutes)', 'Topic', [], 25],
    ['Topic (@a, @b)', 'Topic', ['a', 'b'], null],
    ['Topic appr. 10~15 minutes', 'Topic', [], 15],
    ['Topic (5 ~ 10 Minutes)', 'Topic', [], 10],
    ['Topic (@x) (10 min)', 'Topic', ['x'], 10],
    ['Topic - 10min', 'Topic', [], 10],
    ['Topic (1h)', 'Topic', [], 60],
    ['Topic (1.5 h)', 'Topic', [], 90],
    ['Topic (fkr ~5 min)', 'Topic', ['fkr'], 5],
    ['Sprint Review & Planning - (25 Minutes)', 'Sprint Review & Planning', [], 25],
    ['Fallout from last recent CVE (@garloff, 5min):', 'Fallout from last recent CVE', ['garloff'], 5],
    [
      'Barbican Plugin / Key-Manager Standard (@josephineSei ~5 min)',
      'Barbican Plugin / Key-Manager Standard',
      ['josephineSei'],
      5,
    ],
    [
      'Ability to phase out old OS images (@mbuechse/@martinmo)',
      'Ability to phase out old OS images',
      ['mbuechse', 'martinmo'],
      null,
    ],
    [
      'Back-porting of domain-list scoping (@fkr & @berendt)',
      'Back-porting of domain-list scoping',
      ['fkr', 'berendt'],
      null,
    ],
    ['(optional) current CiaB Work (@scoopex et al.)', '(optional) current CiaB Work', ['scoopex'], null],
    ['Topic (@alexander-diab, 10-15 min)', 'Topic', ['alexander-diab'], 15],
  ])('reads %j', (input, title, owners, minutes) => {
    expect(parseTimeBox(input)).toEqual({ title, timeBox: { owners, minutes } });
  });

  it.each([
    ['5.3.0 (R4.3)'],
    ['CVE-2024-53916 (Neutron)'],
    ['Ceph (rgw) support (missing) for ApplicationCredentials access rules (gtema)'],
    ['Automated upgrade tests yoga (#146)'],
    ['Reduce boot time to 10 min'],
    ['Plain topic'],
    ['OvS upgrade feedback (@flyersa) (#428)'],
  ])('finds no annotation in %j', (input) => {
    expect(parseTimeBox(input)).toEqual({ title: input, timeBox: null });
  });

  it('returns a handle without its trailing dot', () => {
    expect(parseTimeBox('Topic (@fkr.)').timeBox).toEqual({ owners: ['fkr'], minutes: null });
  });

  it('keeps a title that is nothing but an annotation', () => {
    expect(parseTimeBox('(15 min)')).toEqual({ title: '(15 min)', timeBox: null });
  });

  it('trims trailing separators from the remaining title', () => {
    expect(parseTimeBox('Topic: (10 min)').title).toBe('Topic');
  });
});
