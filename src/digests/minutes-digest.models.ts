import { isOverdue, ownersText } from './agenda-digest.models.js';
import type { DigestActionItem, MinutesDigestInput } from './digest.types.js';
import {
  clockTime,
  compareHandles,
  compareRefs,
  inZone,
  type MeetingTimesView,
  meetingTimes,
  oneLine,
  weekdayDate,
  who,
  zoneAbbreviation,
} from './digest-format.models.js';
import { minutesFilename } from './minutes-markdown.models.js';

export interface MinutesDigestView {
  team: { name: string; list: string; archiveUrl: string | null };
  meeting: MeetingTimesView;
  posted: boolean;
  /** "@FriederikeZelke", or "nobody was assigned". */
  minuteTaker: string;
  /** "No minutes were posted by @x." when none came; else null. */
  noMinutes: string | null;
  participants: { count: number; list: string } | null;
  decisions: { text: string; topic: string | null }[];
  newActions: { ref: string; owners: string; text: string; due: string | null }[];
  updatedActions: {
    ref: string;
    status: string;
    owners: string;
    text: string;
    by: string | null;
    note: string | null;
  }[];
  /** Open action items by person; "unassigned" last. */
  byPerson: { person: string; refs: string }[];
  personWidth: number;
  /** label: "IaaS standards v3 stabilization (@garloff)". */
  topics: { number: number; title: string; owners: string; label: string; summary: string | null }[];
  /** label: "Monitoring standards (@berendt, 10 min)". */
  carriedOver: { title: string; owner: string; timeBox: string | null; label: string }[];
  next: { date: string; start: string; zone: string; minuteTaker: string; reporter: string } | null;
  attachment: string;
}

export function minutesDigestView(input: MinutesDigestInput): MinutesDigestView {
  const { meeting, minutes } = input;
  const taker = who(minutes?.minuteTaker ?? null) ?? who(input.rotation.minuteTaker);
  const byPerson = openByPerson(input.openActions, meeting.localDate);
  return {
    team: { name: oneLine(input.team.name), list: input.team.list, archiveUrl: input.team.archiveUrl },
    meeting: meetingTimes(meeting),
    posted: minutes !== null,
    minuteTaker: taker ?? 'nobody was assigned',
    noMinutes:
      minutes === null ? `No minutes were posted by ${taker ?? 'anyone — nobody was assigned'}.` : null,
    participants:
      minutes === null
        ? null
        : { count: minutes.participants.length, list: ownersText(minutes.participants) },
    decisions: input.decisions.map((d) => ({
      text: oneLine(d.text),
      topic: d.topic === null ? null : oneLine(d.topic) || null,
    })),
    newActions: [...input.newActions]
      .sort((a, b) => compareRefs(a.ref, b.ref))
      .map((a) => ({ ref: a.ref, owners: ownersText(a.owners), text: oneLine(a.text), due: a.due })),
    updatedActions: [...input.updatedActions]
      .sort((a, b) => compareRefs(a.ref, b.ref))
      .map((u) => ({
        ref: u.ref,
        status: u.status === 'open' ? 'reopened' : u.status,
        owners: ownersText(u.owners),
        text: oneLine(u.text),
        by: who(u.by),
        note: u.note === null ? null : oneLine(u.note) || null,
      })),
    byPerson,
    personWidth: Math.max(0, ...byPerson.map((p) => p.person.length)),
    topics: (minutes?.topics ?? []).map((t, index) => {
      const title = oneLine(t.title);
      const owners = t.owners.length === 0 ? '' : ownersText(t.owners);
      return {
        number: index + 1,
        title,
        owners,
        label: owners === '' ? title : `${title} (${owners})`,
        summary: t.summary === null ? null : oneLine(t.summary) || null,
      };
    }),
    carriedOver: input.carriedOver.map((item) => {
      const title = oneLine(item.title);
      const owner = who(item.owner) ?? 'nobody';
      const timeBox = item.minutes === null ? null : `${item.minutes} min`;
      return { title, owner, timeBox, label: `${title} (${[owner, timeBox].filter(Boolean).join(', ')})` };
    }),
    next:
      input.nextMeeting === null
        ? null
        : (() => {
            const start = inZone(input.nextMeeting.startsAt, input.nextMeeting.timeZone);
            return {
              date: weekdayDate(start),
              start: clockTime(start),
              zone: zoneAbbreviation(start),
              minuteTaker: who(input.nextRotation.minuteTaker) ?? 'nobody yet',
              reporter: who(input.nextRotation.reporter) ?? 'nobody yet',
            };
          })(),
    attachment: minutesFilename(meeting.localDate),
  };
}

function openByPerson(actions: DigestActionItem[], meetingDate: string): MinutesDigestView['byPerson'] {
  const refs = new Map<string, string[]>();
  const unassigned: string[] = [];
  for (const action of [...actions].sort((a, b) => compareRefs(a.ref, b.ref))) {
    const label = isOverdue(action.due, meetingDate) ? `${action.ref} (overdue)` : action.ref;
    const owners = [...new Set(action.owners.map(who).filter((h): h is string => h !== null))];
    if (owners.length === 0) unassigned.push(label);
    for (const owner of owners) refs.set(owner, [...(refs.get(owner) ?? []), label]);
  }
  const rows = [...refs.entries()]
    .sort(([a], [b]) => compareHandles(a, b))
    .map(([person, list]) => ({ person, refs: list.join(', ') }));
  if (unassigned.length > 0) rows.push({ person: 'unassigned', refs: unassigned.join(', ') });
  return rows;
}
