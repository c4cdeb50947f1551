export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter"
 * (half fixed, half random) so that several listscribe instances cut off by the same server
 * restart do not all come back in the same millisecond. `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: number): number {
  const exp = policy.initialMs * 2 ** Math.min(Math.max(attempt, 0), 30);
  const capped = Math.min(policy.maxMs, exp);
  return Math.round(capped / 2 + (capped / 2) * Math.min(Math.max(random, 0), 1));
}
