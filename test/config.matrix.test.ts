import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../src/app/app.js';
import { ConfigError, parseConfig } from '../src/config/config.loader.js';

const team = (extra: string) => `teams:
  - slug: iaas
    name: Team IaaS
    list: scs-tech@lists.example.org
    address: listscribe@example.org
${extra}`;

describe('Matrix and confirmation configuration', () => {
  it('defaults: no room, no confirmations, logs picked by the terminal', () => {
    const config = parseConfig(team(''), 'l.yaml');
    expect(config.teams[0]?.matrix).toBeUndefined();
    expect(config.teams[0]?.confirmSender).toBe(false);
    expect(config.log).toEqual({ level: 'info', format: 'auto' });
  });

  it('a room with its defaults', () => {
    const config = parseConfig(
      team(
        '    confirmSender: true\n    matrix: { homeserverUrl: "https://matrix.example.org", room: "#iaas:example.org" }\n',
      ),
      'l.yaml',
    );
    expect(config.teams[0]?.confirmSender).toBe(true);
    expect(config.teams[0]?.matrix).toEqual({
      homeserverUrl: 'https://matrix.example.org',
      room: '#iaas:example.org',
      accessTokenEnv: 'MATRIX_ACCESS_TOKEN',
      msgtype: 'm.notice',
      timeoutSeconds: 30,
    });
  });

  it('a mistake is one line naming the file, line and key', () => {
    const bad = team('    matrix:\n      homeserverUrl: https://matrix.example.org\n      room: iaas\n');
    expect(() => parseConfig(bad, '/etc/listscribe.yaml')).toThrow(
      new ConfigError(
        '/etc/listscribe.yaml:8: teams.0.matrix.room: a room id ("!abc:example.org") or alias ("#team:example.org")',
      ),
    );
    const token = team(
      '    matrix: { homeserverUrl: "https://m.example.org", room: "!r:example.org", accessToken: "x" }\n',
    );
    expect(() => parseConfig(token, 'l.yaml')).toThrow(/teams\.0\.matrix: unknown key "accessToken"/);
    expect(() =>
      parseConfig(team('    matrix: { homeserverUrl: "ftp://m.example.org", room: "!r:x.org" }\n'), 'l.yaml'),
    ).toThrow(/teams\.0\.matrix\.homeserverUrl: /);
  });

  it('run refuses to start without the access token, in one line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-config-'));
    const file = path.join(dir, 'listscribe.yaml');
    await writeFile(
      file,
      team(
        '    matrix: { homeserverUrl: "https://matrix.example.org", room: "!r:example.org", accessTokenEnv: IAAS_MATRIX_TOKEN }\n',
      ),
    );
    await expect(openApp({ configFile: file, env: {}, cwd: dir, requireSecrets: true })).rejects.toThrow(
      new ConfigError(
        `${file}: teams.0.matrix.accessTokenEnv: environment variable IAAS_MATRIX_TOKEN is not set`,
      ),
    );
  });
});
