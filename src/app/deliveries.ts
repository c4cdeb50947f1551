import { sendDueConfirmations } from '../confirmations/confirmations.usecases.js';
import { postDueMatrix } from '../digests/matrix-posts.usecases.js';
import type { App } from './app.js';

export interface DeliveriesReport {
  matrixPosted: number;
  matrixRetried: number;
  matrixFailed: number;
  matrixMissed: number;
  confirmed: number;
  confirmationsRetried: number;
  confirmationsFailed: number;
  confirmationsMissed: number;
}

/**
 * The second scheduler pass of `run`: Matrix posts of digests already mailed, and
 * the confirmations ingest queued. Apart from the digest pass, so a homeserver that
 * answers slowly (or not at all, up to its timeout) never holds up a digest.
 */
export async function deliveriesTick(app: App, signal?: AbortSignal): Promise<DeliveriesReport> {
  const deps = { ...app.digestDeps(), signal };
  const matrix = await postDueMatrix({ ...deps, posters: app.matrixPosters });
  const confirmations = await sendDueConfirmations(deps);
  return {
    matrixPosted: matrix.posted,
    matrixRetried: matrix.retried,
    matrixFailed: matrix.failed,
    matrixMissed: matrix.missed,
    confirmed: confirmations.confirmed,
    confirmationsRetried: confirmations.retried,
    confirmationsFailed: confirmations.failed,
    confirmationsMissed: confirmations.missed,
  };
}
