import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import type { ComposedMail } from '../src/delivery/compose.js';
import { composeMail } from '../src/delivery/compose.js';
import { type MailSender, SendError } from '../src/delivery/sender.types.js';
import { createDigestsRepository } from '../src/digests/digests.repository.js';
import {
  buildDigest,
  type DigestDeps,
  LEASE_MS,
  meetingFor,
  schedulerTick,
  sendNow,
} from '../src/digests/digests.usecases.js';
import { createDigestRenderer } from '../src/digests/render.js';
import type { TeamContext } from '../src/ingest/ingest.models.js';
import { ingestMessages } from '../src/ingest/ingest.usecases.js';
import { type MeetingPlan, teamScheduleOf } from '../src/meetings/meeting-plan.js';
import { digests } from '../src/meetings/meetings.tables.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { fixedClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';

const exampleInbox = path.resolve(import.meta.dirname, '../examples/inbox');
const people = (handles: Record<string, string>) =>
  Object.entries(handles).map(([handle, address]) => ({ handle, addresses: [address] }));
const team: TeamContext = {
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
  rotation: {
    minuteTaker: ['matofeder', 'FriederikeZelke', 'garloff'],
    reporter: ['berendt', 'fkr'],
    away: {},
  },
  agendaLeadHours: 24,
  minutesDelayHours: 2,
};
const plans = new Map([['iaas', [plan]]]);

