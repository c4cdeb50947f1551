import { schedule as cronSchedule, type ScheduledTask } from 'node-cron';
import type { Logger } from '../shared/logger.js';

export interface Scheduler {
  start(): Promise<void>;
  /** Stops waking, asks the pass in progress to claim nothing more, and waits for it. */
  stop(): Promise<void>;
  /** Runs one pass now (or waits for the one running). */
  tick(): Promise<void>;
}

/**
 * node-cron only wakes the scheduler; what is due, and who sends it, is decided in the
 * database, so any number of replicas may run this and each digest still goes out once.
 * A pass gets a signal that is aborted on stop: it finishes the item in hand (a
 * digest half sent would wait for its lease) and then returns.
 */
export function createScheduler<Report extends { [K in keyof Report]: number }>(deps: {
  everySeconds: number;
  /** One pass; its report (counts) is logged when any count is not zero. */
  tick: (signal: AbortSignal) => Promise<Report>;
  logger: Logger;
  /** The log message of a pass that did something, e.g. "digests". */
  name?: string;
}): Scheduler {
  let task: ScheduledTask | null = null;
  let running: Promise<void> | null = null;
  const stopping = new AbortController();
  const name = deps.name ?? 'digests';

  const tick = (): Promise<void> => {
    if (running) return running;
    if (stopping.signal.aborted) return Promise.resolve();
    running = deps
      .tick(stopping.signal)
      .then((report) => {
        const counts: Record<string, number> = { ...report };
        if (Object.values(counts).some((n) => n > 0)) deps.logger.info(counts, name);
      })
      .catch((error: unknown) => {
        // A database outage must not kill the worker: the next wake-up tries again.
        deps.logger.error({ err: error, pass: name }, 'scheduler pass failed; will try again');
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
      task = cronSchedule(expression, () => tick(), { noOverlap: true, name: `listscribe-${name}` });
      await tick();
    },
    async stop() {
      stopping.abort();
      await task?.stop();
      await task?.destroy();
      task = null;
      await running;
    },
    tick,
  };
}
