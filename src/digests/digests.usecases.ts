import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/database.js';
import { composeMail, type OutgoingMail } from '../delivery/compose.js';
import { type MailSender, SendError } from '../delivery/sender.types.js';
import type { TeamContext } from '../ingest/ingest.models.js';
import { meetingInvite } from '../meetings/invite.models.js';
import { digestWindows, type MeetingPlan, plannedMeetings } from '../meetings/meeting-plan.js';
import {
  createMeetingsRepository,
  type MeetingRow,
  rotationOf,
  toOccurrence,
} from '../meetings/meetings.repository.js';
import type { TeamSchedule } from '../meetings/team-schedule.js';
import type { Clock } from '../shared/clock.js';
import { errorCode, errorMessage } from '../shared/errors.js';
import type { FaultPoints } from '../shared/fault-points.js';
import type { Logger } from '../shared/logger.js';
import { agendaDigestView } from './agenda-digest.models.js';
import type { AgendaDigestInput, DigestTeam, MinutesDigestInput, RenderedDigest } from './digest.types.js';
import { agendaForMeeting, decisionTopic, threadsOf, topicSummary } from './digest-input.models.js';
import { createDigestInputRepository } from './digest-input.repository.js';
import { createDigestsRepository, type DigestKind, type DigestRow } from './digests.repository.js';
import { createMatrixPostsRepository } from './matrix-posts.repository.js';
import { minutesDigestView } from './minutes-digest.models.js';
import { minutesMarkdown } from './minutes-markdown.models.js';
import type { DigestRenderer } from './render.js';

export interface DigestDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  teams: readonly TeamContext[];
  plans: ReadonlyMap<string, readonly MeetingPlan[]>;
  schedule: TeamSchedule;
  renderer: DigestRenderer;
  sender: MailSender;
  /** Identifies this worker's claims (host:pid:random). */
  workerId: string;
  /** Where each meeting's minutes Markdown is written; null: not written. */
  minutesDir: string | null;
  archiveUrls: ReadonlyMap<string, string | null>;
  /** Crash points of the fault tests; absent in production. */
  faults?: FaultPoints;
  /** Teams whose digests also go to a Matrix room (slug → room); absent: none. */
  matrixRooms?: ReadonlyMap<string, string>;
  /** Aborted when the worker stops: the digest in flight finishes, no new one is claimed. */
  signal?: AbortSignal | undefined;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Long enough to render and send over a slow SMTP server; a crashed worker's claim frees after it. */
export const LEASE_MS = 5 * 60_000;

export interface TickReport {
  sent: number;
  retried: number;
  failed: number;
  missed: number;
}

/**
 * One pass of the scheduler, safe to run at once on every replica: stores the
 * meetings of the coming weeks, records which digests are due (unique per meeting
 * and kind), marks the ones that can no longer be useful as missed, then claims and
 * delivers due digests one at a time until none is left.
 */
export async function schedulerTick(deps: DigestDeps): Promise<TickReport> {
  const now = deps.clock.now();
  await planDigests(deps, now);
  const report: TickReport = { sent: 0, retried: 0, failed: 0, missed: 0 };
  report.missed = await createDigestsRepository(deps.db).markMissed(now);
  if (report.missed > 0) deps.logger.warn({ missed: report.missed }, 'digests missed: not sent while useful');
  while (!deps.signal?.aborted) {
    const claimed = await createDigestsRepository(deps.db).claimDue(
      deps.workerId,
      deps.clock.now(),
      LEASE_MS,
    );
    if (!claimed) break;
    const outcome = await deliverClaimed(deps, claimed);
    if (outcome === 'sent') report.sent++;
    else if (outcome === 'retry') report.retried++;
    else report.failed++;
  }
  return report;
}

/** Stores the team's meetings of [now − 8 days, now + 5 weeks] with their rotation. */
export async function materializeMeetings(
  deps: Pick<DigestDeps, 'db' | 'plans'>,
  now: Date,
): Promise<Array<{ row: MeetingRow; plan: MeetingPlan }>> {
  const meetingsRepo = createMeetingsRepository(deps.db);
  const stored: Array<{ row: MeetingRow; plan: MeetingPlan }> = [];
  for (const plans of deps.plans.values()) {
    for (const plan of plans) {
      const window = plannedMeetings(
        plan,
        new Date(now.getTime() - 8 * DAY),
        new Date(now.getTime() + 35 * DAY),
      );
      for (const { occurrence, minuteTaker, reporter } of window) {
        stored.push({ row: await meetingsRepo.upsert(occurrence, { minuteTaker, reporter }, now), plan });
      }
    }
  }
  return stored;
}

