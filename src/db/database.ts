import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { acquireFolderLock, type FolderLock } from './folder-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** Either driver: use cases only see the query builder, never the driver. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction of either driver; accepted wherever a Database is. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Tx;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Where it lives, for `status` ("postgres://host/db" without password, or the PGlite folder). */
  location: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Arbitrary but fixed: the key of the advisory lock held while migrating. */
const MIGRATION_LOCK = 0x6c697374;

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  return target.kind === 'postgres' ? openPostgres(target.url) : openPglite(target.dataDir);
}

function openPostgres(url: string): DatabaseHandle {
  const client = postgres(url, {
    max: 10,
    onnotice: () => {},
    // bigint columns come back as JS numbers where drizzle asks for mode 'number'.
    connection: { application_name: 'listscribe' },
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    location: redact(url),
    // Replicas starting together must not apply the same migration twice: the first
    // takes a session advisory lock, the others wait for it and then find nothing to do.
    migrate: async () => {
      const session = await client.reserve();
      try {
        await session`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(db as never, { migrationsFolder });
      } finally {
        await session`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
        session.release();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * PGlite keeps its data in one folder and is single-process: two processes that open
 * the same folder silently lose writes. The folder lock makes the second one fail
 * loudly instead.
 */
async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  mkdirSync(dataDir, { recursive: true });
  const lock: FolderLock = acquireFolderLock(dataDir, 'the embedded database');
  try {
    // Loaded only for the embedded database: a PostgreSQL deployment never needs it.
    const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    const client = await PGlite.create(`${dataDir}/pglite`);
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    return {
      db,
      kind: 'pglite',
      location: `${dataDir}/pglite`,
      migrate: () => migratePglite(db as never, { migrationsFolder }),
      close: async () => {
        await client.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
