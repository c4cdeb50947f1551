import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app/app.js';
import { sendCommand } from '../src/cli/digest.commands.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { fixedClock } from '../src/shared/clock.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';
import { type MatrixHomeserver, startMatrixHomeserver } from './support/matrix-homeserver.js';

const TOKEN = 'syt_c2VuZA_sendCommandTest_0f1e2d';

describe.each(databaseKinds)('listscribe send with a Matrix room on %s', (kind) => {
  const reason = skipReason(kind);
  let handle: DatabaseHandle;
  let hs: MatrixHomeserver;
  let app: App;

  beforeEach(async () => {
    if (reason) return;
    handle = await freshDatabase(kind);
    hs = await startMatrixHomeserver({ accessToken: TOKEN, rooms: { '!iaas:example.org': {} } });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-send-'));
    const file = path.join(dir, 'listscribe.yaml');
    const config = {
      dataDir: path.join(dir, 'data'),
      teams: [
        {
          slug: 'iaas',
          name: 'Team IaaS',
          list: 'scs-tech@lists.example.org',
          address: 'listscribe@example.org',
          matrix: { homeserverUrl: hs.url, room: '!iaas:example.org', timeoutSeconds: 5 },
          meetings: [
            {
              slug: 'weekly',
              name: 'Team IaaS Meeting',
              timeZone: 'Europe/Berlin',
              start: '2023-12-04T15:05',
              durationMinutes: 50,
              every: { weeks: 1 },
            },
          ],
        },
      ],
    };
    await writeFile(file, JSON.stringify(config));
    app = await openApp({
      configFile: file,
      env: { MATRIX_ACCESS_TOKEN: TOKEN },
      cwd: dir,
      requireSecrets: true,
      logLevel: 'silent',
      database: handle,
      clock: fixedClock('2023-12-08T09:00:00Z'),
    });
  });
  afterEach(async () => {
    if (reason) return;
    await app.close();
    await hs.close();
    await handle.close();
  });

  it.skipIf(reason)('mails the digest and posts it to the room at once, and neither twice', async () => {
    const lines: string[] = [];
    const out = (line: string) => lines.push(line);
    expect(await sendCommand(app, 'agenda', {}, out)).toBe(0);
    expect(lines[0]).toMatch(/^sent the agenda digest of iaas 2023-12-11/);
    expect(lines[1]).toMatch(/^posted it to the Matrix room !iaas:example\.org \(event \$\S+\)$/);
    expect(hs.events).toHaveLength(1);
    expect(await sendCommand(app, 'agenda', {}, out)).toBe(1);
    expect(lines[2]).toMatch(/was already sent/);
    expect(hs.events).toHaveLength(1);
  });

  it.skipIf(reason)('a homeserver refusing the post does not make the send fail', async () => {
    hs.failNext(1, { status: 503, body: { errcode: 'M_UNKNOWN', error: 'overloaded' } });
    const lines: string[] = [];
    expect(await sendCommand(app, 'agenda', {}, (line) => lines.push(line))).toBe(0);
    expect(lines[1]).toMatch(/^not posted to Matrix yet \(retry\): M_UNKNOWN: .*503/);
    expect(hs.events).toHaveLength(0);
  });
});
