import type { Extraction } from '../mail/mail.types.js';
import type { RecordSource, RecordsRepository } from './records.repository.js';

export interface AppliedItems {
  /** Items that changed the team's records. */
  applied: number;
  /** One line per item that changed nothing, and why. */
  notes: string[];
}

/**
 * Applies what a message says to the team's records. Minutes are stored first, so
 * their action items and decisions land next to them; the order of items is the
 * order the author wrote them in, so "A-3 done" after "AI …" in one mail works.
 */
export async function applyExtraction(
  repository: RecordsRepository,
  extraction: Extraction,
  minutesMarkdown: string | null,
  source: RecordSource,
): Promise<AppliedItems> {
  let applied = 0;
  const notes: string[] = [];
  const note = (text: string | null): void => {
    if (text === null) applied++;
    else notes.push(text);
  };

  if (extraction.minutes) {
    await repository.addMinutes(extraction.minutes, minutesMarkdown ?? extraction.reply, source);
    applied++;
  }
  for (const item of extraction.items) {
    switch (item.kind) {
      case 'agenda':
        note(await repository.addAgendaItem(item, source));
        break;
      case 'action':
        note((await repository.addActionItem(item, source)).note);
        break;
      case 'action-update':
        note(await repository.updateActionItem(item, source));
        break;
      case 'decision':
        note(await repository.addDecision(item, source));
        break;
    }
  }
  return { applied, notes };
}
