import os from 'node:os';
import type { Command, Option } from 'commander';
import type { App } from '../app/app.js';
import { describeItems } from '../review/review.models.js';
import { createReviewRepository } from '../review/review.repository.js';
import { approveHeld, type ReviewResult, rejectHeld } from '../review/review.usecases.js';
import { errorCode, errorMessage, ListscribeError } from '../shared/errors.js';

/** What the operator commands need from main.ts, which owns the program and the app's opening. */
export interface CommandContext {
  configOption: Option;
  openApp(options: { config?: string }): Promise<App>;
  out(line: string): void;
}

/** Who acts, by default: the login that runs the command. */
export function operatorName(env: NodeJS.ProcessEnv): string {
  return env.LISTSCRIBE_OPERATOR ?? env.USER ?? os.userInfo().username;
}

/**
 * `listscribe review`: list the commands held for review (a non-member's, or a member's
 * that failed the team's identity check), approve them (applied exactly as understood
 * when they arrived) or reject them (kept, visible as skipped: rejected).
 */
export function registerReviewCommands(program: Command, ctx: CommandContext): void {
  const review = program
    .command('review')
    .description('commands held for review: list them, approve or reject them');

  review
    .command('list', { isDefault: true })
    .description('list what waits for review (the default)')
    .addOption(ctx.configOption)
    .option('--team <slug>', 'only this team')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'machine-readable output')
    .action(async (options: { config?: string; team?: string; limit: string; json?: boolean }) => {
      await withApp(ctx, options, async (app) => {
        const held = await createReviewRepository(app.db.db).held({
          team: options.team,
          limit: Number(options.limit) || 50,
        });
        if (options.json) {
          ctx.out(
            JSON.stringify(
              held.map(({ extraction, ...row }) => ({
                ...row,
                items: extraction ? describeItems(extraction) : [],
              })),
              null,
              2,
            ),
          );
          return 0;
        }
        if (held.length === 0) {
          ctx.out('nothing waits for review');
          return 0;
        }
        for (const row of held) {
          const when = (row.sentAt ?? row.receivedAt).toISOString();
          ctx.out(`#${row.id}  ${when}  ${row.team}  ${row.author || '?'}  "${row.subject}"`);
          ctx.out(`    held: ${row.reason}${row.detail ? ` — ${row.detail}` : ''}`);
          for (const line of row.extraction ? describeItems(row.extraction) : []) ctx.out(`    ${line}`);
        }
        ctx.out('');
        ctx.out('listscribe review approve ID…   apply as if a member had sent it');
        ctx.out('listscribe review reject ID… [--reason TEXT]   keep it, applied never');
        return 0;
      });
    });

  review
    .command('approve')
    .description('apply held messages exactly as understood when they arrived (twice is harmless)')
    .argument('<ids...>', 'message numbers, as `review` lists them')
    .addOption(ctx.configOption)
    .option('--by <name>', 'who approves (default: $LISTSCRIBE_OPERATOR or the login name)')
    .action(async (ids: string[], options: { config?: string; by?: string }) => {
      await withApp(ctx, options, (app) =>
        eachId(ctx, ids, (id) =>
          approveHeld(
            { db: app.db.db, clock: app.clock, logger: app.logger, schedule: app.schedule, teams: app.teams },
            id,
            options.by ?? operatorName(app.env),
          ),
        ),
      );
    });

  review
    .command('reject')
    .description('keep held messages as skipped (rejected), applying nothing')
    .argument('<ids...>', 'message numbers, as `review` lists them')
    .addOption(ctx.configOption)
    .option('--reason <text>', 'why, kept with the message')
    .option('--by <name>', 'who rejects (default: $LISTSCRIBE_OPERATOR or the login name)')
    .action(async (ids: string[], options: { config?: string; by?: string; reason?: string }) => {
      await withApp(ctx, options, (app) =>
        eachId(ctx, ids, (id) =>
          rejectHeld(
            { db: app.db.db, clock: app.clock, logger: app.logger },
            id,
            options.by ?? operatorName(app.env),
            options.reason ?? null,
          ),
        ),
      );
    });
}

export async function withApp(
  ctx: CommandContext,
  options: { config?: string },
  body: (app: App) => Promise<number>,
): Promise<void> {
  const app = await ctx.openApp(options);
  try {
    process.exitCode = await body(app);
  } finally {
    await app.close();
  }
}

/** Every id is tried; the exit code says whether any was refused. */
async function eachId(
  ctx: CommandContext,
  ids: string[],
  act: (id: number) => Promise<ReviewResult>,
): Promise<number> {
  let exitCode = 0;
  for (const raw of ids) {
    const id = Number(raw.replace(/^#/, ''));
    try {
      if (!Number.isSafeInteger(id) || id <= 0)
        throw new ListscribeError('REVIEW_BAD_ID', `not a message number: ${raw}`, false);
      ctx.out(resultLine(await act(id)));
    } catch (error) {
      if (!(error instanceof ListscribeError)) throw error;
      ctx.out(`#${raw.replace(/^#/, '')}: ${errorCode(error)}: ${errorMessage(error)}`);
      exitCode = 1;
    }
  }
  return exitCode;
}

function resultLine(result: ReviewResult): string {
  const by = `${result.by ?? '?'}${result.at ? ` at ${result.at.toISOString()}` : ''}`;
  if (result.result === 'unchanged') return `#${result.id}: already decided by ${by}; nothing changed`;
  if (result.result === 'rejected') return `#${result.id}: rejected by ${by}`;
  const notes = result.notes.length ? ` (${result.notes.join('; ')})` : '';
  return `#${result.id}: approved by ${by}: ${result.applied} item(s) applied${notes}`;
}
