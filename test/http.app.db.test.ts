import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, openApp, startHttp } from '../src/app/app.js';
import { ConfigError } from '../src/config/config.loader.js';
import type { DatabaseHandle } from '../src/db/database.js';
import type { HttpServer } from '../src/http/http.server.js';
import { fixedClock } from '../src/shared/clock.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';

const config = (http: string) => `
dataDir: ./data
log: { level: silent }
${http}
teams:
  - slug: iaas
    name: Team IaaS
    list: scs-tech@lists.example.org
    address: listscribe@example.org
    people:
      - { handle: fkr, addresses: [fkr@example.org] }
    meetings:
      - slug: weekly
        name: Team IaaS Meeting
        timeZone: Europe/Berlin
        start: 2023-12-04T15:05
        durationMinutes: 50
        every: { weeks: 1 }
`;

const worker = {
  state: () => ({ source: 'maildir ./data/inbox', connected: true, lastSyncAt: null, lastError: null }),
};

describe.each(databaseKinds)('listscribe run with http on %s', (kind) => {
  const reason = skipReason(kind);
  let dir: string;
  let handle: DatabaseHandle;
  const opened: App[] = [];
  const servers: HttpServer[] = [];

  const open = async (http: string): Promise<App> => {
    const file = path.join(dir, `listscribe-${opened.length}.yaml`);
    await writeFile(file, config(http));
    const app = await openApp({
      configFile: file,
      env: {},
      cwd: dir,
      clock: fixedClock('2023-12-10T15:00:00Z'),
      database: handle,
    });
    opened.push(app);
    return app;
  };

  beforeEach(async () => {
    if (reason) return;
    dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-http-app-'));
    handle = await freshDatabase(kind);
  });
  afterEach(async () => {
    if (reason) return;
    for (const server of servers.splice(0)) await server.close();
    for (const app of opened.splice(0)) await app.close();
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(reason)('is off unless configured, and loopback on port 8080 when only enabled', async () => {
    const off = await open('');
    expect(off.config.http).toEqual({ enabled: false, host: '127.0.0.1', port: 8080 });
    expect(await startHttp(off, worker)).toBeNull();
    const on = await open('http: { enabled: true }');
    expect(on.config.http).toEqual({ enabled: true, host: '127.0.0.1', port: 8080 });
  });

  it.skipIf(reason)('serves health and the configured teams from the composition root', async () => {
    const app = await open('http: { enabled: true, port: 0 }');
    const server = (await startHttp(app, worker))!;
    servers.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      database: { ok: true, kind },
      source: { kind: 'maildir', ok: true },
    });
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<a href="teams/iaas/">Team IaaS</a>');
  });

  it.skipIf(reason)('reports a port in use in one line, naming the configuration file', async () => {
    const first = await open('http: { enabled: true, port: 0 }');
    const server = (await startHttp(first, worker))!;
    servers.push(server);
    const second = await open(`http: { enabled: true, port: ${server.port} }`);
    const error = await startHttp(second, worker).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `${second.configFile}: http: cannot listen on 127.0.0.1:${server.port}: EADDRINUSE`,
    );
  });
});
