import type { Logger } from '../shared/logger.js';

/** Something `run` started and must stop: stop() returns once its work in flight is done. */
export interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

export interface StopOptions {
  logger: Logger;
  /** After this long the process exits anyway; leases hand unfinished work to another worker. */
  deadlineMs: number;
  /** Injected for tests; the real process by default. */
  process?: Pick<NodeJS.Process, 'once' | 'off' | 'exit'>;
}

const SIGNAL_EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Resolves on the first SIGTERM or SIGINT. Graceful shutdown then runs; a second
 * signal means the operator will not wait, and exits at once (nothing is lost:
 * a claimed digest's lease runs out and another worker sends it, and an IMAP batch
 * that did not commit is read again from the last checkpoint).
 */
export function stopSignal(options: StopOptions): Promise<NodeJS.Signals> {
  const proc = options.process ?? process;
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals): void => {
      proc.off('SIGTERM', first);
      proc.off('SIGINT', first);
      options.logger.info({ signal }, 'stopping: finishing work in flight (signal again to exit now)');
      const again = (second: NodeJS.Signals): void => {
        options.logger.warn({ signal: second }, 'second signal: exiting without waiting');
        proc.exit(SIGNAL_EXIT_CODES[second] ?? 1);
      };
      proc.once('SIGTERM', again);
      proc.once('SIGINT', again);
      resolve(signal);
    };
    proc.once('SIGTERM', first);
    proc.once('SIGINT', first);
  });
}

/**
 * Stops everything at once, each waiting for its own work in flight (the mail
 * being sent, the batch being stored), within the deadline. Returns whether all
 * stopped cleanly; a stop that failed is logged and the others still run.
 */
export async function stopAll(services: readonly Stoppable[], options: StopOptions): Promise<boolean> {
  const proc = options.process ?? process;
  const timer = setTimeout(() => {
    options.logger.error({ deadlineMs: options.deadlineMs }, 'shutdown took too long; exiting');
    proc.exit(1);
  }, options.deadlineMs);
  timer.unref();
  try {
    const results = await Promise.allSettled(services.map((s) => s.stop()));
    let clean = true;
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') {
        clean = false;
        options.logger.error({ err: result.reason, service: services[i]!.name }, 'could not stop cleanly');
      }
    }
    return clean;
  } finally {
    clearTimeout(timer);
  }
}
