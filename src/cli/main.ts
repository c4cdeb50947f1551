import { Command, Option } from 'commander';
import { openApp, startHttp } from '../app/app.js';
import { deliveriesTick } from '../app/deliveries.js';
import { stopAll, stopSignal } from '../app/lifecycle.js';
import { ConfigError } from '../config/config.loader.js';
import { FolderLockedError } from '../db/folder-lock.js';
import { schedulerTick } from '../digests/digests.usecases.js';
import { createScheduler } from '../digests/scheduler.js';
import { importPaths } from '../ingest/import.usecases.js';
import { createIngestWorker } from '../ingest/worker.js';
import { ListscribeError } from '../shared/errors.js';
import { type DigestCommandOptions, previewCommand, sendCommand } from './digest.commands.js';
import { httpOverride } from './http-option.models.js';
import { inspectCommand } from './inspect.command.js';
import { registerMembersCommands } from './members.command.js';
import { registerReviewCommands } from './review.command.js';
import { statusCommand } from './status.command.js';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * How long `run` waits for work in flight after SIGTERM. A send that takes longer is
 * not lost: its lease runs out and a worker sends it again, under the same Message-ID.
 */
const SHUTDOWN_DEADLINE_MS = 30_000;

const configOption = new Option(
  '-c, --config <file>',
  'configuration file (default: $LISTSCRIBE_CONFIG, ./listscribe.yaml, or the bundled example)',
);

function appOptions(options: { config?: string }) {
  return { configFile: options.config, env: process.env, cwd: process.cwd() };
}

