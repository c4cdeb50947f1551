import type { AgendaDigestInput, DigestActionItem, DigestThread } from './digest.types.js';
import {
  clockTimes,
  compareHandles,
  compareRefs,
  daysBetween,
  inZone,
  type MeetingTimesView,
  meetingTimes,
  oneLine,
  plural,
  refNumber,
  type ShortDates,
  shortDates,
  who,
} from './digest-format.models.js';

export interface AgendaItemView {
  number: number;
  /** Local start time on the running clock, "15:20". */
  start: string;
  title: string;
  owner: string;
  minutes: number | null;
  /** "15 min" or "no time box". */
  timeBox: string;
  /** "4 Dec" when carried over from an earlier meeting. */
  carriedFrom: string | null;
  /** The first item that starts at or after the planned end: the template draws the end line above it. */
  firstPastEnd: boolean;
}

export interface ActionLineView {
  ref: string;
  text: string;
  /** The text with "(with @berendt)" when shared: one string for the text part. */
  label: string;
  /** The other owners, "@berendt", when the item is shared. */
  sharedWith: string | null;
  overdue: boolean;
  due: string | null;
  /** "since 4 Dec (2 meetings)", "OVERDUE since 8 Dec", "due 15 Jan". */
  note: string;
}

export interface ActionGroupView {
  /** "@fkr", or "unassigned" (always last). */
  person: string;
  unassigned: boolean;
  items: ActionLineView[];
}

export interface ClosedActionView {
  ref: string;
  status: 'done' | 'dropped' | 'open';
  text: string;
  owners: string;
  by: string | null;
  note: string | null;
}

export interface ThreadView {
  subject: string;
  messages: string;
  participants: string;
  last: string;
}

export interface AgendaDigestView {
  team: { name: string; list: string; archiveUrl: string | null };
  meeting: MeetingTimesView;
  roles: {
    minuteTaker: string;
    reporter: string;
    nextMinuteTaker: string;
    nextReporter: string;
  };
  agenda: {
    items: AgendaItemView[];
    empty: boolean;
    plannedMinutes: number;
    overBy: number;
    overLong: boolean;
    untimedCount: number;
    /** "45 of 50 min planned", "65 of 50 min planned — 15 min over". */
    summary: string;
    ownerWidth: number;
    timeBoxWidth: number;
  };
  actions: {
    count: number;
    overdueCount: number;
    /** "6, 1 overdue": the count after the heading "Open action items". */
    summary: string;
    groups: ActionGroupView[];
    empty: boolean;
    /** A real ref for the "reply 'A-3 done'" hint. */
    exampleRef: string;
  };
  closed: { count: number; items: ClosedActionView[] };
  threads: {
    heading: string;
    items: ThreadView[];
    more: number;
    empty: boolean;
  };
}

const MAX_THREADS = 8;

export function agendaDigestView(input: AgendaDigestInput): AgendaDigestView {
  const { meeting } = input;
  const times = meetingTimes(meeting);
  const year = inZone(meeting.startsAt, meeting.timeZone).year;

  const dates = shortDates(meeting.timeZone, year);
  const clockTime = clockTimes(meeting.timeZone);
  const endMs = meeting.endsAt.getTime();
  // Elapsed time, as luxon's plus({ minutes }) counts it: across a DST change the clock jumps.
  let clockMs = meeting.startsAt.getTime();
  let sawPastEnd = false;
  const items: AgendaItemView[] = input.agenda.map((item, index) => {
    const pastEnd = clockMs >= endMs;
    const firstPastEnd = pastEnd && !sawPastEnd;
    sawPastEnd ||= pastEnd;
    const view: AgendaItemView = {
      number: index + 1,
      start: clockTime(new Date(clockMs)),
      title: oneLine(item.title),
      owner: who(item.owner) ?? 'nobody',
      minutes: item.minutes,
      timeBox: item.minutes === null ? 'no time box' : `${item.minutes} min`,
      carriedFrom: item.carriedFrom === null ? null : dates.ofDay(item.carriedFrom),
      firstPastEnd,
    };
    clockMs += (item.minutes ?? 0) * 60_000;
    return view;
  });

  const planned = input.agenda.reduce((sum, item) => sum + (item.minutes ?? 0), 0);
  const overBy = Math.max(0, planned - times.lengthMinutes);
  const untimedCount = input.agenda.filter((item) => item.minutes === null).length;
  let summary = `${planned} of ${times.lengthMinutes} min planned`;
  if (overBy > 0) summary += ` — ${overBy} min over`;
  if (untimedCount > 0) summary += `, ${plural(untimedCount, 'item')} without a time box`;

  const groups = actionGroups(input.openActions, meeting.localDate, dates);
  const overdueCount = input.openActions.filter((a) => isOverdue(a.due, meeting.localDate)).length;

  return {
    team: { name: oneLine(input.team.name), list: input.team.list, archiveUrl: input.team.archiveUrl },
    meeting: times,
    roles: {
      minuteTaker: who(input.rotation.minuteTaker) ?? 'nobody yet',
      reporter: who(input.rotation.reporter) ?? 'nobody yet',
      nextMinuteTaker: who(input.nextRotation.minuteTaker) ?? 'nobody yet',
      nextReporter: who(input.nextRotation.reporter) ?? 'nobody yet',
    },
    agenda: {
      items,
      empty: items.length === 0,
      plannedMinutes: planned,
      overBy,
      overLong: overBy > 0,
      untimedCount,
      summary,
      ownerWidth: Math.max(0, ...items.map((i) => i.owner.length)),
      timeBoxWidth: Math.max(0, ...items.map((i) => i.timeBox.length)),
    },
    actions: {
      count: input.openActions.length,
      overdueCount,
      summary:
        overdueCount > 0
          ? `${input.openActions.length}, ${overdueCount} overdue`
          : `${input.openActions.length}`,
      groups,
      empty: input.openActions.length === 0,
      exampleRef: groups[0]?.items[0]?.ref ?? 'A-1',
    },
    closed: {
      count: input.closedSinceLast.length,
      items: [...input.closedSinceLast]
        .sort((a, b) => compareRefs(a.ref, b.ref))
        .map((u) => ({
          ref: u.ref,
          status: u.status,
          text: oneLine(u.text),
          owners: ownersText(u.owners),
          by: who(u.by),
          note: u.note === null ? null : oneLine(u.note) || null,
        })),
    },
    threads: threadsView(input.threads, input.since, input.now, dates),
  };
}

