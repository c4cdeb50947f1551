import { describe, expect, it } from 'vitest';
import { leaderLines, textWidth, wrapWords } from './text-layout.js';

describe('text layout', () => {
  it('fills the gap between a title and its right-hand part with a dot leader', () => {
    expect(leaderLines('IaaS standards v3', '@garloff  15 min', 40)).toEqual([
      'IaaS standards v3 ..... @garloff  15 min',
    ]);
  });

  it('wraps a long title and keeps the right-hand part on its last line', () => {
    const lines = leaderLines(
      'Migration of KaaS v1 to cluster stacks with cluster classes first',
      '@x  5 min',
      40,
    );
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines.at(-1)?.endsWith('@x  5 min')).toBe(true);
    expect(lines.join(' ').replace(/ \.+ /, ' ')).toContain('cluster classes first');
  });

  it('elides a single word longer than the line rather than overflowing it', () => {
    expect(wrapWords(`see https://example.org/${'x'.repeat(60)}`, 30)).toEqual([
      'see',
      `https://example.org/${'x'.repeat(9)}…`,
    ]);
  });

  it('puts the right-hand part on its own line when there is no room beside the text', () => {
    expect(leaderLines('short', 'a very long right-hand part', 30)).toEqual([
      'short',
      '   a very long right-hand part',
    ]);
  });

  it('breaks words at whatever \\s matches, and only there', () => {
    const text = 'a\tb\u00a0c\u2028d\u3000e\ufeff\u2009f g\u200bh\u180ei';
    expect(wrapWords(text, 80)).toEqual([text.split(/\s+/).join(' ')]);
    expect(wrapWords(text, 80)).toEqual(['a b c d e f g\u200bh\u180ei']);
  });

  it('measures a word in code points when it decides whether it fits', () => {
    expect(wrapWords('👍👍👍 👍👍', 6)).toEqual(['👍👍👍 👍👍']);
    expect(wrapWords('👍👍👍 👍👍👍', 6)).toEqual(['👍👍👍', '👍👍👍']);
  });

  it('counts code points, so an emoji or a lone surrogate is one column like any letter', () => {
    for (const text of ['', 'abc', 'Grüße', '👍 done', 'a\ud83d', '\ude00b', '𝔸𝔹ℂ']) {
      expect(textWidth(text), text).toBe([...text].length);
    }
  });
});
