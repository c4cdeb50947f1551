import { cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '../app/app.js';
import { createDatabaseImapSink } from './imap.sink.js';
import { createImapSource } from './imap.source.js';
import { ingestMessages } from './ingest.usecases.js';
import { ensureMaildir } from './maildir.js';
import { createMaildirSource } from './maildir.source.js';

export interface Worker {
  start(): Promise<void>;
  /** Waits for in-flight work, then releases everything. */
  stop(): Promise<void>;
  state(): { source: string; connected: boolean; lastSyncAt: Date | null; lastError: string | null };
}

const exampleInbox = fileURLToPath(new URL('../../examples/inbox', import.meta.url));

/** The ingest worker: the configured source feeding the ingest use case. */
export async function createIngestWorker(app: App): Promise<Worker> {
  const deps = {
    db: app.db.db,
    teams: app.teams,
    clock: app.clock,
    logger: app.logger,
    faults: app.faults,
    // Resolves "move to next meeting" replies in an agenda item's thread.
    schedule: app.schedule,
  };
  const source = app.config.source ?? {
    kind: 'maildir' as const,
    path: path.join(app.dataDir, 'inbox'),
    pollSeconds: 2,
  };

  if (source.kind === 'imap') {
    const password = app.env[source.passwordEnv];
    if (!password)
      throw new Error(`source.passwordEnv: environment variable ${source.passwordEnv} is not set`);
    const key = `${source.user}@${source.host}/${source.mailbox}`;
    const imap = createImapSource({
      options: {
        host: source.host,
        port: source.port,
        secure: source.secure,
        tlsRejectUnauthorized: source.tlsRejectUnauthorized,
        user: source.user,
        password,
        mailbox: source.mailbox,
        key,
        maxMessageBytes: app.config.maxMessageBytes,
        batchSize: 100,
        resyncIntervalMs: source.resyncMinutes * 60_000,
        // The liveness NOOP never waits longer than the interval it runs at.
        checkTimeoutMs: Math.min(30_000, source.resyncMinutes * 60_000),
        backoff: { initialMs: 1_000, maxMs: 60_000 },
      },
      sink: createDatabaseImapSink(deps),
      logger: app.logger.child({ source: key }),
    });
    return {
      start: () => imap.start(),
      stop: () => imap.stop(),
      state: () => ({ source: `imap ${key}`, ...imap.state() }),
    };
  }

  const dir = path.resolve(source.path);
  if (app.isExample) await seedExampleInbox(dir);
  const maildir = createMaildirSource({
    options: {
      dir,
      pollMs: source.pollSeconds * 1000,
      batchSize: 100,
      maxMessageBytes: app.config.maxMessageBytes,
    },
    ingest: (batch) => ingestMessages(deps, batch),
    logger: app.logger.child({ source: dir }),
  });
  return {
    start: () => maildir.start(),
    stop: () => maildir.stop(),
    state: () => ({ source: `maildir ${dir}`, connected: true, ...maildir.state() }),
  };
}

/**
 * The embedded default ships the thread of a real-shaped meeting, so a newcomer
 * sees listscribe work at once. Copied once into an empty inbox; the Message-ID
 * keys make a second copy harmless anyway.
 */
async function seedExampleInbox(dir: string): Promise<void> {
  await ensureMaildir(dir);
  const [fresh, seen] = await Promise.all([readdir(path.join(dir, 'new')), readdir(path.join(dir, 'cur'))]);
  if (fresh.length > 0 || seen.length > 0) return;
  for (const name of await readdir(exampleInbox)) {
    if (name.endsWith('.eml')) await cp(path.join(exampleInbox, name), path.join(dir, 'new', name));
  }
}
