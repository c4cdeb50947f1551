import { queueConfirmation } from '../confirmations/confirmations.usecases.js';
import type { Database, Tx } from '../db/database.js';
import type { TeamContext } from '../ingest/ingest.models.js';
import type { TeamSchedule } from '../meetings/team-schedule.js';
import { noSchedule } from '../meetings/team-schedule.js';
import { createRecordsRepository } from '../records/records.repository.js';
import { applyUnderstanding } from '../records/records.usecases.js';
import type { Clock } from '../shared/clock.js';
import { ListscribeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { type ReviewAction, rejectedDetail, reviewPlan, understandingOf } from './review.models.js';
import { createReviewRepository } from './review.repository.js';

export interface ReviewDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  schedule?: TeamSchedule;
  /**
   * The configured teams: a team that confirms to senders (`confirmSender`) confirms an
   * approved message too, as it would have on arrival (within the same 24 hours).
   */
  teams?: readonly TeamContext[];
}

export interface ReviewResult {
  id: number;
  /** `unchanged`: it had already been decided the same way; nothing was written. */
  result: 'approved' | 'rejected' | 'unchanged';
  by: string | null;
  at: Date | null;
  /** Items that changed the team's records (approve only). */
  applied: number;
  notes: string[];
}

/**
 * Approves a held message: applies what was understood when it arrived, exactly as if a
 * member had sent it (same thread, same time, same items), in one transaction with the
 * record of who approved it and when. Approving twice applies once.
 */
export async function approveHeld(deps: ReviewDeps, id: number, by: string): Promise<ReviewResult> {
  return decide(deps, id, 'approve', async (tx, message, at) => {
    if (!message.extraction) throw notReviewable(id, 'it has no stored understanding');
    const understanding = understandingOf(message.extraction, message.pending);
    const schedule = deps.schedule ?? noSchedule;
    const { applied, notes, recorded } = await applyUnderstanding(
      createRecordsRepository(tx),
      understanding,
      {
        team: message.team,
        messageRowId: message.id,
        threadId: message.threadId,
        at: message.sentAt ?? message.receivedAt,
      },
      schedule,
    );
    await createReviewRepository(tx).markApproved(id, by, at, notes);
    const teams = deps.teams ?? [];
    const team = teams.find((t) => t.slug === message.team);
    if (team) {
      await queueConfirmation(tx, {
        team,
        notTo: teams.flatMap((t) => [t.address, t.list]),
        messageRowId: message.id,
        messageId: message.messageId,
        subject: message.subject,
        author: { address: message.authorAddress, name: message.authorName },
        recorded,
        schedule,
        sentAt: message.sentAt,
        now: at,
      });
    }
    deps.logger.info({ id, by, applied }, 'held message approved');
    return { id, result: 'approved', by, at, applied, notes };
  });
}

/** Rejects a held message: nothing is applied, and it stays visible as skipped (rejected). */
export async function rejectHeld(
  deps: ReviewDeps,
  id: number,
  by: string,
  note: string | null,
): Promise<ReviewResult> {
  return decide(deps, id, 'reject', async (tx, message, at) => {
    const detail = rejectedDetail(message.reason, message.detail, note);
    await createReviewRepository(tx).markRejected(id, by, at, detail);
    deps.logger.info({ id, by }, 'held message rejected');
    return { id, result: 'rejected', by, at, applied: 0, notes: [] };
  });
}

type Locked = NonNullable<Awaited<ReturnType<ReturnType<typeof createReviewRepository>['lock']>>>;

async function decide(
  deps: ReviewDeps,
  id: number,
  action: ReviewAction,
  act: (tx: Tx, message: Locked, at: Date) => Promise<ReviewResult>,
): Promise<ReviewResult> {
  return deps.db.transaction(async (tx) => {
    const message = await createReviewRepository(tx).lock(id);
    if (!message) throw new ListscribeError('REVIEW_NOT_FOUND', `no message #${id}`, false);
    const plan = reviewPlan(message, action);
    if (plan.kind === 'refused') throw new ListscribeError(plan.code, plan.message, false);
    if (plan.kind === 'unchanged') {
      return { id, result: 'unchanged', by: plan.by, at: plan.at, applied: 0, notes: [] };
    }
    return act(tx, message, deps.clock.now());
  });
}

function notReviewable(id: number, why: string): ListscribeError {
  return new ListscribeError('REVIEW_NOT_HELD', `#${id} cannot be approved: ${why}`, false);
}
