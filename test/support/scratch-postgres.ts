/**
 * A migrated PostgreSQL database of its own, addressed by URL, for tests whose worker is a child
 * process or sits behind a proxy (the cloned handles of databases.ts are in-process only). Made
 * from the run's migrated template when vitest provides one, else created and migrated here (the
 * soak runs outside vitest).
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/database.js';
import { adminUrl } from './postgres-server.js';

export interface ScratchDatabase {
  name: string;
  url: string;
  /** The same database through another host and port (a proxy in front of the server). */
  urlVia(host: string, port: number): string;
  drop(): Promise<void>;
}

export async function scratchDatabase(
  prefix: string,
  template: string | null = null,
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = adminUrl(name);
  if (!template) {
    const handle = await openDatabase({ kind: 'postgres', url });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
  }
  return {
    name,
    url,
    urlVia(host, port) {
      const via = new URL(url);
      via.hostname = host;
      via.port = String(port);
      return via.toString();
    },
    async drop() {
      const cleanup = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
