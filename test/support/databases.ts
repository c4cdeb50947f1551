import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterEach, beforeEach, inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.js';
import type { TeamContext } from '../../src/ingest/ingest.models.js';
import { syncTeams } from '../../src/records/teams.usecases.js';
import { adminUrl } from './postgres-server.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** Both databases, for `describe.each(databaseKinds)`; PostgreSQL is skipped only outside CI when absent. */
export const databaseKinds: DatabaseKind[] = ['pglite', 'postgres'];

export function skipReason(kind: DatabaseKind): string | null {
  return kind === 'postgres' ? inject('postgresSkipReason') : null;
}

/**
 * Inside a `describe.each(databaseKinds)` block: a fresh database (with these teams) before each
 * test, closed after it. Returns the current test's handle.
 */
export function freshDatabaseEach(
  kind: DatabaseKind,
  teams: readonly TeamContext[] = [],
): () => DatabaseHandle {
  let handle: DatabaseHandle | null = null;
  beforeEach(async () => {
    if (skipReason(kind)) return;
    handle = await freshDatabase(kind);
    if (teams.length > 0) await syncTeams(handle.db, teams);
  });
  afterEach(async () => {
    await handle?.close();
    handle = null;
  });
  return () => {
    if (!handle) throw new Error(`no ${kind} database: the test was skipped or runs outside a test`);
    return handle;
  };
}

/** A fresh, migrated database cloned from the run's template; `close()` also removes it. */
export async function freshDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-db-'));
    await cp(inject('pgliteTemplate'), dataDir, { recursive: true });
    await rm(path.join(dataDir, 'listscribe.lock'), { force: true });
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const template = inject('postgresTemplate');
  if (!template) throw new Error(inject('postgresSkipReason') ?? 'no PostgreSQL template');
  const name = `${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ kind: 'postgres', url: adminUrl(name) });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
