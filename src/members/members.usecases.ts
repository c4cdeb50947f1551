import type { Database, Executor } from '../db/database.js';
import type { TeamContext } from '../ingest/ingest.models.js';
import { ListscribeError } from '../shared/errors.js';
import { mergeRoster, planAddition, type Suggestion, suggestMembers } from './members.models.js';
import { createMembersRepository } from './members.repository.js';

/**
 * The configured teams with the members an operator added. Read per ingest batch, so a
 * member added while the worker runs counts from the next message on.
 */
export async function withAddedMembers(db: Executor, teams: readonly TeamContext[]): Promise<TeamContext[]> {
  const added = await createMembersRepository(db).added();
  if (added.length === 0) return [...teams];
  return teams.map((team) => ({
    ...team,
    people: mergeRoster(
      team.people,
      added.filter((m) => m.team === team.slug),
    ),
  }));
}

export interface AddMemberInput {
  team: TeamContext;
  address: string;
  handle: string;
  name: string | null;
  by: string;
  at: Date;
}

export interface AddMemberResult {
  result: 'added' | 'extended';
  /** Messages from this address still waiting for review: approving them is a separate step. */
  held: number[];
}

/** `members add`: `team` is as configured (without added members). */
export async function addMember(db: Database, input: AddMemberInput): Promise<AddMemberResult> {
  const address = input.address.toLowerCase();
  return db.transaction(async (tx) => {
    const repository = createMembersRepository(tx);
    const added = (await repository.added()).filter((m) => m.team === input.team.slug);
    const plan = planAddition(input.team.people, added, address, input.handle);
    if (plan.kind === 'refused') throw new ListscribeError(plan.code, plan.message, false);
    const existing = added.find((m) => m.handle.toLowerCase() === input.handle.toLowerCase());
    await repository.save(
      {
        team: input.team.slug,
        handle: existing?.handle ?? input.handle,
        name: input.name ?? existing?.name ?? null,
        addresses: plan.kind === 'extend' ? plan.addresses : [address],
      },
      input.by,
      input.at,
    );
    return {
      result: plan.kind === 'extend' ? 'extended' : 'added',
      held: await repository.heldFrom(input.team.slug, address),
    };
  });
}

export async function removeMember(db: Database, team: TeamContext, handle: string): Promise<void> {
  if (team.people.some((p) => p.handle.toLowerCase() === handle.toLowerCase())) {
    throw new ListscribeError(
      'MEMBER_CONFIGURED',
      `@${handle} is configured: remove them from the configuration file`,
      false,
    );
  }
  if (!(await createMembersRepository(db).remove(team.slug, handle))) {
    throw new ListscribeError('MEMBER_NOT_FOUND', `@${handle} was not added with members add`, false);
  }
}

export async function memberSuggestions(
  db: Database,
  team: TeamContext,
  limit: number,
): Promise<Suggestion[]> {
  const [roster] = await withAddedMembers(db, [team]);
  const activity = await createMembersRepository(db).senderActivity(team.slug);
  return suggestMembers(
    activity.filter((a) => a.address !== team.address && a.address !== team.list),
    roster!.people,
    limit,
  );
}
