import path from 'node:path';
import { loadConfig, resolveConfigFile } from '../config/config.loader.js';
import type { Config } from '../config/config.schema.js';
import { type DatabaseHandle, type DatabaseTarget, openDatabase } from '../db/database.js';
import type { TeamContext } from '../ingest/ingest.models.js';
import { syncTeams } from '../records/teams.usecases.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { createLogger, type Logger } from '../shared/logger.js';

/** Everything a command needs, built in one place from configuration and environment. */
export interface App {
  config: Config;
  configFile: string;
  isExample: boolean;
  dataDir: string;
  db: DatabaseHandle;
  teams: TeamContext[];
  logger: Logger;
  clock: Clock;
  /** The environment, for secrets named by `*Env` keys. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export interface AppOptions {
  configFile?: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  logLevel?: string | undefined;
}

export function teamsOf(config: Config): TeamContext[] {
  return config.teams.map((t) => ({
    slug: t.slug,
    name: t.name,
    list: t.list,
    listId: t.listId,
    address: t.address,
    people: t.people.map((p) => ({ handle: p.handle, name: p.name, addresses: p.addresses })),
  }));
}

export function databaseTarget(config: Config, env: NodeJS.ProcessEnv, dataDir: string): DatabaseTarget {
  const url = env[config.databaseUrlEnv];
  return url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir };
}

/** Opens configuration and database, migrates, and syncs the configured teams. */
export async function openApp(options: AppOptions): Promise<App> {
  const file = resolveConfigFile(options.configFile, options.env, options.cwd);
  const { config, isExample } = loadConfig(file);
  const logger = createLogger(options.logLevel ?? options.env.LOG_LEVEL ?? config.log.level);
  const dataDir = path.resolve(options.cwd, config.dataDir);
  const db = await openDatabase(databaseTarget(config, options.env, dataDir));
  try {
    await db.migrate();
    const teams = teamsOf(config);
    await syncTeams(db.db, teams);
    if (isExample) logger.info({ config: file }, 'no configuration given: running the bundled example team');
    return {
      config,
      configFile: file,
      isExample,
      dataDir,
      db,
      teams,
      logger,
      clock: systemClock,
      env: options.env,
      close: () => db.close(),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
