import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { errorCode, errorMessage } from '../shared/errors.js';

/** What the running ingest worker reports about its mail source. */
export interface SourceState {
  /** "imap listscribe@example.org@imap.example.org/INBOX", "maildir /srv/listscribe/inbox" */
  source: string;
  connected: boolean;
  lastSyncAt: Date | null;
  lastError: string | null;
}

export interface SourceProbe {
  kind: 'imap' | 'maildir';
  state(): SourceState;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: { ok: boolean; kind: string; error?: { code: string; message: string } };
  source: {
    ok: boolean;
    kind: 'imap' | 'maildir';
    name: string;
    connected: boolean;
    lastSyncAt: string | null;
    lastError: string | null;
  };
}

/**
 * /healthz: the database answers a query within the timeout, and the mail source is
 * usable (IMAP connected; the Maildir's last pass succeeded). Either failing makes the
 * replica unavailable: it cannot record mail, whatever else still works.
 */
export async function checkHealth(deps: {
  db: Database;
  databaseKind: string;
  source: SourceProbe;
  timeoutMs: number;
}): Promise<HealthReport> {
  const database = await pingDatabase(deps.db, deps.timeoutMs);
  const state = deps.source.state();
  const sourceOk = deps.source.kind === 'imap' ? state.connected : state.lastError === null;
  return {
    status: database.ok && sourceOk ? 'ok' : 'unavailable',
    database: { ...database, kind: deps.databaseKind },
    source: {
      ok: sourceOk,
      kind: deps.source.kind,
      name: state.source,
      connected: state.connected,
      lastSyncAt: state.lastSyncAt?.toISOString() ?? null,
      lastError: state.lastError,
    },
  };
}

async function pingDatabase(
  db: Database,
  timeoutMs: number,
): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'DB_TIMEOUT' })),
      timeoutMs,
    );
  });
  try {
    await Promise.race([db.execute(sql`select 1`), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: { code: errorCode(error), message: errorMessage(error) } };
  } finally {
    clearTimeout(timer);
  }
}
