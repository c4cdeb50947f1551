import type { Database } from '../db/database.js';
import { backoffMs } from '../db/leases.js';
import { MatrixError, type MatrixPoster } from '../delivery/matrix.client.js';
import { matrixContent } from '../delivery/matrix-content.models.js';
import type { Clock } from '../shared/clock.js';
import { errorCode, errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { type ClaimedMatrixPost, createMatrixPostsRepository } from './matrix-posts.repository.js';

export interface MatrixDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Identifies this worker's claims (host:pid:random). */
  workerId: string;
  /** One poster per team that has a room configured. */
  posters: ReadonlyMap<string, MatrixPoster>;
  /** Aborted when the worker stops: the post in flight finishes, no new one is claimed. */
  signal?: AbortSignal | undefined;
}

/** Long enough for a few slow requests (each has its own timeout); a crashed worker's claim frees after it. */
export const MATRIX_LEASE_MS = 5 * 60_000;

export interface MatrixTickReport {
  posted: number;
  retried: number;
  failed: number;
  missed: number;
}

/**
 * Posts the digests that were mailed to their teams' rooms, one at a time, on any
 * number of replicas: each post is claimed in the database first. Runs apart from
 * the mail (its own scheduler pass), so a slow or absent homeserver delays no mail.
 */
export async function postDueMatrix(deps: MatrixDeps): Promise<MatrixTickReport> {
  const repo = createMatrixPostsRepository(deps.db);
  const report: MatrixTickReport = { posted: 0, retried: 0, failed: 0, missed: 0 };
  report.missed = await repo.markMissed(deps.clock.now());
  if (report.missed > 0)
    deps.logger.warn({ missed: report.missed }, 'Matrix posts missed: not posted while useful');
  while (!deps.signal?.aborted) {
    const claimed = await repo.claimDue(deps.workerId, deps.clock.now(), MATRIX_LEASE_MS);
    if (!claimed) break;
    const outcome = await postClaimed(deps, claimed);
    if (outcome === 'sent') report.posted++;
    else if (outcome === 'retry') report.retried++;
    else report.failed++;
  }
  return report;
}

/**
 * Posts one claimed digest. The txn id makes a repeat harmless: after a lost
 * response or a worker that died after posting, the homeserver returns the first
 * event instead of a second message. 5xx, 429 and network trouble are retried with
 * backoff (at least as long as a 429 asked) while the digest is useful; 401/403 and
 * other refusals need an operator and are a visible failure.
 */
export async function postClaimed(
  deps: MatrixDeps,
  claimed: ClaimedMatrixPost,
): Promise<'sent' | 'retry' | 'failed'> {
  const repo = createMatrixPostsRepository(deps.db);
  const log = deps.logger.child({ matrixPost: claimed.id, digest: claimed.digestId, team: claimed.team });
  try {
    const poster = deps.posters.get(claimed.team);
    if (!poster) {
      throw new MatrixError(
        'MATRIX_NOT_CONFIGURED',
        `team ${claimed.team} has no Matrix room configured`,
        false,
      );
    }
    if (claimed.text === '')
      throw new MatrixError('MATRIX_NO_CONTENT', 'the digest has no stored text', false);
    const { eventId } = await poster.post(claimed.txnId, matrixContent(claimed.subject, claimed.text));
    if (!(await repo.markSent(claimed.id, deps.workerId, deps.clock.now(), eventId)))
      log.warn('posted, but the claim had expired; a repeat reuses the txn id and posts nothing new');
    log.info({ eventId, attempts: claimed.attempts }, 'digest posted to Matrix');
    return 'sent';
  } catch (error) {
    const code = errorCode(error);
    const message = errorMessage(error);
    const retryable = (error as { retryable?: boolean }).retryable ?? true;
    const asked = error instanceof MatrixError ? error.retryAfterMs : null;
    const next = new Date(deps.clock.now().getTime() + backoffMs(claimed.attempts, asked));
    if (retryable && next < claimed.usefulUntil) {
      await repo.markRetry(claimed.id, deps.workerId, next, code, message);
      log.warn({ code, err: message, retryAt: next }, 'Matrix post failed; will retry');
      return 'retry';
    }
    await repo.markFailed(claimed.id, deps.workerId, code, message);
    log.error({ code, err: message }, 'Matrix post failed');
    return 'failed';
  }
}