function checkHttpOverride(value: string | true): void {
  try {
    httpOverride(value, { enabled: false, host: '127.0.0.1', port: 8080 });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

export function buildProgram(): Command {
  const program = new Command('listscribe')
    .description('The scribe of a team that meets every week and talks on a mailing list.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('inspect')
    .description('print what listscribe would extract from .eml messages or minutes .md files, as JSON')
    .argument('<files...>')
    .addOption(configOption)
    .action(async (files: string[], options: { config?: string }) => {
      process.exitCode = await inspectCommand(files, options, out);
    });

  program
    .command('import')
    .description('backfill from mbox files, Maildir folders, or .eml files')
    .argument('<paths...>')
    .addOption(configOption)
    .action(async (paths: string[], options: { config?: string }) => {
      const app = await openApp({ ...appOptions(options), logLevel: 'warn' });
      try {
        const tty = process.stderr.isTTY;
        const report = await importPaths(
          {
            db: app.db.db,
            teams: app.teams,
            clock: app.clock,
            logger: app.logger,
            schedule: app.schedule,
            batchSize: 200,
            maxMessageBytes: app.config.maxMessageBytes,
          },
          paths,
          (p) => {
            if (!tty) return;
            const percent = p.totalBytes ? ` ${Math.floor((100 * p.bytesRead) / p.totalBytes)}%` : '';
            process.stderr.write(`\r${p.path}: ${p.messages} messages${percent}   `);
          },
        );
        if (tty) process.stderr.write('\n');
        out(
          `imported: ${report.recorded} recorded, ${report.skipped} skipped, ${report.needsReview} need review, ${report.failed} failed, ${report.duplicates} already stored`,
        );
        process.exitCode = report.failed > 0 ? 1 : 0;
      } finally {
        await app.close();
      }
    });

  program
    .command('run')
    .description('run the worker: read the list, keep the records, send the digests')
    .addOption(configOption)
    .option(
      '--http [address]',
      'serve the web archive, /healthz and /metrics on [host:]port (default: the configured http address, 127.0.0.1:8080)',
    )
    .action(async (options: { config?: string; http?: string | true }) => {
      const override = options.http;
      // A mistyped flag is reported before anything opens (or finds the data folder locked).
      if (override !== undefined) checkHttpOverride(override);
      const app = await openApp({ ...appOptions(options), requireSecrets: true });
      const httpConfig = override === undefined ? app.config.http : httpOverride(override, app.config.http);
      const worker = await createIngestWorker(app);
      const http = await startHttp(app, worker, httpConfig);
      const scheduler = createScheduler({
        everySeconds: app.config.schedulerSeconds,
        tick: (signal) => schedulerTick({ ...app.digestDeps(), signal }),
        logger: app.logger,
      });
      const deliveries = createScheduler({
        name: 'deliveries',
        everySeconds: app.config.schedulerSeconds,
        tick: (signal) => deliveriesTick(app, signal),
        logger: app.logger,
      });
      // Listening from here on: a signal while starting up still stops cleanly.
      const stopOptions = { logger: app.logger, deadlineMs: SHUTDOWN_DEADLINE_MS };
      const stopped = stopSignal(stopOptions);
      await worker.start();
      await scheduler.start();
      await deliveries.start();
      app.logger.info(
        { teams: app.teams.map((t) => t.slug), database: app.db.kind },
        'listscribe is running',
      );
      await stopped;
      const clean = await stopAll(
        [
          {
            name: 'http',
            stop: async () => {
              await http?.close();
            },
          },
          { name: 'digests', stop: () => scheduler.stop() },
          { name: 'deliveries', stop: () => deliveries.stop() },
          { name: 'ingest', stop: () => worker.stop() },
        ],
        stopOptions,
      );
      await app.close();
      app.logger.info({ clean }, 'stopped');
      if (!clean) process.exitCode = 1;
    });

  program
    .command('preview')
    .description('render the next agenda digest (or the last minutes digest) without sending it')
    .argument('<kind>', 'agenda or minutes')
    .addOption(configOption)
    .option('--team <slug>', 'the team (default: the first configured)')
    .option('--at <time>', 'as if it were this time (ISO 8601), e.g. 2023-12-10T15:00')
    .option('--out <file>', 'write an .eml (or .html) file instead of printing the text')
    .action(async (kind: string, options: DigestCommandOptions & { config?: string }) => {
      const app = await openApp({ ...appOptions(options), logLevel: 'warn' });
      try {
        process.exitCode = await previewCommand(app, kind, options, out);
      } finally {
        await app.close();
      }
    });

  program
    .command('send')
    .description('send one digest now (once: a digest already sent is not sent again)')
    .argument('<kind>', 'agenda or minutes')
    .addOption(configOption)
    .option('--team <slug>', 'the team (default: the first configured)')
    .option('--at <time>', 'pick the meeting as if it were this time (ISO 8601)')
    .option('--dry-run', 'print the digest instead of sending it')
    .action(async (kind: string, options: DigestCommandOptions & { config?: string }) => {
      const app = await openApp({
        ...appOptions(options),
        logLevel: 'warn',
        requireSecrets: !options.dryRun,
      });
      try {
        process.exitCode = await sendCommand(app, kind, options, out);
      } finally {
        await app.close();
      }
    });

  program
    .command('migrate')
    .description('apply database migrations (run also does this at start)')
    .addOption(configOption)
    .action(async (options: { config?: string }) => {
      const app = await openApp({ ...appOptions(options), logLevel: 'warn' });
      out(`database migrated: ${app.db.kind} ${app.db.location}`);
      await app.close();
    });

  program
    .command('status')
    .description('messages by outcome, mailbox checkpoints, recent failures')
    .addOption(configOption)
    .option('--json', 'machine-readable output')
    .action(async (options: { config?: string; json?: boolean }) => {
      const app = await openApp({ ...appOptions(options), logLevel: 'warn' });
      try {
        process.exitCode = await statusCommand(app, options, out);
      } finally {
        await app.close();
      }
    });

  const operator = {
    configOption,
    openApp: (options: { config?: string }) => openApp({ ...appOptions(options), logLevel: 'warn' }),
    out,
  };
  registerReviewCommands(program, operator);
  registerMembersCommands(program, operator);

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help')
      return;
    if (code?.startsWith('commander.')) {
      process.exitCode = 2;
      return;
    }
    // A configuration or environment mistake: one line that says what and where.
    if (error instanceof ConfigError || error instanceof FolderLockedError) {
      process.stderr.write(`listscribe: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    // Our own errors carry a stable code and a message written for the operator: no stack.
    if (error instanceof ListscribeError) {
      process.stderr.write(`listscribe: ${error.code}: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`listscribe: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
