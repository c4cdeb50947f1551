import { cp, mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import { importPaths } from '../src/ingest/import.usecases.js';
import type { TeamContext } from '../src/ingest/ingest.models.js';
import { ingestMessages } from '../src/ingest/ingest.usecases.js';
import { ensureMaildir } from '../src/ingest/maildir.js';
import { createMaildirSource, type MaildirSource } from '../src/ingest/maildir.source.js';
import { messages } from '../src/messages/messages.tables.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';

const examples = path.resolve(import.meta.dirname, '../examples/inbox');
const team: TeamContext = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.example.org',
  address: 'listscribe@example.org',
  people: [
    { handle: 'garloff', addresses: ['garloff@example.org'] },
    { handle: 'fkr', addresses: ['fkr@example.org'] },
  ],
};

describe.each(databaseKinds)('Maildir on %s', (kind) => {
  const reason = skipReason(kind);
  let handle: DatabaseHandle;
  let source: MaildirSource | null = null;
  afterEach(async () => {
    await source?.stop();
    source = null;
    if (!reason) await handle.close();
  });

  it.skipIf(reason)(
    'picks up files dropped into new/, and moves each to cur/ once it is stored',
    async () => {
      handle = await freshDatabase(kind);
      await syncTeams(handle.db, [team]);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-maildir-'));
      await ensureMaildir(dir);
      const deps = { db: handle.db, teams: [team], clock: systemClock, logger: silentLogger };
      source = createMaildirSource({
        options: { dir, pollMs: 100, batchSize: 2, maxMessageBytes: 1_000_000 },
        ingest: (batch) => ingestMessages(deps, batch),
        logger: silentLogger,
      });
      await source.start();
      for (const name of (await readdir(examples)).filter((n) => n.endsWith('.eml'))) {
        await cp(path.join(examples, name), path.join(dir, 'new', name));
      }
      const deadline = Date.now() + 5_000;
      while ((await readdir(path.join(dir, 'new'))).length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await source.idle();
      expect(await readdir(path.join(dir, 'new'))).toEqual([]);
      expect((await readdir(path.join(dir, 'cur'))).every((n) => n.endsWith(':2,S'))).toBe(true);
      expect((await handle.db.select({ n: count() }).from(messages))[0]!.n).toBe(9);
    },
  );

  it.skipIf(reason)('imports a Maildir folder and a folder of .eml files, each message once', async () => {
    handle = await freshDatabase(kind);
    await syncTeams(handle.db, [team]);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-maildir-'));
    await ensureMaildir(dir);
    await cp(path.join(examples, '01-agenda-structure.eml'), path.join(dir, 'cur', '1.host:2,S'));
    await cp(path.join(examples, '02-agenda-standards.eml'), path.join(dir, 'new', '2.host'));
    const deps = {
      db: handle.db,
      teams: [team],
      clock: systemClock,
      logger: silentLogger,
      batchSize: 10,
      maxMessageBytes: 1_000_000,
    };
    expect((await importPaths(deps, [dir])).recorded + (await importPaths(deps, [dir])).recorded).toBe(2);
    const report = await importPaths(deps, [examples]);
    expect(report).toMatchObject({ duplicates: 2, failed: 0 });
    expect((await handle.db.select({ n: count() }).from(messages))[0]!.n).toBe(9);
  });
});
