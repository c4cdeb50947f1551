import { describe, expect, it } from 'vitest';
import { parseSubject } from './subject.models.js';

describe('parseSubject', () => {
  it('finds the agenda tag after a reply prefix and a list prefix', () => {
    expect(parseSubject('Re: [scs-tech] [agenda] IaaS standards v3 (15 min)')).toEqual({
      tags: ['agenda'],
      title: 'IaaS standards v3 (15 min)',
    });
  });

  it.each([
    'RE: [agenda] Topic',
    'Re[2]: [agenda] Topic',
    'Re(3): [agenda] Topic',
    'AW: [agenda] Topic',
    'Aw: [agenda] Topic',
    'Antw: [agenda] Topic',
    'SV: [agenda] Topic',
    'VS: [agenda] Topic',
    'Fwd: [agenda] Topic',
    'Fw: [agenda] Topic',
    'FW: [agenda] Topic',
    'WG: [agenda] Topic',
    'TR: [agenda] Topic',
    'RV: [agenda] Topic',
    'Rif: [agenda] Topic',
    'Odp: [agenda] Topic',
    'Re: AW: Fwd: [agenda] Topic',
    'Re:[agenda] Topic',
    '回复：[agenda] Topic',
  ])('strips reply/forward prefix in %j', (subject) => {
    expect(parseSubject(subject)).toEqual({ tags: ['agenda'], title: 'Topic' });
  });

  it('accepts tags in any case', () => {
    expect(parseSubject('[Agenda] Topic').tags).toEqual(['agenda']);
    expect(parseSubject('[AGENDA] Topic').tags).toEqual(['agenda']);
    expect(parseSubject('[Decision] Topic').tags).toEqual(['decision']);
    expect(parseSubject('[MINUTES] 2024-01-10').tags).toEqual(['minutes']);
  });

  it('maps [ai] and [action] to the action tag, deduplicated', () => {
    expect(parseSubject('[ai] [action] A-12 done')).toEqual({ tags: ['action'], title: 'A-12 done' });
  });

  it('collects several tags in order, with list prefixes among them', () => {
    expect(parseSubject('Re: [Team IaaS] [decision] [scs-tech] [agenda] Re: Topic')).toEqual({
      tags: ['decision', 'agenda'],
      title: 'Topic',
    });
  });

  it('keeps a bracket after the last tag as part of the title', () => {
    expect(parseSubject('[agenda] [WIP] Topic')).toEqual({ tags: ['agenda'], title: '[WIP] Topic' });
  });

  it('drops list prefixes and reply prefixes when there is no tag', () => {
    expect(parseSubject('Re: [scs-tech] Re: Meeting notes')).toEqual({ tags: [], title: 'Meeting notes' });
  });

  it('does not take a tag from the middle of the title', () => {
    expect(parseSubject('Question about the [agenda] format')).toEqual({
      tags: [],
      title: 'Question about the [agenda] format',
    });
  });

  it('does not mistake a word ending in "re" for a reply prefix', () => {
    expect(parseSubject('Rework: [agenda] x').tags).toEqual([]);
    expect(parseSubject('Software: update').title).toBe('Software: update');
  });

  it('drops a colon or dash after the tag', () => {
    expect(parseSubject('[agenda]: Topic').title).toBe('Topic');
    expect(parseSubject('[agenda] - Topic').title).toBe('Topic');
  });

  it('handles an empty subject', () => {
    expect(parseSubject('')).toEqual({ tags: [], title: '' });
  });
});
