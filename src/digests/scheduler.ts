import { schedule as cronSchedule, type ScheduledTask } from 'node-cron';
import type { Logger } from '../shared/logger.js';
import type { TickReport } from './digests.usecases.js';

export interface Scheduler {
  start(): Promise<void>;
  /** Stops waking and waits for a pass in progress. */
  stop(): Promise<void>;
  /** Runs one pass now (or waits for the one running). */
  tick(): Promise<void>;
}

/**
 * node-cron only wakes the scheduler; what is due, and who sends it, is decided in the
 * database, so any number of replicas may run this and each digest still goes out once.
 */
export function createScheduler(deps: {
  everySeconds: number;
  tick: () => Promise<TickReport>;
  logger: Logger;
}): Scheduler {
  let task: ScheduledTask | null = null;
  let running: Promise<void> | null = null;

  const tick = (): Promise<void> => {
    if (running) return running;
    running = deps
      .tick()
      .then((report) => {
        if (report.sent || report.retried || report.failed || report.missed)
          deps.logger.info({ ...report }, 'digests');
      })
      .catch((error: unknown) => {
        // A database outage must not kill the worker: the next wake-up tries again.
        deps.logger.error({ err: error }, 'scheduler pass failed; will try again');
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    async start() {
      const every = Math.max(5, Math.round(deps.everySeconds));
      const expression =
        every < 60 ? `*/${every} * * * * *` : `0 */${Math.max(1, Math.round(every / 60))} * * * *`;
      task = cronSchedule(expression, () => tick(), { noOverlap: true, name: 'listscribe-digests' });
      await tick();
    },
    async stop() {
      await task?.stop();
      await task?.destroy();
      task = null;
      await running;
    },
    tick,
  };
}
