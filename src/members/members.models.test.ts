import { describe, expect, it } from 'vitest';
import { handleFrom, mergeRoster, planAddition, suggestMembers } from './members.models.js';

const configured = [
  { handle: 'fkr', addresses: ['fkr@example.org'] },
  { handle: 'garloff', addresses: ['garloff@example.org'] },
];

describe('mergeRoster', () => {
  it('adds operator members after the configured people', () => {
    const merged = mergeRoster(configured, [
      { team: 'iaas', handle: 'jweber', name: 'Jonas Weber', addresses: ['jonas@example.net'] },
    ]);
    expect(merged.map((p) => p.handle)).toEqual(['fkr', 'garloff', 'jweber']);
  });

  it('lets the configuration win a handle or an address', () => {
    const merged = mergeRoster(configured, [
      { team: 'iaas', handle: 'FKR', name: null, addresses: ['evil@example.net'] },
      { team: 'iaas', handle: 'kurt', name: null, addresses: ['garloff@example.org', 'kurt@example.net'] },
    ]);
    expect(merged.slice(2)).toEqual([{ handle: 'kurt', addresses: ['kurt@example.net'] }]);
  });
});

describe('planAddition', () => {
  const added = [{ team: 'iaas', handle: 'jweber', name: null, addresses: ['jonas@example.net'] }];
  it.each([
    ['new@example.net', 'newbie', { kind: 'new' }],
    [
      'jonas.weber@example.net',
      'JWEBER',
      { kind: 'extend', addresses: ['jonas@example.net', 'jonas.weber@example.net'] },
    ],
    ['Jonas@Example.net', 'other', { kind: 'refused', code: 'MEMBER_EXISTS' }],
    ['felix@private.example', 'fkr', { kind: 'refused', code: 'MEMBER_CONFIGURED' }],
  ])('%s as @%s', (address, handle, expected) => {
    expect(planAddition(configured, added, address, handle)).toMatchObject(expected);
  });
});

describe('suggestMembers', () => {
  const at = new Date('2023-12-11T10:00:00Z');
  it('ranks held commands first, skips the roster and gives each a free handle', () => {
    const suggestions = suggestMembers(
      [
        { address: 'a@example.net', name: 'Ann Lee', messages: 9, held: 0, lastAt: at },
        { address: 'b@example.net', name: 'Ann Lee', messages: 1, held: 2, lastAt: at },
        { address: 'fkr@example.org', name: 'Felix', messages: 50, held: 0, lastAt: at },
        { address: '', name: 'nobody', messages: 3, held: 0, lastAt: at },
      ],
      configured,
      10,
    );
    expect(suggestions.map((s) => [s.address, s.handle])).toEqual([
      ['b@example.net', 'AnnLee'],
      ['a@example.net', 'AnnLee2'],
    ]);
  });
});

describe('handleFrom', () => {
  it.each([
    ['Friederike Zelke', 'f@example.org', 'FriederikeZelke'],
    ['Jörg Müller-Lüdenscheidt', 'j@example.org', 'JorgMullerLudenscheidt'],
    ['', 'max.wolfs@example.org', 'max.wolfs'],
    ['"?"', '_x@example.org', 'x'],
  ])('%s <%s> → %s', (name, address, expected) => {
    expect(handleFrom(name, address)).toBe(expected);
  });
});