/** An in-memory sender: records what was sent; can be told to fail the next sends. */
function recordingSender() {
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

describe.each(databaseKinds)('digests on %s', (kind) => {
  const reason = skipReason(kind);
  let handle: DatabaseHandle;
  let minutesDir: string;
  const clock = fixedClock('2023-12-01T00:00:00Z');

  const depsFor = (workerId: string, sender: MailSender): DigestDeps => ({
    db: handle.db,
    clock,
    logger: silentLogger,
    teams: [team],
    plans,
    schedule: teamScheduleOf(plans),
    renderer: createDigestRenderer({}),
    sender,
    workerId,
    minutesDir,
    archiveUrls: new Map(),
  });

  beforeEach(async () => {
    if (reason) return;
    handle = await freshDatabase(kind);
    minutesDir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-minutes-'));
    await syncTeams(handle.db, [team]);
    const names = (await readdir(exampleInbox)).filter((n) => n.endsWith('.eml')).sort();
    const batch = await Promise.all(
      names.map(async (name) => {
        const raw = await readFile(path.join(exampleInbox, name));
        return { raw, size: raw.length, origin: name };
      }),
    );
    await ingestMessages({ db: handle.db, teams: [team], clock, logger: silentLogger }, batch);
  });
  afterEach(async () => {
    if (!reason) await handle.close();
  });

  const agendaOf = (sender: ReturnType<typeof recordingSender>, date: string) =>
    sender.sent.filter((s) => s.messageId === `listscribe.agenda.iaas.weekly.${date}@example.org`);

  it.skipIf(reason)(
    'sends the agenda once at its lead time, however many schedulers race for it',
    async () => {
      const sender = recordingSender();
      clock.set('2023-12-10T14:10:00Z'); // the agenda of 11 Dec is due at 14:05 UTC the day before
      await Promise.all(['a', 'b', 'c'].map((w) => schedulerTick(depsFor(w, sender))));
      await Promise.all(['a', 'b', 'c'].map((w) => schedulerTick(depsFor(w, sender))));
      expect(agendaOf(sender, '2023-12-11')).toHaveLength(1);
      expect(sender.sent).toHaveLength(1);

      const parsed = await simpleParser(sender.sent[0]!.mail.raw);
      expect(parsed.subject).toBe('[agenda] Team IaaS — Mon 11 Dec 2023, 15:05 CET');
      expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(parsed.headers.get('x-listscribe')).toBe('agenda; team=iaas');
      expect(parsed.text).toContain('SCS lab cabling status');
      expect(parsed.text).toContain('Monitoring standards');
      expect(parsed.attachments.map((a) => a.filename)).toEqual(['invite.ics']);
    },
  );

  it.skipIf(reason)(
    'a worker that crashed between sending and marking is followed by a resend with the same Message-ID',
    async () => {
      const sender = recordingSender();
      clock.set('2023-12-10T14:10:00Z');
      const a = depsFor('worker-a', sender);
      // Worker A plans, claims and sends, then dies before marking the digest sent.
      await schedulerTick({ ...a, sender: { ...sender, send: async () => {} } }).catch(() => {});
      const repo = createDigestsRepository(handle.db);
      const [row] = await handle.db
        .select()
        .from(digests)
        .where(eq(digests.messageId, 'listscribe.agenda.iaas.weekly.2023-12-11@example.org'));
      await handle.db
        .update(digests)
        .set({
          status: 'sending',
          claimedBy: 'worker-a',
          leaseUntil: new Date(clock.now().getTime() + LEASE_MS),
        })
        .where(eq(digests.id, row!.id));
      const meeting = await meetingFor(a, 'iaas', 'agenda', clock.now());
      await sender.send(
        await composeMail({ ...minimalMail(row!.messageId), subject: 'sent by A' }),
        row!.messageId,
      );

      // While A's lease runs, nobody else sends.
      await schedulerTick(depsFor('worker-b', sender));
      expect(sender.sent).toHaveLength(1);
      // After it, worker B sends again, under the same Message-ID.
      clock.advance(LEASE_MS + 1_000);
      await schedulerTick(depsFor('worker-b', sender));
      expect(sender.sent.map((s) => s.messageId)).toEqual([row!.messageId, row!.messageId]);
      const after = await repo.forMeeting(meeting!.id, 'agenda');
      expect([after?.status, after?.claimedBy]).toEqual(['sent', 'worker-b']);
    },
  );

  it.skipIf(reason)('retries a 4xx with backoff and marks a 5xx failed, visibly', async () => {
    const sender = recordingSender();
    clock.set('2023-12-10T14:10:00Z');
    sender.failNext(new SendError('SMTP_450', '450 mailbox busy', true));
    const deps = depsFor('w', sender);
    expect(await schedulerTick(deps)).toMatchObject({ sent: 0, retried: 1 });
    const repo = createDigestsRepository(handle.db);
    const meeting = (await meetingFor(deps, 'iaas', 'agenda', clock.now()))!;
    const retry = await repo.forMeeting(meeting.id, 'agenda');
    expect([retry?.status, retry?.errorCode, retry?.lastError]).toEqual([
      'retry',
      'SMTP_450',
      '450 mailbox busy',
    ]);
    expect(retry?.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 30_000);

    expect(await schedulerTick(deps)).toMatchObject({ sent: 0 }); // not before the backoff
    clock.advance(31_000);
    expect(await schedulerTick(deps)).toMatchObject({ sent: 1 });
    expect((await repo.forMeeting(meeting.id, 'agenda'))?.attempts).toBe(2);

    // The minutes of 11 Dec, refused permanently.
    clock.set('2023-12-11T17:00:00Z');
    sender.failNext(new SendError('SMTP_550', '550 relay denied', false));
    expect(await schedulerTick(deps)).toMatchObject({ failed: 1 });
    const minutes = await repo.forMeeting(meeting.id, 'minutes');
    expect([minutes?.status, minutes?.errorCode, minutes?.lastError]).toEqual([
      'failed',
      'SMTP_550',
      '550 relay denied',
    ]);
  });

  it.skipIf(reason)(
    'sends a late digest while it is useful, and marks one missed instead of sending it too late',
    async () => {
      const sender = recordingSender();
      const deps = depsFor('w', sender);
      // First start on Saturday: the minutes of 4 Dec (due Monday evening) are still useful
      // until the next agenda goes out, so they go out late; the agenda of 11 Dec is not due.
      clock.set('2023-12-09T12:00:00Z');
      await schedulerTick(deps);
      expect(sender.sent.map((s) => s.messageId)).toEqual([
        'listscribe.minutes.iaas.weekly.2023-12-04@example.org',
      ]);
      // Down from Saturday until Monday 15:30 local, after the meeting of 11 Dec started.
      clock.set('2023-12-11T14:30:00Z');
      const report = await schedulerTick(deps);
      expect(agendaOf(sender, '2023-12-11')).toHaveLength(0);
      expect(report.missed).toBe(1);
      const meeting = (await meetingFor(deps, 'iaas', 'minutes', clock.now()))!;
      expect((await createDigestsRepository(handle.db).forMeeting(meeting.id, 'agenda'))?.status).toBe(
        'missed',
      );
    },
  );

  it.skipIf(reason)('threads the minutes under their agenda and writes the minutes file', async () => {
    const sender = recordingSender();
    clock.set('2023-12-04T17:00:00Z'); // the meeting ended 14:55 UTC; minutes are due 2 h later
    await schedulerTick(depsFor('w', sender));
    const minutes = sender.sent.find((s) =>
      s.messageId.startsWith('listscribe.minutes.iaas.weekly.2023-12-04'),
    );
    expect(minutes).toBeDefined();
    const parsed = await simpleParser(minutes!.mail.raw);
    expect(parsed.inReplyTo).toBe('<listscribe.agenda.iaas.weekly.2023-12-04@example.org>');
    expect(parsed.text).toContain('Taken by @matofeder');
    expect(parsed.text).toContain('Action items by person (open)');
    expect(parsed.text).toMatch(/@garloff\s+A-2/);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['20231204.md']);
    expect(await readFile(path.join(minutesDir, 'iaas', '20231204.md'), 'utf8')).toContain('# 2023-12-04');
  });

  it.skipIf(reason)('send-now sends once and refuses to send the same digest again', async () => {
    const sender = recordingSender();
    clock.set('2023-12-06T10:00:00Z');
    const deps = depsFor('cli', sender);
    const meeting = (await meetingFor(deps, 'iaas', 'agenda', clock.now()))!;
    expect((await sendNow(deps, 'agenda', meeting)).status).toBe('sent');
    expect((await sendNow(deps, 'agenda', meeting)).status).toBe('already-sent');
    clock.set('2023-12-10T14:10:00Z');
    await schedulerTick(deps);
    expect(agendaOf(sender, '2023-12-11')).toHaveLength(1);
    const built = await buildDigest(deps, 'agenda', meeting);
    expect(built.subject).toContain('Mon 11 Dec 2023');
  });
});

function minimalMail(messageId: string) {
  return {
    from: { name: 'listscribe', address: 'listscribe@example.org' },
    to: ['scs-tech@lists.example.org'],
    subject: 'x',
    text: 'x',
    html: '<p>x</p>',
    attachments: [],
    messageId,
    inReplyTo: null,
    references: [],
    date: new Date('2023-12-10T14:10:00Z'),
    listscribeHeader: 'agenda; team=iaas',
  };
}
