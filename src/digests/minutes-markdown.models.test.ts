import { describe, expect, it } from 'vitest';
import { action, minutesInput, postedMinutesMarkdown } from '../../test/support/digest-fixtures.js';
import type { MinutesDigestInput } from './digest.types.js';
import { minutesMarkdown } from './minutes-markdown.models.js';

function withMarkdown(markdown: string): MinutesDigestInput {
  const input = minutesInput();
  return { ...input, minutes: input.minutes === null ? null : { ...input.minutes, markdown } };
}

describe('minutesMarkdown', () => {
  it('names the file after the meeting’s local date, like the team’s repository (20231211.md)', () => {
    expect(minutesMarkdown(minutesInput()).filename).toBe('20231211.md');
  });

  it('keeps the posted minutes as written, with LF line endings and one trailing newline', () => {
    const { content } = minutesMarkdown(withMarkdown(`\uFEFF${postedMinutesMarkdown}\r\n\r\n\r\n`));
    expect(content).toBe(`${postedMinutesMarkdown.replaceAll('\r\n', '\n').trimEnd()}\n`);
    expect(content).not.toContain('\r');
  });

  it('adds a "# YYYY-MM-DD" title when the minutes lack one', () => {
    const { content } = minutesMarkdown(withMarkdown('## Participants\n* @fkr\n'));
    expect(content).toBe('# 2023-12-11\n\n## Participants\n* @fkr\n');
  });

  it('does not add a second title when the minutes have one', () => {
    const { content } = minutesMarkdown(withMarkdown('# 2023-12-11\n\n## Agenda\n'));
    expect(content.match(/^# /gm)).toHaveLength(1);
  });

  it('writes a skeleton in the seed’s shape when no minutes were posted', () => {
    const { content } = minutesMarkdown(
      minutesInput({
        minutes: null,
        decisions: [{ text: 'monitoring standards wait for R6', topic: 'Monitoring standards' }],
        newActions: [
          action('A-14', ['berendt', 'fkr'], 'draft the monitoring standard', '2023-12-11T16:00:00Z', 0),
        ],
        updatedActions: [],
      }),
    );
    expect(content).toBe(
      [
        '# 2023-12-11',
        '',
        '## Participants',
        '',
        '_Not recorded: no minutes were posted to the list._',
        '',
        '## Housekeeping',
        '',
        '* Minutes: @FriederikeZelke (no minutes were posted)',
        '* Report in the community call: @berendt',
        '',
        '## Agenda',
        '',
        '### Monitoring standards (@berendt ~10 min)',
        '',
        '* Decision: monitoring standards wait for R6',
        '',
        '### Recorded on the list',
        '',
        '* AI @berendt, @fkr: draft the monitoring standard',
        '',
      ].join('\n'),
    );
  });

  it('writes unassigned action items as "AI:" and keeps a due date', () => {
    const { content } = minutesMarkdown(
      minutesInput({
        minutes: null,
        newActions: [
          action('A-15', [], 'adjust the image standard', '2023-12-11T16:00:00Z', 0, '2024-01-15'),
        ],
      }),
    );
    expect(content).toContain('* AI: adjust the image standard by 2024-01-15\n');
  });
});