/** Due dates are calendar dates in the team's zone: due on the meeting day is not yet overdue. */
export function isOverdue(due: string | null, meetingDate: string): boolean {
  return due !== null && due < meetingDate;
}

export function ownersText(owners: string[]): string {
  const handles = owners.map(who).filter((h): h is string => h !== null);
  return handles.length === 0 ? 'unassigned' : handles.join(' ');
}

/** Action items by person, unassigned last: the agenda digest's section, and the archive's page. */
export function groupByPerson(
  actions: DigestActionItem[],
  meetingDate: string,
  timeZone: string,
  year: number,
): ActionGroupView[] {
  return actionGroups(actions, meetingDate, shortDates(timeZone, year));
}

function actionGroups(
  actions: DigestActionItem[],
  meetingDate: string,
  dates: ShortDates,
): ActionGroupView[] {
  const byPerson = new Map<string, ActionLineView[]>();
  const unassigned: ActionLineView[] = [];
  for (const action of byRef(actions)) {
    const owners = [...new Set(action.owners.map(who).filter((h): h is string => h !== null))];
    const line = actionLine(action, meetingDate, dates);
    if (owners.length === 0) {
      unassigned.push(line);
      continue;
    }
    // A shared item is listed under every owner: each of them should find it under their own name.
    for (const owner of owners) {
      const others = owners.length > 1 ? owners.filter((o) => o !== owner).join(' ') : null;
      const shared =
        others === null ? line : { ...line, sharedWith: others, label: `${line.text} (with ${others})` };
      const list = byPerson.get(owner);
      if (list === undefined) byPerson.set(owner, [shared]);
      else list.push(shared);
    }
  }
  const groups: ActionGroupView[] = [...byPerson.entries()]
    .sort(([a], [b]) => compareHandles(a, b))
    .map(([person, items]) => ({ person, unassigned: false, items }));
  if (unassigned.length > 0) groups.push({ person: 'unassigned', unassigned: true, items: unassigned });
  return groups;
}

/** In compareRefs order, each ref's number worked out once rather than at every comparison. */
function byRef(actions: DigestActionItem[]): DigestActionItem[] {
  return actions
    .map((action) => ({ action, number: refNumber(action.ref) }))
    .sort((a, b) => a.number - b.number || a.action.ref.localeCompare(b.action.ref))
    .map(({ action }) => action);
}

/** The line of an item that is not shared; a shared one adds sharedWith and the label. */
function actionLine(action: DigestActionItem, meetingDate: string, dates: ShortDates): ActionLineView {
  const overdue = isOverdue(action.due, meetingDate);
  const due = action.due === null ? null : dates.ofDay(action.due);
  let note: string;
  if (overdue) note = `OVERDUE since ${due}`;
  else if (due !== null) note = `due ${due}`;
  else {
    const age = action.meetingsOpen === 0 ? 'new' : plural(action.meetingsOpen, 'meeting');
    note = `since ${dates.ofInstant(action.createdAt)} (${age})`;
  }
  const text = oneLine(action.text);
  return { ref: action.ref, text, label: text, sharedWith: null, overdue, due, note };
}

function threadsView(
  threads: DigestThread[],
  since: Date | null,
  now: Date,
  dates: ShortDates,
): AgendaDigestView['threads'] {
  const sorted = [...threads].sort(
    (a, b) => b.messages - a.messages || b.lastAt.getTime() - a.lastAt.getTime(),
  );
  const messages = threads.reduce((sum, t) => sum + t.messages, 0);
  const counts = `${plural(messages, 'message')} in ${plural(threads.length, 'thread')}`;
  const heading =
    since === null ? `On the list (${counts})` : `On the list since ${dates.ofInstant(since)} (${counts})`;
  const today = dates.localDate(now);
  return {
    heading,
    empty: threads.length === 0,
    more: Math.max(0, sorted.length - MAX_THREADS),
    items: sorted.slice(0, MAX_THREADS).map((t) => {
      const last = dates.localDate(t.lastAt);
      // A weekday reads best within the last week; older than that it would be ambiguous.
      const recent = daysBetween(last, today) < 6;
      return {
        subject: oneLine(t.subject) || '(no subject)',
        messages: plural(t.messages, 'message'),
        participants: t.participants.map((p) => who(p) ?? p).join(' '),
        last: recent ? dates.weekday(last) : dates.ofDay(last),
      };
    }),
  };
}
