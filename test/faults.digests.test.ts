/**
 * SMTP faults at the level of the scheduler: the real SMTP sender, a real SMTP list in front of a
 * real Dovecot, the exactly-once ledger on both databases. A 421 or 450 is retried after the
 * backoff and the digest arrives once; a 550 is a visible failure and is never sent; a server
 * that takes the message and then never answers makes the client time out, and the retry goes
 * out under the same Message-ID, so subscribers hold exactly one copy.
 * (The sender alone against the same faults: smtp.sender.test.ts.)
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import type { MailSender } from '../src/delivery/sender.types.js';
import { createSmtpSender } from '../src/delivery/smtp.sender.js';
import { createDigestsRepository } from '../src/digests/digests.repository.js';
import { type DigestDeps, meetingFor, schedulerTick } from '../src/digests/digests.usecases.js';
import { createDigestRenderer } from '../src/digests/render.js';
import type { TeamContext } from '../src/ingest/ingest.models.js';
import { type MeetingPlan, teamScheduleOf } from '../src/meetings/meeting-plan.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { fixedClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';
import { type Dovecot, describeWithDovecot, startDovecot } from './support/dovecot.js';
import { listMailbox, type MailingList, type SmtpFault, startMailingList } from './support/mailing-list.js';

const team: TeamContext = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.example.org',
  address: 'listscribe@example.org',
  people: [{ handle: 'garloff', addresses: ['garloff@example.org'] }],
};
const plan: MeetingPlan = {
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
  rotation: { minuteTaker: ['garloff'], reporter: [], away: {} },
  agendaLeadHours: 24,
  minutesDelayHours: 2,
};
const plans = new Map([['iaas', [plan]]]);
/** The agenda of Mon 11 Dec 2023 is due at 14:05 UTC the day before. */
const AGENDA_DUE = '2023-12-10T14:10:00Z';
const AGENDA_ID = 'listscribe.agenda.iaas.weekly.2023-12-11@example.org';

const faults: Array<{ name: string; fault: SmtpFault; code: string; retried: boolean }> = [
  {
    name: '421 to MAIL FROM',
    fault: { kind: 'reply', code: 421, at: 'mail' },
    code: 'SMTP_421',
    retried: true,
  },
  {
    name: '450 to RCPT TO',
    fault: { kind: 'reply', code: 450, at: 'rcpt' },
    code: 'SMTP_450',
    retried: true,
  },
  { name: 'no answer after DATA', fault: { kind: 'stall-after-data' }, code: 'ETIMEDOUT', retried: true },
  { name: '550 to DATA', fault: { kind: 'reply', code: 550, at: 'data' }, code: 'SMTP_550', retried: false },
];

describeWithDovecot('digests under SMTP faults (real SMTP list, real Dovecot)', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  describe.each(databaseKinds)('on %s', (kind) => {
    const reason = skipReason(kind);
    let handle: DatabaseHandle;
    let list: MailingList;
    let sender: MailSender;
    let subscriber: string;
    const clock = fixedClock(AGENDA_DUE);

    beforeEach(async () => {
      if (reason) return;
      handle = await freshDatabase(kind);
      await syncTeams(handle.db, [team]);
      const account = await dovecot.addUser();
      subscriber = account.user;
      list = await startMailingList({
        dovecot,
        listAddress: team.list,
        subscribers: [{ address: `${account.user}@example.org`, user: account.user }],
      });
      sender = createSmtpSender({
        host: list.host,
        port: list.smtpPort,
        secure: false,
        requireTls: false,
        ignoreTls: true,
        tlsRejectUnauthorized: true,
        user: null,
        password: null,
        timeoutMs: 1_500,
      });
      clock.set(AGENDA_DUE);
    });
    afterEach(async () => {
      if (reason) return;
      await sender.close();
      await list.close();
      await handle.close();
    });

    const deps = (): DigestDeps => ({
      db: handle.db,
      clock,
      logger: silentLogger,
      teams: [team],
      plans,
      schedule: teamScheduleOf(plans),
      renderer: createDigestRenderer({}),
      sender,
      workerId: 'worker-1',
      minutesDir: null,
      archiveUrls: new Map(),
    });
    const agendaRow = async () => {
      const meeting = (await meetingFor(deps(), 'iaas', 'agenda', clock.now()))!;
      return (await createDigestsRepository(handle.db).forMeeting(meeting.id, 'agenda'))!;
    };
    const inbox = async () =>
      (await listMailbox(dovecot, subscriber)).map((m) => m.headers.get('message-id'));

    it.skipIf(reason).each(faults)(
      '$name: $code, retried: $retried, and never delivered twice',
      async ({ fault, code, retried }) => {
        list.injectNext(1, fault);

        const first = await schedulerTick(deps());
        const row = await agendaRow();
        expect([row.status, row.errorCode, row.attempts]).toEqual([retried ? 'retry' : 'failed', code, 1]);
        expect(first).toMatchObject(retried ? { sent: 0, retried: 1 } : { sent: 0, failed: 1 });
        expect(await inbox()).toEqual([]);

        // Not before the backoff; then once, and never again however often the scheduler wakes.
        expect(await schedulerTick(deps())).toMatchObject({ sent: 0 });
        for (let i = 0; i < 3; i++) {
          clock.advance(60_000);
          await schedulerTick(deps());
        }

        const after = await agendaRow();
        if (retried) {
          expect([after.status, after.attempts, after.errorCode]).toEqual(['sent', 2, null]);
          expect(await inbox()).toEqual([`<${AGENDA_ID}>`]);
          // Every copy the server read carries the one Message-ID, so a copy it kept after a
          // timeout and the retry are the same message to a list and to mail clients.
          const ids = list.received.map((r) => /^Message-ID: (.*)$/im.exec(r.raw.toString())?.[1]);
          expect(new Set(ids)).toEqual(new Set([`<${AGENDA_ID}>`]));
        } else {
          expect([after.status, after.attempts, after.lastError]).toEqual([
            'failed',
            1,
            expect.stringContaining('550'),
          ]);
          expect(await inbox()).toEqual([]);
          expect(list.received.filter((r) => r.outcome === 'delivered')).toEqual([]);
        }
      },
    );
  });
});
