/** The example team (examples/inbox) on a database: what the archive tests and the browser test read. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../src/db/database.js';
import type { MailSender } from '../../src/delivery/sender.types.js';
import type { DigestDeps } from '../../src/digests/digests.usecases.js';
import { createDigestRenderer } from '../../src/digests/render.js';
import type { TeamContext } from '../../src/ingest/ingest.models.js';
import { ingestMessages } from '../../src/ingest/ingest.usecases.js';
import { type MeetingPlan, teamScheduleOf } from '../../src/meetings/meeting-plan.js';
import { syncTeams } from '../../src/records/teams.usecases.js';
import type { Clock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';

export const exampleInbox = path.resolve(import.meta.dirname, '../../examples/inbox');

const people = (handles: Record<string, string>) =>
  Object.entries(handles).map(([handle, address]) => ({ handle, addresses: [address] }));

export const exampleTeam: TeamContext = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.example.org',
  address: 'listscribe@example.org',
  people: people({
    fkr: 'fkr@example.org',
    garloff: 'garloff@example.org',
    FriederikeZelke: 'friederike.zelke@example.org',
    matofeder: 'matofeder@example.com',
    berendt: 'berendt@example.com',
    maxwolfs: 'maxwolfs@example.org',
  }),
};

/** Mondays 15:05 Europe/Berlin from 4 Dec 2023, 50 minutes. */
export const examplePlan: MeetingPlan = {
  rule: {
    team: 'iaas',
    series: 'weekly',
    seriesName: 'Team IaaS Meeting',
    timeZone: 'Europe/Berlin',
    blocks: [
      {
        start: '2023-12-04T15:05',
        durationMinutes: 50,
        everyWeeks: 1,
        until: null,
        skip: [],
        location: 'https://conf.example.org/SCS-Tech',
      },
    ],
  },
  rotation: {
    minuteTaker: ['matofeder', 'FriederikeZelke', 'garloff'],
    reporter: ['berendt', 'fkr'],
    away: {},
  },
  agendaLeadHours: 24,
  minutesDelayHours: 2,
};

export const examplePlans = new Map([['iaas', [examplePlan]]]);

/** An in-memory sender that keeps what it was given. */
export function recordingSender(): MailSender & { sent: string[] } {
  const sent: string[] = [];
  return {
    kind: 'outbox',
    sent,
    async send(_mail, messageId) {
      sent.push(messageId);
    },
    close: async () => {},
  };
}

export function exampleDigestDeps(
  db: Database,
  clock: Clock,
  sender: MailSender = recordingSender(),
): DigestDeps {
  return {
    db,
    clock,
    logger: silentLogger,
    teams: [exampleTeam],
    plans: examplePlans,
    schedule: teamScheduleOf(examplePlans),
    renderer: createDigestRenderer({}),
    sender,
    workerId: 'test-worker',
    minutesDir: null,
    archiveUrls: new Map(),
  };
}

/** Files the team and ingests every message of examples/inbox, at the clock's time. */
export async function seedExampleInbox(db: Database, clock: Clock): Promise<void> {
  await syncTeams(db, [exampleTeam]);
  await ingestExampleInbox(db, exampleTeam, clock);
}

/** Ingests every message of examples/inbox for `team` (already synced), as the worker would. */
export async function ingestExampleInbox(db: Database, team: TeamContext, clock: Clock): Promise<void> {
  const names = (await readdir(exampleInbox)).filter((n) => n.endsWith('.eml')).sort();
  const batch = await Promise.all(
    names.map(async (name) => {
      const raw = await readFile(path.join(exampleInbox, name));
      return { raw, size: raw.length, origin: name };
    }),
  );
  await ingestMessages({ db, teams: [team], clock, logger: silentLogger }, batch);
}
