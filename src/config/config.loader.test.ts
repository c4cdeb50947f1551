import { describe, expect, it } from 'vitest';
import { ConfigError, exampleConfigFile, loadConfig, parseConfig } from './config.loader.js';

const valid = `
teams:
  - slug: iaas
    name: Team IaaS
    list: scs-tech@lists.example.org
    address: listscribe@example.org
    people:
      - handle: fkr
        addresses: [FKR@example.org]
`;

function errorOf(text: string): string {
  try {
    parseConfig(text, 'listscribe.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('fills in defaults and lower-cases addresses', () => {
    const config = parseConfig(valid, 'listscribe.yaml');
    expect(config.dataDir).toBe('./data');
    expect(config.databaseUrlEnv).toBe('DATABASE_URL');
    expect(config.teams[0]?.people[0]?.addresses).toEqual(['fkr@example.org']);
  });

  it('names file, line, key and problem in one line for a wrong value', () => {
    const message = errorOf(valid.replace('scs-tech@lists.example.org', 'not-an-address'));
    expect(message).toBe('listscribe.yaml:5: teams.0.list: Invalid email address');
    expect(message).not.toContain('\n');
  });

  it('names an unknown key (a typo) instead of ignoring it', () => {
    expect(errorOf(`${valid}    adress: x@example.org\n`)).toMatch(
      /^listscribe\.yaml:\d+: teams\.0: unknown key "adress"$/,
    );
  });

  it('says what is missing', () => {
    expect(errorOf('teams:\n  - slug: iaas\n    name: Team IaaS\n    address: a@example.org\n')).toMatch(
      /^listscribe\.yaml:2: teams\.0\.list: missing/,
    );
  });

  it('reports YAML syntax errors with their line', () => {
    expect(errorOf('teams:\n  - slug: [iaas\n')).toMatch(/^listscribe\.yaml:\d+: not valid YAML: /);
  });

  it('rejects a handle written with "@"', () => {
    expect(errorOf(valid.replace('handle: fkr', 'handle: "@fkr"'))).toMatch(
      /teams\.0\.people\.0\.handle: a handle is/,
    );
  });

  it('says when the file cannot be read', () => {
    expect(() => loadConfig('/nonexistent/listscribe.yaml')).toThrow(
      '/nonexistent/listscribe.yaml: cannot read the configuration (ENOENT)',
    );
  });

  it('ships a valid example configuration', () => {
    expect(loadConfig(exampleConfigFile).config.teams[0]?.slug).toBe('iaas');
  });
});
