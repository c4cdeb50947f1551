import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, resolveConfigFile } from '../config/config.loader.js';
import type { Config, HttpConfig } from '../config/config.schema.js';
import { type DatabaseHandle, type DatabaseTarget, openDatabase } from '../db/database.js';
import { createMatrixPoster, type MatrixPoster } from '../delivery/matrix.client.js';
import { createOutboxSender } from '../delivery/outbox.sender.js';
import type { MailSender } from '../delivery/sender.types.js';
import { createSmtpSender } from '../delivery/smtp.sender.js';
import type { DigestDeps } from '../digests/digests.usecases.js';
import { createDigestRenderer } from '../digests/render.js';
import { startListscribeHttp } from '../http/http.app.js';
import { HttpListenError, type HttpServer } from '../http/http.server.js';
import type { TeamContext } from '../ingest/ingest.models.js';
import type { Worker } from '../ingest/worker.js';
import { type MeetingPlan, teamScheduleOf } from '../meetings/meeting-plan.js';
import { meetingPlansOf } from '../meetings/meeting-plans.loader.js';
import type { TeamSchedule } from '../meetings/team-schedule.js';
import { syncTeams } from '../records/teams.usecases.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { type FaultPoints, faultPointsFromEnv } from '../shared/fault-points.js';
import { createLogger, type Logger } from '../shared/logger.js';

/** Everything a command needs, built in one place from configuration and environment. */
export interface App {
  config: Config;
  configFile: string;
  isExample: boolean;
  dataDir: string;
  db: DatabaseHandle;
  teams: TeamContext[];
  plans: Map<string, MeetingPlan[]>;
  schedule: TeamSchedule;
  logger: Logger;
  clock: Clock;
  /** The environment, for secrets named by `*Env` keys. */
  env: NodeJS.ProcessEnv;
  /** Crash points for the fault tests (LISTSCRIBE_FAULT_POINT); no-ops otherwise. */
  faults: FaultPoints;
  /** Everything the digest use cases need, with the configured sender (or the one given). */
  digestDeps(sender?: MailSender): DigestDeps;
  /** One Matrix poster per team with a room configured and its access token in the environment. */
  matrixPosters: ReadonlyMap<string, MatrixPoster>;
  close(): Promise<void>;
}

export interface AppOptions {
  configFile?: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  logLevel?: string | undefined;
  /** Fail at start when a password the configuration names is not in the environment (run, send). */
  requireSecrets?: boolean;
  /** The time everything runs on; the system clock unless a test drives it. */
  clock?: Clock;
  /**
   * An already opened database to use instead of the configured one (tests hand in a
   * fresh clone). The caller keeps it: `close()` leaves it open.
   */
  database?: DatabaseHandle;
}