/** Records the digests of the stored meetings that can still be useful (idempotent). */
export async function planDigests(deps: DigestDeps, now: Date): Promise<void> {
  const digestsRepo = createDigestsRepository(deps.db);
  for (const { row, plan } of await materializeMeetings(deps, now)) {
    const team = deps.teams.find((t) => t.slug === row.team);
    if (!team) continue;
    const windows = digestWindows(plan, toOccurrence(row));
    for (const kind of ['agenda', 'minutes'] as const) {
      const window = windows[kind];
      // A digest that was pointless before we ever saw it is not planned (first start, new series).
      if (window.usefulUntil <= now) continue;
      await digestsRepo.plan({
        meetingId: row.id,
        kind,
        messageId: digestMessageId(kind, row, team.address),
        dueAt: window.dueAt,
        usefulUntil: window.usefulUntil,
      });
    }
  }
}

/** Stable per digest, so a resend after a crash is recognisably the same message. */
export function digestMessageId(kind: DigestKind, meeting: MeetingRow, ownAddress: string): string {
  const domain = ownAddress.split('@')[1] ?? 'listscribe.invalid';
  return `listscribe.${kind}.${meeting.team}.${meeting.series}.${meeting.localDate}@${domain}`;
}

/**
 * Builds, sends and marks one claimed digest. 4xx and connection errors are retried
 * with backoff while the digest is still useful; a 5xx, or a template an operator must
 * fix, is a visible failure.
 */
export async function deliverClaimed(
  deps: DigestDeps,
  claimed: DigestRow,
): Promise<'sent' | 'retry' | 'failed'> {
  const repo = createDigestsRepository(deps.db);
  const meeting = await createMeetingsRepository(deps.db).byId(claimed.meetingId);
  const log = deps.logger.child({ digest: claimed.id, kind: claimed.kind, meeting: meeting?.localDate });
  deps.faults?.('send:after-claim');
  // Set once the digest is rendered and composed: what the room gets should the mail fail for good.
  let content: DigestContent | null = null;
  try {
    if (!meeting) throw new SendError('MEETING_GONE', `meeting ${claimed.meetingId} is not stored`, false);
    const team = teamOf(deps, meeting.team);
    const rendered = await buildDigest(deps, claimed.kind, meeting);
    const mail = await composeMail(outgoing(deps, team, claimed, meeting, rendered));
    content = { subject: rendered.subject, text: rendered.text, html: rendered.html };
    await deps.sender.send(mail, claimed.messageId);
    deps.faults?.('send:after-send');
    if (claimed.kind === 'minutes') await writeMinutesFile(deps, meeting.team, rendered);
    const marked = await markSentAndPlanMatrix(deps, claimed, meeting.team, {
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
    });
    deps.faults?.('send:after-mark');
    if (!marked)
      log.warn('digest sent, but its claim had expired: another worker may send it again (same Message-ID)');
    log.info({ attempts: claimed.attempts }, 'digest sent');
    return 'sent';
  } catch (error) {
    const code = errorCode(error);
    const message = errorMessage(error);
    const retryable = (error as { retryable?: boolean }).retryable ?? true;
    const next = new Date(deps.clock.now().getTime() + retryDelayMs(claimed.attempts));
    if (retryable && next < claimed.usefulUntil) {
      await repo.markRetry(claimed.id, deps.workerId, next, code, message);
      log.warn({ code, err: message, retryAt: next }, 'digest not sent; will retry');
      return 'retry';
    }
    const posted = await markFailedAndPlanMatrix(deps, claimed, meeting?.team, content, { code, message });
    log.error({ code, err: message, ...(posted && { matrix: 'the room still gets it' }) }, 'digest failed');
    return 'failed';
  }
}

type DigestContent = { subject: string; text: string; html: string };

/**
 * The mail failed for good (the list refused it, or its time ran out). A digest that was
 * rendered still goes to the team's room: "Matrix or mailing list? use both" means a member
 * reading only the room must not miss a digest because the list would not take it. Its content
 * is stored with the failure and the post queued, in one transaction. True when a post was queued.
 */
async function markFailedAndPlanMatrix(
  deps: DigestDeps,
  claimed: DigestRow,
  team: string | undefined,
  content: DigestContent | null,
  failure: { code: string; message: string },
): Promise<boolean> {
  const room = team === undefined ? undefined : deps.matrixRooms?.get(team);
  return deps.db.transaction(async (tx) => {
    const failed = await createDigestsRepository(tx).markFailed(
      claimed.id,
      deps.workerId,
      failure.code,
      failure.message,
      content ?? undefined,
    );
    if (!failed || !content || room === undefined || team === undefined) return false;
    await createMatrixPostsRepository(tx).plan({
      digestId: claimed.id,
      team,
      room,
      txnId: claimed.messageId,
      now: deps.clock.now(),
      usefulUntil: claimed.usefulUntil,
    });
    return true;
  });
}

