import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.js';
import { adminUrl, postgresRequirement } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
    postgresSkipReason: string | null;
    /** Prefix of every database this run creates, so teardown can drop leftovers. */
    runId: string;
  }
}

/**
 * Migrates one template of each database once per run; tests clone it (a folder
 * copy for PGlite, CREATE DATABASE … TEMPLATE for PostgreSQL) instead of paying
 * for PGlite.create() and migrations in every test.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'listscribe-test-'));
  const pgliteTemplate = path.join(root, 'pglite-template');
  const pglite = await openDatabase({ kind: 'pglite', dataDir: pgliteTemplate });
  await pglite.migrate();
  await pglite.close();
  project.provide('pgliteTemplate', pgliteTemplate);

  const runId = `listscribe_t_${process.pid}`;
  project.provide('runId', runId);
  const requirement = await postgresRequirement();
  let postgresTemplate: string | null = null;
  if (requirement.ok) {
    postgresTemplate = `listscribe_tpl_${process.pid}`;
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${postgresTemplate}`);
    await admin.unsafe(`CREATE DATABASE ${postgresTemplate}`);
    const template = await openDatabase({ kind: 'postgres', url: adminUrl(postgresTemplate) });
    await template.migrate();
    await template.close();
    await admin.end();
  }
  project.provide('postgresTemplate', postgresTemplate);
  project.provide('postgresSkipReason', requirement.ok ? null : requirement.why);

  return async () => {
    await rm(root, { recursive: true, force: true });
    if (postgresTemplate) {
      const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      const leftovers = await admin<{ datname: string }[]>`
        select datname from pg_database where datname like ${`${runId}_%`} or datname = ${postgresTemplate}`;
      for (const { datname } of leftovers)
        await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.end();
    }
  };
}
