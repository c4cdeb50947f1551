/**
 * Crash points for the fault tests. The tests run the real CLI as a child process with
 * LISTSCRIBE_FAULT_POINT=<point>, and the process SIGKILLs itself the first time it reaches that
 * point: the hardest crash there is (no finally, no flush), at a known step of ingest or of
 * sending. Without the variable every point is a no-op call, so production pays nothing.
 */

export const FAULT_POINTS = [
  /** A batch was downloaded; nothing of it is parsed or stored. */
  'ingest:after-fetch',
  /** The batch's rows and checkpoint are written in its transaction, which is not committed. */
  'ingest:after-insert',
  /** The batch and its checkpoint are committed; the source has not moved on. */
  'ingest:after-commit',
  /** A digest is claimed (its lease runs); nothing was sent. */
  'send:after-claim',
  /** The SMTP server accepted the digest; it is not marked sent. */
  'send:after-send',
  /** The digest is marked sent. */
  'send:after-mark',
] as const;

export type FaultPoint = (typeof FAULT_POINTS)[number];
export type FaultPoints = (point: FaultPoint) => void;

export const noFaultPoints: FaultPoints = () => {};

export const FAULT_POINT_ENV = 'LISTSCRIBE_FAULT_POINT';

/** The points the environment asks for; an unknown name fails, so a typo cannot make a test pass. */
export function faultPointsFromEnv(env: NodeJS.ProcessEnv): FaultPoints {
  const wanted = env[FAULT_POINT_ENV];
  if (!wanted) return noFaultPoints;
  if (!(FAULT_POINTS as readonly string[]).includes(wanted))
    throw new Error(`${FAULT_POINT_ENV}=${wanted} is not one of ${FAULT_POINTS.join(', ')}`);
  return (point) => {
    if (point === wanted) process.kill(process.pid, 'SIGKILL');
  };
}