/**
 * The mail is out: mark it sent and, in the same transaction, queue the Matrix post,
 * so a crash can neither lose the post nor queue one for a digest still unsent.
 */
async function markSentAndPlanMatrix(
  deps: DigestDeps,
  claimed: DigestRow,
  team: string,
  content: DigestContent,
): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const marked = await createDigestsRepository(tx).markSent(claimed.id, deps.workerId, now, content);
    const room = deps.matrixRooms?.get(team);
    if (marked && room !== undefined) {
      await createMatrixPostsRepository(tx).plan({
        digestId: claimed.id,
        team,
        room,
        // The digest's Message-ID is already unique and stable per digest: the same
        // digest always carries the same txn id, however often it is retried.
        txnId: claimed.messageId,
        now,
        usefulUntil: claimed.usefulUntil,
      });
    }
    return marked;
  });
}

/** 30 s, 1 min, 2 min, … up to 30 min between attempts. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

function teamOf(deps: DigestDeps, slug: string): TeamContext {
  const team = deps.teams.find((t) => t.slug === slug);
  if (!team) throw new SendError('TEAM_NOT_CONFIGURED', `team ${slug} is no longer configured`, false);
  return team;
}

function outgoing(
  deps: DigestDeps,
  team: TeamContext,
  digest: Pick<DigestRow, 'kind' | 'messageId'>,
  meeting: MeetingRow,
  rendered: RenderedDigest,
): OutgoingMail {
  // Minutes thread under their agenda, so a member's client shows one conversation per meeting.
  const agendaId = digestMessageId('agenda', meeting, team.address);
  const threaded = digest.kind === 'minutes';
  return {
    from: { name: `listscribe for ${team.name}`, address: team.address },
    to: [team.list],
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    attachments: rendered.attachments,
    messageId: digest.messageId,
    inReplyTo: threaded ? agendaId : null,
    references: threaded ? [agendaId] : [],
    date: deps.clock.now(),
    listscribeHeader: `${digest.kind}; team=${team.slug}`,
  };
}

/** Renders the digest of a meeting from the records as they are now (used by send, preview and the archive). */
export async function buildDigest(
  deps: DigestDeps,
  kind: DigestKind,
  meeting: MeetingRow,
): Promise<RenderedDigest> {
  const team = teamOf(deps, meeting.team);
  if (kind === 'agenda') {
    const input = await agendaInput(deps, team, meeting);
    const body = deps.renderer.agenda(agendaDigestView(input));
    const invite = meetingInvite(input.meeting, {
      teamName: team.name,
      organizer: team.list,
      description: body.text,
      uid: `${meeting.team}-${meeting.series}-${meeting.localDate}@listscribe`,
      stamp: deps.clock.now(),
    });
    return {
      ...body,
      attachments: [
        { filename: 'invite.ics', contentType: 'text/calendar; method=PUBLISH', content: invite },
      ],
    };
  }
  const input = await minutesInput(deps, team, meeting);
  const body = deps.renderer.minutes(minutesDigestView(input));
  const file = minutesMarkdown(input);
  return {
    ...body,
    attachments: [
      { filename: file.filename, contentType: 'text/markdown; charset=utf-8', content: file.content },
    ],
  };
}

function digestTeam(deps: DigestDeps, team: TeamContext): DigestTeam {
  return {
    slug: team.slug,
    name: team.name,
    list: team.list,
    archiveUrl: deps.archiveUrls.get(team.slug) ?? null,
  };
}

export async function agendaInput(
  deps: DigestDeps,
  team: TeamContext,
  row: MeetingRow,
): Promise<AgendaDigestInput> {
  const now = deps.clock.now();
  const meeting = toOccurrence(row);
  const meetings = createMeetingsRepository(deps.db);
  const records = createDigestInputRepository(deps.db);
  const previous = await meetings.before(team.slug, meeting.startsAt);
  const next = await meetings.after(team.slug, meeting.startsAt);
  const since = previous?.startsAt ?? new Date(meeting.startsAt.getTime() - 7 * DAY);
  const until = new Date(Math.min(now.getTime(), meeting.startsAt.getTime()));
  const agenda = agendaForMeeting(
    await records.openAgendaItems(team.slug),
    meeting,
    (instant) => deps.schedule.nextMeeting(team.slug, instant)?.localDate ?? null,
  );
  return {
    team: digestTeam(deps, team),
    meeting,
    rotation: rotationOf(row),
    nextRotation: rotationOf(next),
    agenda,
    openActions: await records.openActions(team.slug, (createdAt) =>
      deps.schedule.countMeetings(team.slug, createdAt, meeting.startsAt),
    ),
    closedSinceLast: await records.updates(team.slug, since, until, true),
    threads: threadsOf(await records.listMessages(team.slug, since, until)),
    since: previous?.startsAt ?? null,
    now,
  };
}

