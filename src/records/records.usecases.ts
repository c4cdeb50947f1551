import type { Understanding } from '../mail/extract.js';
import type { TeamSchedule } from '../meetings/team-schedule.js';
import type { RecordSource, RecordsRepository } from './records.repository.js';

export interface AppliedItems {
  /** Items that changed the team's records. */
  applied: number;
  /** One line per item that changed nothing, and why. */
  notes: string[];
  /** The items that changed the records, as stored (the action id they got): what a confirmation tells the sender. */
  recorded: RecordedItem[];
}

export type RecordedItem =
  | { kind: 'agenda'; title: string; owner: string; minutes: number | null; meetingDate: string | null }
  | { kind: 'action'; ref: string; owners: string[]; text: string; due: string | null }
  | { kind: 'action-update'; ref: string; status: 'open' | 'done' | 'dropped' }
  | { kind: 'decision'; text: string };

/**
 * Applies what a message says to the team's records. Minutes are stored first, so
 * their action items and decisions land next to them; the order of items is the
 * order the author wrote them in, so "A-3 done" after "AI …" in one mail works.
 */
export async function applyUnderstanding(
  repository: RecordsRepository,
  understanding: Understanding,
  source: RecordSource,
  schedule: TeamSchedule,
): Promise<AppliedItems> {
  const { extraction } = understanding;
  let applied = 0;
  const notes: string[] = [];
  const recorded: RecordedItem[] = [];
  const note = (text: string | null, item?: RecordedItem): void => {
    if (text !== null) notes.push(text);
    else {
      applied++;
      if (item) recorded.push(item);
    }
  };

  if (extraction.minutes) {
    await repository.addMinutes(
      extraction.minutes,
      understanding.minutesMarkdown ?? extraction.reply,
      source,
    );
    if (extraction.minutes.date) {
      const titles = extraction.minutes.topics.map((t) => t.title);
      await repository.markDiscussed(titles, extraction.minutes.date, source);
    }
    applied++;
  }
  for (const item of extraction.items) {
    switch (item.kind) {
      case 'agenda': {
        const { title, owner, minutes } = item;
        const meetingDate = understanding.agendaMeetingDate;
        note(await repository.addAgendaItem(item, meetingDate, source), {
          kind: 'agenda',
          title,
          owner,
          minutes,
          meetingDate,
        });
        break;
      }
      case 'action': {
        const { ref, note: why } = await repository.addActionItem(item, source);
        note(why, { kind: 'action', ref, owners: item.owners, text: item.text, due: item.due });
        break;
      }
      case 'action-update':
        note(await repository.updateActionItem(item, source), {
          kind: 'action-update',
          ref: item.ref,
          status: item.status,
        });
        break;
      case 'decision':
        note(await repository.addDecision(item, source), { kind: 'decision', text: item.text });
        break;
    }
  }
  if (understanding.agendaCommands.length > 0) {
    for (const line of await applyAgendaCommands(repository, understanding, source, schedule)) note(line);
  }
  return { applied, notes, recorded };
}

/** Withdraw or move the agenda items proposed in this message's thread. */
async function applyAgendaCommands(
  repository: RecordsRepository,
  understanding: Understanding,
  source: RecordSource,
  schedule: TeamSchedule,
): Promise<Array<string | null>> {
  const items = await repository.agendaItemsOfThread(source);
  if (items.length === 0) return ['agenda command, but no open agenda item in this thread'];
  const results: Array<string | null> = [];
  for (const command of understanding.agendaCommands) {
    for (const item of items) {
      if (command.kind === 'withdraw') {
        await repository.withdrawAgendaItem(item.id);
        results.push(null);
        continue;
      }
      let target: string | null = command.to;
      if (command.to === 'next') {
        const current = item.meetingDate
          ? schedule.meetingOn(source.team, item.meetingDate)
          : schedule.nextMeeting(source.team, item.createdAt);
        target = current ? (schedule.nextMeeting(source.team, current.startsAt)?.localDate ?? null) : null;
      }
      if (target === null) {
        results.push(`cannot move "${item.title}": no next meeting is scheduled`);
        continue;
      }
      await repository.moveAgendaItem(item.id, target);
      results.push(null);
    }
  }
  return results;
}
