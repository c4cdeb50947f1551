import { and, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { messages } from '../messages/messages.tables.js';
import { people } from '../records/records.tables.js';
import type { AddedMember, SenderActivity } from './members.models.js';

export function createMembersRepository(db: Executor) {
  return {
    /** Members added by an operator, of every team. */
    async added(): Promise<AddedMember[]> {
      const rows = await db
        .select({ team: people.team, handle: people.handle, name: people.name, addresses: people.addresses })
        .from(people)
        .where(eq(people.source, 'operator'))
        .orderBy(people.team, people.handle);
      return rows;
    },

    async save(member: AddedMember, by: string, at: Date): Promise<void> {
      await db
        .insert(people)
        .values({ ...member, source: 'operator', addedBy: by, addedAt: at })
        .onConflictDoUpdate({
          target: [people.team, people.handle],
          set: { addresses: member.addresses, name: member.name, addedBy: by, addedAt: at },
          // Never touch a configured person, even if the handle raced into the configuration.
          setWhere: eq(people.source, 'operator'),
        });
    },

    async remove(team: string, handle: string): Promise<boolean> {
      const rows = await db
        .delete(people)
        .where(and(eq(people.team, team), eq(people.handle, handle), eq(people.source, 'operator')))
        .returning({ handle: people.handle });
      return rows.length > 0;
    },

    /**
     * Who wrote to the team's list, how often, and how many of their commands wait for
     * review. Robots (skipped mail) are left out: a bounce is not a candidate member.
     */
    async senderActivity(team: string): Promise<SenderActivity[]> {
      return db
        .select({
          address: messages.authorAddress,
          name: sql<string>`coalesce(max(${messages.authorName}), '')`,
          messages: sql<number>`count(*)::int`,
          held: sql<number>`(count(*) filter (where ${messages.outcome} = 'needs-review'))::int`,
          lastAt: max(messages.receivedAt).mapWith((v: string | Date) => new Date(v)),
        })
        .from(messages)
        .where(and(eq(messages.team, team), inArray(messages.outcome, ['recorded', 'needs-review'])))
        .groupBy(messages.authorAddress)
        .orderBy(desc(sql`count(*)`))
        .limit(500) as Promise<SenderActivity[]>;
    },

    /** Messages of an address still waiting for review, so `members add` can point at them. */
    async heldFrom(team: string, address: string): Promise<number[]> {
      const rows = await db
        .select({ id: messages.id })
        .from(messages)
        .where(
          and(
            eq(messages.team, team),
            eq(messages.authorAddress, address),
            eq(messages.outcome, 'needs-review'),
          ),
        )
        .orderBy(messages.id);
      return rows.map((r) => r.id);
    },
  };
}
