import { type ActionGroupView, groupByPerson, isOverdue } from '../digests/agenda-digest.models.js';
import type { RenderedDigest } from '../digests/digest.types.js';
import { inZone } from '../digests/digest-format.models.js';
import { createDigestInputRepository } from '../digests/digest-input.repository.js';
import type { DigestKind } from '../digests/digests.repository.js';
import { buildDigest, type DigestDeps, minutesInput } from '../digests/digests.usecases.js';
import { minutesMarkdown } from '../digests/minutes-markdown.models.js';
import type { TeamContext } from '../ingest/ingest.models.js';
import { meetingsFeed } from '../meetings/invite.models.js';
import { type MeetingRow, toOccurrence } from '../meetings/meetings.repository.js';
import { type ArchivedMeeting, createArchiveRepository } from './archive.repository.js';

/**
 * The read-only web archive. Everything here reads: meetings are stored by the
 * scheduler (the coming five weeks and every one since the service started), and a
 * page never writes, so any replica can serve it.
 */
export type ArchiveDeps = DigestDeps;

export interface TeamMeetings {
  team: TeamContext;
  /** Not started yet, soonest first. */
  upcoming: ArchivedMeeting[];
  /** Started, most recent first. */
  past: ArchivedMeeting[];
}

export async function teamMeetings(deps: ArchiveDeps, team: TeamContext): Promise<TeamMeetings> {
  const now = deps.clock.now();
  const all = await createArchiveRepository(deps.db).meetingsOf(team.slug);
  return {
    team,
    upcoming: all.filter((m) => m.meeting.startsAt > now),
    past: all.filter((m) => m.meeting.startsAt <= now).reverse(),
  };
}

export async function archiveIndex(deps: ArchiveDeps): Promise<TeamMeetings[]> {
  return Promise.all(deps.teams.map((team) => teamMeetings(deps, team)));
}

export function findTeam(deps: ArchiveDeps, slug: string): TeamContext | null {
  return deps.teams.find((t) => t.slug === slug) ?? null;
}

export type DigestPage =
  | {
      kind: 'page';
      team: TeamContext;
      meeting: MeetingRow;
      digest: DigestKind;
      /** The digest's HTML part: as sent to the list, or rendered from the records now. */
      html: string;
      sentAt: Date | null;
      minutesAvailable: boolean;
      now: Date;
    }
  | { kind: 'not-found'; reason: string };

/**
 * A meeting's agenda or minutes page: the digest exactly as it went to the list when
 * it was sent, else rendered now by the same templates from the same data (an agenda
 * still being filled, minutes not mailed yet). Minutes of a meeting that has not
 * ended do not exist yet.
 */
export async function digestPage(
  deps: ArchiveDeps,
  slug: string,
  series: string,
  localDate: string,
  kind: DigestKind,
): Promise<DigestPage> {
  const found = await meetingOf(deps, slug, series, localDate);
  if (found.kind === 'not-found') return found;
  const { team, meeting } = found;
  const now = deps.clock.now();
  const minutesAvailable = meeting.endsAt <= now;
  const page = (html: string, sentAt: Date | null): DigestPage => ({
    kind: 'page',
    team,
    meeting,
    digest: kind,
    html,
    sentAt,
    minutesAvailable,
    now,
  });
  const sent = await createArchiveRepository(deps.db).sentDigest(meeting.id, kind);
  if (sent) return page(sent.html, sent.sentAt);
  if (kind === 'minutes' && !minutesAvailable)
    return { kind: 'not-found', reason: 'This meeting has not ended yet: there are no minutes to show.' };
  const rendered: RenderedDigest = await buildDigest(deps, kind, meeting);
  return page(rendered.html, null);
}

export type MinutesFile =
  | { kind: 'file'; filename: string; content: string }
  | { kind: 'not-found'; reason: string };

/** The minutes Markdown the minutes digest attaches, ready to commit to the team's minutes repository. */
export async function minutesFile(
  deps: ArchiveDeps,
  slug: string,
  series: string,
  localDate: string,
): Promise<MinutesFile> {
  const found = await meetingOf(deps, slug, series, localDate);
  if (found.kind === 'not-found') return found;
  if (found.meeting.endsAt > deps.clock.now())
    return { kind: 'not-found', reason: 'This meeting has not ended yet: there are no minutes to download.' };
  const file = minutesMarkdown(await minutesInput(deps, found.team, found.meeting));
  return { kind: 'file', filename: file.filename, content: file.content };
}

export interface OpenActions {
  team: TeamContext;
  groups: ActionGroupView[];
  count: number;
  overdue: number;
  /** The team's local date the overdue marks are computed for. */
  today: string;
  timeZone: string;
}

/** Open action items by person, grouped exactly as the agenda digest groups them. */
export async function openActions(deps: ArchiveDeps, team: TeamContext): Promise<OpenActions> {
  const now = deps.clock.now();
  const timeZone = teamTimeZone(deps, team.slug);
  const local = inZone(now, timeZone);
  const today = local.toISODate()!;
  const actions = await createDigestInputRepository(deps.db).openActions(team.slug, (createdAt) =>
    deps.schedule.countMeetings(team.slug, createdAt, now),
  );
  return {
    team,
    groups: groupByPerson(actions, today, timeZone, local.year),
    count: actions.length,
    overdue: actions.filter((a) => isOverdue(a.due, today)).length,
    today,
    timeZone,
  };
}

/**
 * The team's stored meetings as an iCalendar feed. The UIDs are the agenda invite's,
 * and nothing in it depends on the time of the request, so an unchanged feed keeps its
 * ETag and calendar clients that poll it get a 304.
 */
export async function meetingsCalendar(deps: ArchiveDeps, team: TeamContext): Promise<string> {
  const stored = await createArchiveRepository(deps.db).meetingsOf(team.slug);
  return meetingsFeed(
    stored.map((m) => toOccurrence(m.meeting)),
    { teamName: team.name, uidPrefix: `${team.slug}-`, uidSuffix: '@listscribe' },
  );
}

/** The zone of the team's first meeting series; UTC for a team without meetings. */
export function teamTimeZone(deps: Pick<ArchiveDeps, 'plans'>, slug: string): string {
  return deps.plans.get(slug)?.[0]?.rule.timeZone ?? 'UTC';
}

async function meetingOf(
  deps: ArchiveDeps,
  slug: string,
  series: string,
  localDate: string,
): Promise<
  { kind: 'found'; team: TeamContext; meeting: MeetingRow } | { kind: 'not-found'; reason: string }
> {
  const team = findTeam(deps, slug);
  if (!team) return { kind: 'not-found', reason: `There is no team "${slug}" here.` };
  const meeting = await createArchiveRepository(deps.db).meeting(slug, series, localDate);
  if (!meeting)
    return { kind: 'not-found', reason: `${team.name} has no ${series} meeting on ${localDate}.` };
  return { kind: 'found', team, meeting };
}
