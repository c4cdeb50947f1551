import { describe, expect, it } from 'vitest';
import { teamsOf } from '../app/app.js';
import { ConfigError, parseConfig } from '../config/config.loader.js';

const team = (identity: string) => `
teams:
  - slug: iaas
    name: Team IaaS
    list: scs-tech@lists.example.org
    address: listscribe@example.org
${identity}
`;

describe('teams.*.identity in the configuration', () => {
  it('reaches ingest as the team policy, names lower-cased', () => {
    const config = parseConfig(
      team('    identity: { arcSealers: [Lists.Example.org], authservId: MX.example.org }'),
      'listscribe.yaml',
    );
    expect(teamsOf(config)[0]?.identity).toEqual({
      dkim: false,
      arcSealers: ['lists.example.org'],
      authservId: 'mx.example.org',
    });
  });

  it('is absent unless configured: the roster alone decides', () => {
    expect(teamsOf(parseConfig(team(''), 'listscribe.yaml'))[0]?.identity).toBeUndefined();
  });

  it('refuses an identity block that names no source of proof', () => {
    expect(() => parseConfig(team('    identity: { dkim: false }'), 'listscribe.yaml')).toThrow(ConfigError);
    expect(() => parseConfig(team('    identity: { dkim: false }'), 'listscribe.yaml')).toThrow(
      /teams\.0\.identity: name at least one of dkim, arcSealers, authservId/,
    );
  });
});
