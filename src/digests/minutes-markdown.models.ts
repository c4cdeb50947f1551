import type { DigestAgendaItem, DigestDecision, MinutesDigestInput } from './digest.types.js';
import { compareRefs, oneLine, who } from './digest-format.models.js';

export function minutesFilename(localDate: string): string {
  return `${localDate.replaceAll('-', '')}.md`;
}

/** The minutes as a file for the team's minutes repository, named like theirs: 20231211.md. */
export function minutesMarkdown(input: MinutesDigestInput): { filename: string; content: string } {
  const filename = minutesFilename(input.meeting.localDate);
  if (input.minutes !== null) {
    return { filename, content: asWritten(input.minutes.markdown, input.meeting.localDate) };
  }
  return { filename, content: skeleton(input) };
}

const DATE_TITLE = /^#[ \t]+\d{4}-\d{2}-\d{2}\b/m;

function asWritten(markdown: string, localDate: string): string {
  const body = markdown
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\s+$/, '');
  const titled = DATE_TITLE.test(body) ? body : `# ${localDate}\n\n${body.replace(/^\n+/, '')}`;
  return `${titled.replace(/\n+$/, '')}\n`;
}

function skeleton(input: MinutesDigestInput): string {
  const lines: string[] = [`# ${input.meeting.localDate}`, ''];
  lines.push('## Participants', '', '_Not recorded: no minutes were posted to the list._', '');
  lines.push('## Housekeeping', '');
  lines.push(
    `* Minutes: ${who(input.rotation.minuteTaker) ?? 'nobody was assigned'} (no minutes were posted)`,
  );
  lines.push(`* Report in the community call: ${who(input.rotation.reporter) ?? 'nobody was assigned'}`);
  lines.push('', '## Agenda', '');

  const placed = new Set<DigestDecision>();
  for (const item of input.carriedOver) {
    lines.push(`### ${topicHeading(item)}`, '');
    const decisions = input.decisions.filter(
      (d) => d.topic !== null && oneLine(d.topic).toLowerCase() === oneLine(item.title).toLowerCase(),
    );
    for (const d of decisions) {
      placed.add(d);
      lines.push(`* Decision: ${oneLine(d.text)}`);
    }
    if (decisions.length === 0) lines.push('* Not discussed: carried over to the next meeting');
    lines.push('');
  }

  const loose = input.decisions.filter((d) => !placed.has(d));
  if (loose.length > 0 || input.newActions.length > 0 || input.updatedActions.length > 0) {
    lines.push('### Recorded on the list', '');
    for (const d of loose) {
      lines.push(`* Decision: ${oneLine(d.text)}${d.topic === null ? '' : ` (${oneLine(d.topic)})`}`);
    }
    for (const a of input.newActions) {
      const owners = a.owners.map(who).filter((h): h is string => h !== null);
      const text = oneLine(a.text);
      const due = a.due !== null && !text.includes(a.due) ? ` by ${a.due}` : '';
      lines.push(owners.length === 0 ? `* AI: ${text}${due}` : `* AI ${owners.join(', ')}: ${text}${due}`);
    }
    for (const u of [...input.updatedActions].sort((a, b) => compareRefs(a.ref, b.ref))) {
      const status = u.status === 'open' ? 'reopen' : u.status;
      lines.push(`* ${u.ref} ${status}: ${oneLine(u.text)}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function topicHeading(item: DigestAgendaItem): string {
  const owner = who(item.owner);
  const inner = [owner, item.minutes === null ? null : `~${item.minutes} min`].filter(Boolean).join(' ');
  return inner === '' ? oneLine(item.title) : `${oneLine(item.title)} (${inner})`;
}
