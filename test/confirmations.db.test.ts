import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmationQuota, confirmations } from '../src/confirmations/confirmations.tables.js';
import { type ConfirmationDeps, sendDueConfirmations } from '../src/confirmations/confirmations.usecases.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { SendError } from '../src/delivery/sender.types.js';
import type { TeamContext } from '../src/ingest/ingest.models.js';
import { type IngestDeps, ingestMessages } from '../src/ingest/ingest.usecases.js';
import { teamScheduleOf } from '../src/meetings/meeting-plan.js';
import { messages } from '../src/messages/messages.tables.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { approveHeld } from '../src/review/review.usecases.js';
import { fixedClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';
import { iaasPlan, iaasTeam, recordingSender } from './support/iaas-team.js';

const team: TeamContext = { ...iaasTeam, confirmSender: true };
const schedule = teamScheduleOf(new Map([['iaas', [iaasPlan]]]));

let serial = 0;
/** A list message as Mailman delivers it; `headers` are added or replace the defaults. */
function listMail(options: {
  from?: string;
  subject: string;
  body?: string;
  date?: string;
  headers?: string[];
}): { raw: Buffer; size: number; origin: string } {
  serial++;
  const lines = [
    `From: ${options.from ?? 'Kurt Garloff <garloff@example.org>'}`,
    'To: scs-tech@lists.example.org',
    `Subject: ${options.subject}`,
    `Date: ${options.date ?? 'Wed, 06 Dec 2023 10:55:00 +0100'}`,
    `Message-ID: <confirm-test-${serial}@garloff.example.org>`,
    'List-Id: <scs-tech.lists.example.org>',
    'Precedence: list',
    ...(options.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    options.body ?? 'Let us look at this on Monday.\n\nKurt',
  ];
  const raw = Buffer.from(lines.join('\r\n'));
  return { raw, size: raw.length, origin: `test:${serial}` };
}

describe.each(databaseKinds)('confirmations to the sender on %s', (kind) => {
  const reason = skipReason(kind);
  let handle: DatabaseHandle;
  const clock = fixedClock('2023-12-06T10:00:00Z');

  const ingestDeps = (teams: TeamContext[] = [team]): IngestDeps => ({
    db: handle.db,
    teams,
    clock,
    logger: silentLogger,
    schedule,
  });
  const confirmationDeps = (sender = recordingSender(), workerId = 'w'): ConfirmationDeps => ({
    db: handle.db,
    clock,
    logger: silentLogger,
    teams: [team],
    sender,
    workerId,
  });

  beforeEach(async () => {
    if (reason) return;
    clock.set('2023-12-06T10:00:00Z');
    handle = await freshDatabase(kind);
    await syncTeams(handle.db, [team]);
  });
  afterEach(async () => {
    if (!reason) await handle.close();
  });

  it.skipIf(reason)(
    'replies privately to the author with what was recorded and how to withdraw it, after ingest',
    async () => {
      const report = await ingestMessages(ingestDeps(), [
        listMail({ subject: 'Re: [scs-tech] [agenda] IaaS standards v3 (15 min)' }),
      ]);
      expect(report.recorded).toBe(1);
      const sender = recordingSender();
      // Ingest only queued it; the delivery pass sends it.
      expect(sender.sent).toHaveLength(0);
      expect(await handle.db.select().from(confirmations)).toHaveLength(1);

      expect(await sendDueConfirmations(confirmationDeps(sender))).toMatchObject({ confirmed: 1 });
      expect(await sendDueConfirmations(confirmationDeps(sender, 'other'))).toMatchObject({ confirmed: 0 });
      expect(sender.sent).toHaveLength(1);
      const { mail, messageId } = sender.sent[0]!;
      expect(mail.envelope).toEqual({ from: 'listscribe@example.org', to: ['garloff@example.org'] });
      const parsed = await simpleParser(mail.raw);
      expect(parsed.messageId).toBe(`<${messageId}>`);
      expect(messageId).toMatch(/^listscribe\.confirmation\.iaas\.\d+@example\.org$/);
      expect(parsed.subject).toBe('Re: [scs-tech] [agenda] IaaS standards v3 (15 min)');
      expect(parsed.inReplyTo).toBe(`<confirm-test-${serial}@garloff.example.org>`);
      expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
      expect(parsed.headers.get('x-listscribe')).toBe('confirmation; team=iaas');
      expect(parsed.html).toBe(false);
      expect(parsed.text).toContain('Hello Kurt Garloff,');
      expect(parsed.text).toContain(
        '  - agenda item for Mon 2023-12-11: IaaS standards v3 (15 min, @garloff)',
      );
      expect(parsed.text).toContain('reply "withdrawn" to your message on the list');
      const [row] = await handle.db.select().from(confirmations);
      expect([row?.status, row?.attempts]).toEqual(['sent', 1]);
    },
  );

  it.skipIf(reason)('confirms action items with the id they got', async () => {
    await ingestMessages(ingestDeps(), [
      listMail({
        subject: 'Re: [scs-tech] R6 outcomes',
        body: 'AI @fkr, @garloff: write down the wanted outcomes for R6 by 2023-12-11\n\nKurt',
      }),
    ]);
    const sender = recordingSender();
    await sendDueConfirmations(confirmationDeps(sender));
    const text = (await simpleParser(sender.sent[0]!.mail.raw)).text ?? '';
    expect(text).toContain(
      '  - action item A-1 for @fkr, @garloff: write down the wanted outcomes for R6 (due 2023-12-11)',
    );
    expect(text).toContain('write "[action] A-1 dropped" to the list');
  });

  it.skipIf(reason)('sends at most one per sender, kind and day, enforced by the database', async () => {
    const agenda = (title: string) => listMail({ subject: `[scs-tech] [agenda] ${title} (10 min)` });
    // Two replicas storing two agenda mails of the same sender at the same moment.
    await Promise.all([
      ingestMessages(ingestDeps(), [agenda('Topic one')]),
      ingestMessages(ingestDeps(), [agenda('Topic two')]),
    ]);
    await ingestMessages(ingestDeps(), [agenda('Topic three')]);
    // Another kind the same day is confirmed; so is another sender.
    await ingestMessages(ingestDeps(), [
      listMail({ subject: 'Re: [scs-tech] lab', body: 'Decision: the lab keeps its uplinks\n\nKurt' }),
      listMail({ from: 'Felix <fkr@example.org>', subject: '[scs-tech] [agenda] Topic four (5 min)' }),
    ]);
    expect(await handle.db.select().from(messages)).toHaveLength(5);
    const queued = await handle.db.select().from(confirmations);
    expect(queued.map((c) => c.recipient).sort()).toEqual([
      'fkr@example.org',
      'garloff@example.org',
      'garloff@example.org',
    ]);
    expect(await handle.db.select().from(confirmationQuota)).toHaveLength(3);

    // The next (UTC) day the quota is fresh.
    clock.set('2023-12-07T08:00:00Z');
    await ingestMessages(ingestDeps(), [
      listMail({
        subject: '[scs-tech] [agenda] Topic five (5 min)',
        date: 'Thu, 07 Dec 2023 08:59:00 +0100',
      }),
    ]);
    expect(await handle.db.select().from(confirmations)).toHaveLength(4);
  });

  it.skipIf(reason)(
    'never confirms automated mail, our own, a non-member, old mail, or for a team that did not ask',
    async () => {
      await ingestMessages(ingestDeps(), [
        listMail({
          subject: '[scs-tech] [agenda] Out of office (5 min)',
          headers: ['Auto-Submitted: auto-replied'],
        }),
        listMail({ from: 'listscribe <listscribe@example.org>', subject: '[agenda] Team IaaS — Mon 11 Dec' }),
        listMail({ from: 'Eve <eve@elsewhere.example>', subject: '[scs-tech] [agenda] Something (5 min)' }),
        // A backfill: recorded, but a reply about last year's mail would only confuse.
        listMail({
          subject: '[scs-tech] [agenda] Old topic (5 min)',
          date: 'Mon, 02 Jan 2023 09:00:00 +0100',
        }),
      ]);
      await ingestMessages(ingestDeps([iaasTeam]), [
        listMail({ subject: '[scs-tech] [agenda] Quiet team (5 min)' }),
      ]);
      const outcomes = (await handle.db.select().from(messages)).map((m) => m.outcome).sort();
      expect(outcomes).toEqual(['needs-review', 'recorded', 'recorded', 'skipped', 'skipped']);
      expect(await handle.db.select().from(confirmations)).toHaveLength(0);
      expect(await handle.db.select().from(confirmationQuota)).toHaveLength(0);
    },
  );

  it.skipIf(reason)('confirms a held message once an operator approves it, once', async () => {
    const eve = 'Eve Example <eve@elsewhere.example>';
    await ingestMessages(ingestDeps(), [
      listMail({ from: eve, subject: '[scs-tech] [agenda] Sovereignty (5 min)' }),
    ]);
    const [held] = await handle.db.select().from(messages);
    expect(held?.outcome).toBe('needs-review');
    expect(await handle.db.select().from(confirmations)).toHaveLength(0);

    const review = { db: handle.db, clock, logger: silentLogger, schedule, teams: [team] };
    expect((await approveHeld(review, held!.id, 'anna')).result).toBe('approved');
    expect((await approveHeld(review, held!.id, 'ben')).result).toBe('unchanged');

    const sender = recordingSender();
    expect(await sendDueConfirmations(confirmationDeps(sender))).toMatchObject({ confirmed: 1 });
    expect(sender.sent.map((s) => s.mail.envelope.to)).toEqual([['eve@elsewhere.example']]);
    const text = (await simpleParser(sender.sent[0]!.mail.raw)).text ?? '';
    expect(text).toContain('Hello Eve Example,');
    expect(text).toContain('agenda item for Mon 2023-12-11: Sovereignty (5 min');
  });

  it.skipIf(reason)(
    'an approval confirms nothing for a team that did not ask for confirmations',
    async () => {
      await ingestMessages(ingestDeps([iaasTeam]), [
        listMail({ from: 'Eve <eve@elsewhere.example>', subject: '[scs-tech] [agenda] Quiet (5 min)' }),
      ]);
      const [held] = await handle.db.select().from(messages);
      const review = { db: handle.db, clock, logger: silentLogger, schedule, teams: [iaasTeam] };
      expect((await approveHeld(review, held!.id, 'anna')).result).toBe('approved');
      expect(await handle.db.select().from(confirmations)).toHaveLength(0);
    },
  );

  it.skipIf(reason)('no header injection through the subject', async () => {
    // "[agenda] Lab (5 min)\r\nBcc: victim@example.com" as an encoded word.
    const encoded = `=?utf-8?b?${Buffer.from('[agenda] Lab (5 min)\r\nBcc: victim@example.com').toString('base64')}?=`;
    await ingestMessages(ingestDeps(), [listMail({ subject: encoded })]);
    const sender = recordingSender();
    await sendDueConfirmations(confirmationDeps(sender));
    expect(sender.sent).toHaveLength(1);
    const raw = sender.sent[0]!.mail.raw.toString();
    expect(raw).not.toMatch(/^Bcc:/im);
    const parsed = await simpleParser(sender.sent[0]!.mail.raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.subject).not.toMatch(/[\r\n]/);
    expect(sender.sent[0]!.mail.envelope.to).toEqual(['garloff@example.org']);
  });

  it.skipIf(reason)('retries a 4xx, fails a 5xx visibly, and never sends one a day late', async () => {
    await ingestMessages(ingestDeps(), [listMail({ subject: '[scs-tech] [agenda] Lab (5 min)' })]);
    const sender = recordingSender();
    sender.failNext(new SendError('SMTP_451', '451 try again later', true));
    expect(await sendDueConfirmations(confirmationDeps(sender))).toMatchObject({ retried: 1 });
    clock.advance(30_000);
    sender.failNext(new SendError('SMTP_550', '550 no such user', false));
    expect(await sendDueConfirmations(confirmationDeps(sender))).toMatchObject({ failed: 1 });
    const [row] = await handle.db.select().from(confirmations);
    expect([row?.status, row?.errorCode, row?.attempts]).toEqual(['failed', 'SMTP_550', 2]);

    await ingestMessages(ingestDeps(), [listMail({ subject: 'Re: x', body: 'Decision: keep it\n\nKurt' })]);
    sender.failNext(new SendError('SMTP_421', '421 closing', true));
    await sendDueConfirmations(confirmationDeps(sender));
    clock.advance(25 * 3_600_000);
    expect(await sendDueConfirmations(confirmationDeps(sender))).toMatchObject({ missed: 1, confirmed: 0 });
    expect(sender.sent).toHaveLength(0);
  });
});
