import { type FSWatcher, watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../shared/logger.js';
import type { IncomingMessage } from './ingest.usecases.js';
import { ensureMaildir, listNew, markSeen } from './maildir.js';

export interface MaildirSourceOptions {
  dir: string;
  pollMs: number;
  batchSize: number;
  maxMessageBytes: number;
}

export interface MaildirSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once everything now in new/ has been committed. */
  idle(): Promise<void>;
  state(): { lastSyncAt: Date | null; lastError: string | null };
}

/**
 * Watches a Maildir's new/ folder. fs.watch gives sub-second pickup where the
 * platform supports it; the poll covers network filesystems and missed events.
 */
export function createMaildirSource(deps: {
  options: MaildirSourceOptions;
  ingest: (batch: IncomingMessage[]) => Promise<unknown>;
  logger: Logger;
}): MaildirSource {
  const { options, ingest, logger } = deps;
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let lastSyncAt: Date | null = null;
  let lastError: string | null = null;

  const drain = async (): Promise<void> => {
    for (;;) {
      const files = (await listNew(options.dir)).slice(0, options.batchSize);
      if (files.length === 0) return;
      const batch: IncomingMessage[] = [];
      for (const file of files) {
        const size = (await stat(file)).size;
        const raw = size > options.maxMessageBytes ? null : await readFile(file);
        batch.push({ raw, size, origin: `maildir:${path.basename(file)}` });
      }
      await ingest(batch);
      for (const file of files) await markSeen(file);
    }
  };

  const tick = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
          lastSyncAt = new Date();
          lastError = null;
        } catch (error) {
          lastError = (error as Error).message;
          logger.error({ err: error, dir: options.dir }, 'maildir ingest failed; will retry');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().then(schedule);
    }, options.pollMs);
  };

  return {
    async start() {
      await ensureMaildir(options.dir);
      stopped = false;
      try {
        watcher = watch(path.join(options.dir, 'new'), () => void tick());
        watcher.on('error', () => watcher?.close());
      } catch {
        watcher = null; // polling alone still works
      }
      await tick();
      schedule();
      logger.info({ dir: options.dir }, 'watching maildir');
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
      await running;
    },
    async idle() {
      await tick();
    },
    state: () => ({ lastSyncAt, lastError }),
  };
}