export function teamsOf(config: Config): TeamContext[] {
  return config.teams.map((t) => ({
    slug: t.slug,
    name: t.name,
    list: t.list,
    listId: t.listId,
    address: t.address,
    people: t.people.map((p) => ({ handle: p.handle, name: p.name, addresses: p.addresses })),
    identity: t.identity && {
      dkim: t.identity.dkim,
      arcSealers: t.identity.arcSealers,
      authservId: t.identity.authservId ?? null,
    },
    confirmSender: t.confirmSender,
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
  // Calendar files are part of the configuration: read (and checked) before anything opens.
  const plans = meetingPlansOf(config, path.dirname(file));
  if (options.requireSecrets) checkSecrets(config, options.env, file);
  const logger = createLogger(options.logLevel ?? options.env.LOG_LEVEL ?? config.log.level, {
    format: logFormatOf(options.env.LOG_FORMAT) ?? config.log.format,
    terminal: process.stderr.isTTY === true,
  });
  const faults = faultPointsFromEnv(options.env);
  const dataDir = path.resolve(options.cwd, config.dataDir);
  const clock = options.clock ?? systemClock;
  const ownsDatabase = !options.database;
  const db = options.database ?? (await openDatabase(databaseTarget(config, options.env, dataDir)));
  const closeDatabase = () => (ownsDatabase ? db.close() : Promise.resolve());
  try {
    await db.migrate();
    const teams = teamsOf(config);
    await syncTeams(db.db, teams);
    const schedule = teamScheduleOf(plans);
    const renderer = createDigestRenderer({
      templateDir: config.templatesDir ? path.resolve(options.cwd, config.templatesDir) : null,
    });
    const workerId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    let configuredSender: MailSender | null = null;
    if (isExample) logger.info({ config: file }, 'no configuration given: running the bundled example team');
    return {
      config,
      configFile: file,
      isExample,
      dataDir,
      db,
      teams,
      plans,
      schedule,
      logger,
      clock,
      env: options.env,
      faults,
      matrixPosters: matrixPostersOf(config, options.env),
      digestDeps(sender) {
        if (!sender) configuredSender ??= createSender(config, options.env, dataDir);
        return {
          db: db.db,
          clock,
          logger,
          teams,
          plans,
          schedule,
          renderer,
          sender: sender ?? configuredSender!,
          workerId,
          minutesDir: path.resolve(options.cwd, config.minutesDir ?? path.join(dataDir, 'minutes')),
          archiveUrls: new Map(config.teams.map((t) => [t.slug, t.archiveUrl ?? null])),
          matrixRooms: new Map(config.teams.flatMap((t) => (t.matrix ? [[t.slug, t.matrix.room]] : []))),
          faults,
        };
      },
      close: async () => {
        await configuredSender?.close();
        await closeDatabase();
      },
    };
  } catch (error) {
    await closeDatabase();
    throw error;
  }
}

/**
 * The HTTP server of `run` (health, metrics, the archive) when `http.enabled`; null
 * when off. A port that is taken is a configuration problem, reported in one line.
 */
export async function startHttp(
  app: App,
  worker: Pick<Worker, 'state'>,
  http: HttpConfig = app.config.http,
): Promise<HttpServer | null> {
  if (!http.enabled) return null;
  try {
    return await startListscribeHttp({
      host: http.host,
      port: http.port,
      archive: app.digestDeps(),
      databaseKind: app.db.kind,
      source: { kind: app.config.source?.kind ?? 'maildir', state: () => worker.state() },
      logger: app.logger.child({ component: 'http' }),
    });
  } catch (error) {
    if (error instanceof HttpListenError) throw new ConfigError(`${app.configFile}: http: ${error.message}`);
    throw error;
  }
}

/** The configured way out for digests: SMTP, or (the embedded default) .eml files in dataDir/outbox. */
export function createSender(config: Config, env: NodeJS.ProcessEnv, dataDir: string): MailSender {
  const delivery = config.delivery ?? { kind: 'outbox' as const };
  if (delivery.kind === 'outbox')
    return createOutboxSender(path.resolve(delivery.dir ?? path.join(dataDir, 'outbox')));
  return createSmtpSender({
    host: delivery.host,
    port: delivery.port,
    secure: delivery.secure,
    requireTls: delivery.requireTls,
    ignoreTls: delivery.ignoreTls,
    tlsRejectUnauthorized: delivery.tlsRejectUnauthorized,
    user: delivery.user ?? null,
    password: delivery.user ? (env[delivery.passwordEnv] ?? null) : null,
    timeoutMs: delivery.timeoutSeconds * 1000,
  });
}

/**
 * Teams whose token is missing get no poster: `run` and `send` refuse to start
 * without it (checkSecrets), and the other commands do not post.
 */
export function matrixPostersOf(config: Config, env: NodeJS.ProcessEnv): Map<string, MatrixPoster> {
  const posters = new Map<string, MatrixPoster>();
  for (const team of config.teams) {
    const accessToken = team.matrix ? env[team.matrix.accessTokenEnv] : undefined;
    if (!team.matrix || !accessToken) continue;
    posters.set(
      team.slug,
      createMatrixPoster({
        homeserverUrl: team.matrix.homeserverUrl,
        accessToken,
        room: team.matrix.room,
        timeoutMs: team.matrix.timeoutSeconds * 1000,
        msgtype: team.matrix.msgtype,
      }),
    );
  }
  return posters;
}

function logFormatOf(value: string | undefined): 'auto' | 'json' | 'pretty' | undefined {
  return value === 'auto' || value === 'json' || value === 'pretty' ? value : undefined;
}

/** Secrets named in the configuration must be in the environment: say so at start, in one line. */
function checkSecrets(config: Config, env: NodeJS.ProcessEnv, file: string): void {
  const missing = (key: string, variable: string) =>
    new ConfigError(`${file}: ${key}: environment variable ${variable} is not set`);
  if (config.source?.kind === 'imap' && !env[config.source.passwordEnv]) {
    throw missing('source.passwordEnv', config.source.passwordEnv);
  }
  if (config.delivery?.kind === 'smtp' && config.delivery.user && !env[config.delivery.passwordEnv]) {
    throw missing('delivery.passwordEnv', config.delivery.passwordEnv);
  }
  for (const [i, team] of config.teams.entries()) {
    if (team.matrix && !env[team.matrix.accessTokenEnv])
      throw missing(`teams.${i}.matrix.accessTokenEnv`, team.matrix.accessTokenEnv);
  }
}
