import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import type { TeamContext } from '../ingest/ingest.models.js';
import { people, teams } from './records.tables.js';

/**
 * Configuration is the source of truth for teams and their roster; the database
 * keeps a copy so records can reference them. Safe to run from every replica at
 * start: upserts only, never a delete (records keep their team).
 */
export async function syncTeams(db: Database, configured: readonly TeamContext[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const team of configured) {
      await tx
        .insert(teams)
        .values({ slug: team.slug, name: team.name })
        .onConflictDoUpdate({ target: teams.slug, set: { name: team.name } });
      for (const person of team.people) {
        await tx
          .insert(people)
          .values({
            team: team.slug,
            handle: person.handle,
            name: person.name ?? null,
            addresses: person.addresses,
            source: 'config',
          })
          .onConflictDoUpdate({
            target: [people.team, people.handle],
            // A handle an operator added and the configuration now names is the configuration's.
            set: { name: sql`excluded.name`, addresses: sql`excluded.addresses`, source: 'config' },
          });
      }
    }
  });
}