export async function minutesInput(
  deps: DigestDeps,
  team: TeamContext,
  row: MeetingRow,
): Promise<MinutesDigestInput> {
  const now = deps.clock.now();
  const meeting = toOccurrence(row);
  const records = createDigestInputRepository(deps.db);
  const plan = deps.plans.get(team.slug)?.find((p) => p.rule.series === row.series);
  const windowStart = new Date(meeting.startsAt.getTime() - (plan?.agendaLeadHours ?? 24) * HOUR);
  const posted = await records.minutesOf(team.slug, meeting.localDate);
  const fromMinutes = posted ? [posted.messageId] : [];
  const next = await createMeetingsRepository(deps.db).after(team.slug, meeting.startsAt);
  return {
    team: digestTeam(deps, team),
    meeting,
    rotation: rotationOf(row),
    minutes: posted
      ? {
          participants: posted.participants,
          topics: posted.topics.map((topic) => ({
            ...topic,
            summary: topicSummary(posted.markdown, topic.title),
          })),
          minuteTaker: posted.roles.minuteTaker,
          reporter: posted.roles.reporter,
          markdown: posted.markdown,
        }
      : null,
    decisions: (await records.decisions(team.slug, windowStart, now, fromMinutes)).map((decision) => ({
      ...decision,
      topic: posted
        ? decisionTopic(
            posted.markdown,
            posted.topics.map((t) => t.title),
            decision.text,
          )
        : null,
    })),
    newActions: await records.newActions(team.slug, windowStart, now, fromMinutes),
    updatedActions: await records.updates(team.slug, windowStart, now, false),
    openActions: await records.openActions(team.slug, (createdAt) =>
      deps.schedule.countMeetings(team.slug, createdAt, next?.startsAt ?? now),
    ),
    carriedOver: agendaForMeeting(
      await records.openAgendaItems(team.slug),
      meeting,
      (instant) => deps.schedule.nextMeeting(team.slug, instant)?.localDate ?? null,
    ),
    nextMeeting: next ? toOccurrence(next) : null,
    nextRotation: rotationOf(next),
    now,
  };
}

/** The minutes Markdown, ready to commit to the team's minutes repository. */
async function writeMinutesFile(deps: DigestDeps, team: string, rendered: RenderedDigest): Promise<void> {
  const file = rendered.attachments.find((a) => a.filename.endsWith('.md'));
  if (!deps.minutesDir || !file) return;
  const dir = path.join(deps.minutesDir, team);
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, file.filename);
  await writeFile(`${target}.tmp`, file.content);
  await rename(`${target}.tmp`, target);
}

/** The meeting a digest is about at an instant: the agenda of the next meeting, the minutes of the last one. */
export async function meetingFor(
  deps: Pick<DigestDeps, 'db' | 'plans'>,
  team: string,
  kind: DigestKind,
  at: Date,
): Promise<MeetingRow | null> {
  await materializeMeetings(deps, at);
  const meetings = createMeetingsRepository(deps.db);
  return kind === 'agenda' ? meetings.after(team, at) : meetings.before(team, at);
}

export type SendNowResult =
  | { status: 'sent' | 'retry' | 'failed'; digest: DigestRow }
  | { status: 'already-sent'; digest: DigestRow }
  | { status: 'busy'; digest: DigestRow };

/**
 * `listscribe send`: deliver one meeting's digest now, through the same ledger as the
 * scheduler, so it is still sent once: a digest already sent is not sent again, and
 * one another worker is sending right now is left to it.
 */
export async function sendNow(
  deps: DigestDeps,
  kind: DigestKind,
  meeting: MeetingRow,
): Promise<SendNowResult> {
  const repo = createDigestsRepository(deps.db);
  const team = teamOf(deps, meeting.team);
  const now = deps.clock.now();
  await repo.plan({
    meetingId: meeting.id,
    kind,
    messageId: digestMessageId(kind, meeting, team.address),
    dueAt: now,
    usefulUntil: new Date(now.getTime() + HOUR),
  });
  const existing = (await repo.forMeeting(meeting.id, kind))!;
  if (existing.status === 'sent') return { status: 'already-sent', digest: existing };
  await repo.reopen(existing.id, now);
  const claimed = await repo.claimDue(deps.workerId, now, LEASE_MS, { meetingId: meeting.id, kind });
  if (!claimed) return { status: 'busy', digest: existing };
  const status = await deliverClaimed(deps, claimed);
  return { status, digest: (await repo.forMeeting(meeting.id, kind))! };
}
