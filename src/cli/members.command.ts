import type { Command } from 'commander';
import type { App } from '../app/app.js';
import { personSchema } from '../config/config.schema.js';
import type { TeamContext } from '../ingest/ingest.models.js';
import { createMembersRepository } from '../members/members.repository.js';
import { addMember, memberSuggestions, removeMember, withAddedMembers } from '../members/members.usecases.js';
import { errorCode, errorMessage, ListscribeError } from '../shared/errors.js';
import { type CommandContext, operatorName, withApp } from './review.command.js';

/**
 * `listscribe members`: the roster as listscribe uses it (configured people plus the
 * members an operator added from list traffic), and the commands that extend it. The
 * configuration stays the source of truth for the people it names.
 */
export function registerMembersCommands(program: Command, ctx: CommandContext): void {
  const members = program
    .command('members')
    .description("the team's roster: list, add from list traffic, suggest");
  const teamOption = ['--team <slug>', 'the team (default: the first configured)'] as const;

  members
    .command('list', { isDefault: true })
    .description('configured people and added members (the default)')
    .addOption(ctx.configOption)
    .option(...teamOption)
    .action(async (options: { config?: string; team?: string }) => {
      await withApp(ctx, options, async (app) => {
        const team = teamOf(app, options.team);
        const added = (await createMembersRepository(app.db.db).added()).filter((m) => m.team === team.slug);
        const [merged] = await withAddedMembers(app.db.db, [team]);
        const addedHandles = new Set(added.map((m) => m.handle));
        for (const person of merged!.people) {
          const origin = addedHandles.has(person.handle) ? 'added' : 'configured';
          ctx.out(`@${person.handle.padEnd(20)} ${origin.padEnd(10)} ${person.addresses.join(', ')}`);
        }
        return 0;
      });
    });

  members
    .command('add')
    .description('add an address to the roster (stored in the database, merged with the configured people)')
    .argument('<address>')
    .requiredOption('--handle <handle>', 'the handle the team writes after "@"')
    .option('--name <name>', 'display name')
    .addOption(ctx.configOption)
    .option(...teamOption)
    .option('--by <name>', 'who adds (default: $LISTSCRIBE_OPERATOR or the login name)')
    .action(
      async (
        address: string,
        options: { config?: string; team?: string; handle: string; name?: string; by?: string },
      ) => {
        await withApp(ctx, options, (app) =>
          refusals(ctx, async () => {
            const checked = personSchema.safeParse({ handle: options.handle, addresses: [address] });
            if (!checked.success) {
              const problem = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
              throw new ListscribeError('MEMBER_INVALID', problem, false);
            }
            const team = teamOf(app, options.team);
            const result = await addMember(app.db.db, {
              team,
              address: checked.data.addresses[0]!,
              handle: checked.data.handle,
              name: options.name ?? null,
              by: options.by ?? operatorName(app.env),
              at: app.clock.now(),
            });
            ctx.out(
              `${result.result} ${checked.data.addresses[0]} as @${checked.data.handle} (${team.slug})`,
            );
            if (result.held.length > 0) {
              ctx.out(
                `${result.held.length} earlier message(s) from this address wait for review: listscribe review approve ${result.held.join(' ')}`,
              );
            }
          }),
        );
      },
    );

  members
    .command('remove')
    .description('remove a member added with `members add` (configured people stay)')
    .argument('<handle>')
    .addOption(ctx.configOption)
    .option(...teamOption)
    .action(async (handle: string, options: { config?: string; team?: string }) => {
      await withApp(ctx, options, (app) =>
        refusals(ctx, async () => {
          await removeMember(app.db.db, teamOf(app, options.team), handle.replace(/^@/, ''));
          ctx.out(`removed @${handle.replace(/^@/, '')}`);
        }),
      );
    });

  members
    .command('suggest')
    .description('frequent senders to the list who are not on the roster, with a command to add each')
    .addOption(ctx.configOption)
    .option(...teamOption)
    .option('--limit <n>', 'at most this many', '20')
    .action(async (options: { config?: string; team?: string; limit: string }) => {
      await withApp(ctx, options, async (app) => {
        const team = teamOf(app, options.team);
        const suggestions = await memberSuggestions(app.db.db, team, Number(options.limit) || 20);
        if (suggestions.length === 0) ctx.out('no senders outside the roster');
        for (const s of suggestions) {
          ctx.out(
            `${s.address}  ${s.messages} message(s), ${s.held} held, last ${s.lastAt.toISOString().slice(0, 10)}${s.name ? `  (${s.name})` : ''}`,
          );
          ctx.out(
            `    listscribe members add ${s.address} --handle ${s.handle}${s.name ? ` --name "${s.name.replace(/"/g, '')}"` : ''} --team ${team.slug}`,
          );
        }
        return 0;
      });
    });
}

function teamOf(app: App, slug: string | undefined): TeamContext {
  const team = slug === undefined ? app.teams[0] : app.teams.find((t) => t.slug === slug);
  if (!team) throw new ListscribeError('UNKNOWN_TEAM', `no team "${slug}" in ${app.configFile}`, false);
  return team;
}

/** A refusal (a configured handle, an address already on the roster) is one line and exit code 1. */
async function refusals(ctx: CommandContext, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (error) {
    if (!(error instanceof ListscribeError)) throw error;
    ctx.out(`${errorCode(error)}: ${errorMessage(error)}`);
    return 1;
  }
}
