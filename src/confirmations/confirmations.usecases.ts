import type { Database, Executor } from '../db/database.js';
import { backoffMs } from '../db/leases.js';
import { composeMail } from '../delivery/compose.js';
import { type MailSender, SendError } from '../delivery/sender.types.js';
import type { TeamContext } from '../ingest/ingest.models.js';
import type { TeamSchedule } from '../meetings/team-schedule.js';
import type { RecordedItem } from '../records/records.usecases.js';
import type { Clock } from '../shared/clock.js';
import { errorCode, errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import {
  confirmationDraft,
  confirmationKind,
  confirmationRecipient,
  quotaDay,
  replyTarget,
} from './confirmations.models.js';
import { type ConfirmationRow, createConfirmationsRepository } from './confirmations.repository.js';

const HOUR = 3_600_000;
/**
 * A confirmation is worth sending while the message is fresh. Older mail (a backfill,
 * the first read of a mailbox with history) is recorded but never confirmed, and a
 * confirmation that could not go out within this window is marked missed.
 */
export const CONFIRM_WITHIN_MS = 24 * HOUR;
export const CONFIRMATION_LEASE_MS = 5 * 60_000;

export interface QueueConfirmation {
  team: TeamContext;
  /** Every team's own and list addresses: a private reply never goes to one. */
  notTo: readonly string[];
  messageRowId: number;
  /** The member's Message-ID, to thread the reply under. */
  messageId: string;
  subject: string;
  author: { address: string; name: string };
  /** What applying the message changed. */
  recorded: readonly RecordedItem[];
  schedule: TeamSchedule;
  /** The Date header, when the message has one. */
  sentAt: Date | null;
  now: Date;
}

/**
 * Called inside the ingest transaction, right after the message's items were
 * applied: it only writes two small rows (quota keys, the drafted reply), so ingest
 * does not wait for SMTP, and a message that rolls back confirms nothing. The
 * scheduler's delivery pass sends the reply after the commit.
 */
export async function queueConfirmation(db: Executor, q: QueueConfirmation): Promise<boolean> {
  if (!q.team.confirmSender || q.recorded.length === 0) return false;
  if (q.sentAt && q.now.getTime() - q.sentAt.getTime() > CONFIRM_WITHIN_MS) return false;
  const recipient = confirmationRecipient(q.author.address, q.notTo);
  if (!recipient) return false;
  const repo = createConfirmationsRepository(db);
  const kinds = [...new Set(q.recorded.map(confirmationKind))];
  const granted = await repo.takeQuota({
    team: q.team.slug,
    recipient,
    day: quotaDay(q.now, q.schedule.nextMeeting(q.team.slug, q.now)?.timeZone),
    kinds,
    messageRowId: q.messageRowId,
  });
  const items = q.recorded.filter((item) => granted.includes(confirmationKind(item)));
  if (items.length === 0) return false;
  const draft = confirmationDraft({
    teamName: q.team.name,
    author: q.author,
    subject: q.subject,
    items,
    nextMeetingDate: q.schedule.nextMeeting(q.team.slug, q.sentAt ?? q.now)?.localDate ?? null,
  });
  await repo.enqueue({
    team: q.team.slug,
    messageRowId: q.messageRowId,
    recipient,
    recipientName: q.author.name,
    subject: draft.subject,
    text: draft.text,
    inReplyTo: replyTarget(q.messageId),
    now: q.now,
    usefulUntil: new Date(q.now.getTime() + CONFIRM_WITHIN_MS),
  });
  return true;
}

export interface ConfirmationDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  teams: readonly TeamContext[];
  sender: MailSender;
  workerId: string;
  /** Aborted when the worker stops: the reply in flight finishes, no new one is claimed. */
  signal?: AbortSignal | undefined;
}

export interface ConfirmationTickReport {
  confirmed: number;
  retried: number;
  failed: number;
  missed: number;
}

/** Sends the queued confirmations, one claim at a time, on any number of replicas. */
export async function sendDueConfirmations(deps: ConfirmationDeps): Promise<ConfirmationTickReport> {
  const repo = createConfirmationsRepository(deps.db);
  const report: ConfirmationTickReport = { confirmed: 0, retried: 0, failed: 0, missed: 0 };
  report.missed = await repo.markMissed(deps.clock.now());
  while (!deps.signal?.aborted) {
    const claimed = await repo.claimDue(deps.workerId, deps.clock.now(), CONFIRMATION_LEASE_MS);
    if (!claimed) break;
    const outcome = await sendClaimed(deps, claimed);
    if (outcome === 'sent') report.confirmed++;
    else if (outcome === 'retry') report.retried++;
    else report.failed++;
  }
  return report;
}

async function sendClaimed(
  deps: ConfirmationDeps,
  claimed: ConfirmationRow,
): Promise<'sent' | 'retry' | 'failed'> {
  const repo = createConfirmationsRepository(deps.db);
  const log = deps.logger.child({ confirmation: claimed.id, team: claimed.team });
  try {
    const team = deps.teams.find((t) => t.slug === claimed.team);
    if (!team)
      throw new SendError('TEAM_NOT_CONFIGURED', `team ${claimed.team} is no longer configured`, false);
    // Stable per confirmation: a resend after a crash is recognisably the same message.
    const messageId = `listscribe.confirmation.${team.slug}.${claimed.id}@${team.address.split('@')[1]}`;
    const mail = await composeMail({
      from: { name: `listscribe for ${team.name}`, address: team.address },
      to: [claimed.recipient],
      subject: claimed.subject,
      text: claimed.text,
      attachments: [],
      messageId,
      inReplyTo: claimed.inReplyTo,
      references: claimed.inReplyTo ? [claimed.inReplyTo] : [],
      date: deps.clock.now(),
      listscribeHeader: `confirmation; team=${team.slug}`,
      autoSubmitted: 'auto-replied',
    });
    await deps.sender.send(mail, messageId);
    if (!(await repo.markSent(claimed.id, deps.workerId, deps.clock.now())))
      log.warn('confirmation sent, but its claim had expired: it may be sent again (same Message-ID)');
    log.info('confirmation sent');
    return 'sent';
  } catch (error) {
    const code = errorCode(error);
    const message = errorMessage(error);
    const retryable = (error as { retryable?: boolean }).retryable ?? true;
    const next = new Date(deps.clock.now().getTime() + backoffMs(claimed.attempts));
    if (retryable && next < claimed.usefulUntil) {
      await repo.markRetry(claimed.id, deps.workerId, next, code, message);
      log.warn({ code, err: message, retryAt: next }, 'confirmation not sent; will retry');
      return 'retry';
    }
    await repo.markFailed(claimed.id, deps.workerId, code, message);
    log.error({ code, err: message }, 'confirmation failed');
    return 'failed';
  }
}
