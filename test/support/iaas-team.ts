import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../src/db/database.js';
import type { ComposedMail } from '../../src/delivery/compose.js';
import type { MailSender, SendError } from '../../src/delivery/sender.types.js';
import type { TeamContext } from '../../src/ingest/ingest.models.js';
import { ingestMessages } from '../../src/ingest/ingest.usecases.js';
import type { MeetingPlan } from '../../src/meetings/meeting-plan.js';
import type { Clock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';

/** Team IaaS as the example configuration has it: weekly on Monday 15:05 Europe/Berlin. */
export const iaasTeam: TeamContext = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.example.org',
  address: 'listscribe@example.org',
  people: Object.entries({
    fkr: 'fkr@example.org',
    garloff: 'garloff@example.org',
    FriederikeZelke: 'friederike.zelke@example.org',
    matofeder: 'matofeder@example.com',
    berendt: 'berendt@example.com',
    maxwolfs: 'maxwolfs@example.org',
  }).map(([handle, address]) => ({ handle, addresses: [address] })),
};

export const iaasPlan: MeetingPlan = {
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
        location: null,
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

/** An in-memory sender: records what was sent; can be told to fail the next sends. */
export function recordingSender() {
  const sent: Array<{ messageId: string; mail: ComposedMail }> = [];
  const failures: SendError[] = [];
  const sender: MailSender & { sent: typeof sent; failNext(error: SendError): void } = {
    kind: 'outbox',
    sent,
    failNext: (error) => failures.push(error),
    async send(mail, messageId) {
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push({ messageId, mail });
    },
    close: async () => {},
  };
  return sender;
}

const exampleInbox = path.resolve(import.meta.dirname, '../../examples/inbox');

/** The example thread of the meetings of 4 and 11 Dec 2023, stored as the worker would. */
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
