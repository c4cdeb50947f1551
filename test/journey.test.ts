/**
 * The user's journey, end to end, as `listscribe run` composes it: the configured IMAP
 * source and ingest worker read listscribe's own mailbox on a real Dovecot; the scheduler
 * sends its digests over SMTP to a real mailing list (smtp-server) that delivers into every
 * subscriber's Dovecot mailbox over LMTP. Members post through the same list. Only the clock
 * is the test's: it is moved from the week before the meeting to the evening after it.
 *
 * What is asserted is what a member reads in their mailbox.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app/app.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { schedulerTick } from '../src/digests/digests.usecases.js';
import { createScheduler, type Scheduler } from '../src/digests/scheduler.js';
import { createIngestWorker, type Worker } from '../src/ingest/worker.js';
import { digests } from '../src/meetings/meetings.tables.js';
import { messages } from '../src/messages/messages.tables.js';
import { fixedClock } from '../src/shared/clock.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';
import { type Dovecot, type DovecotUser, describeWithDovecot, startDovecot } from './support/dovecot.js';
import {
  listMailbox,
  type MailboxMessage,
  type MailingList,
  startMailingList,
  waitForMessage,
} from './support/mailing-list.js';

const LIST = 'scs-tech@lists.example.org';
const OWN = 'listscribe@example.org';
/** Long enough for a loaded CI machine; a healthy round trip takes about a second. */
const DEADLINE_MS = 15_000;

const members = {
  fkr: { name: 'Felix Kronlage-Dammers', address: 'fkr@example.org' },
  garloff: { name: 'Kurt Garloff', address: 'garloff@example.org' },
  FriederikeZelke: { name: 'Friederike Zelke', address: 'friederike.zelke@example.org' },
  berendt: { name: 'Christian Berendt', address: 'berendt@example.com' },
} as const;
type Handle = keyof typeof members;

const agendaId = 'listscribe.agenda.iaas.weekly.2023-12-11@example.org';
const minutesId = 'listscribe.minutes.iaas.weekly.2023-12-11@example.org';

function configYaml(opts: { dataDir: string; dovecot: Dovecot; bot: DovecotUser; list: MailingList }) {
  const people = Object.entries(members)
    .map(([handle, p]) => `      - { handle: ${handle}, name: ${p.name}, addresses: [${p.address}] }`)
    .join('\n');
  return `dataDir: ${opts.dataDir}
source:
  kind: imap
  host: ${opts.dovecot.host}
  port: ${opts.dovecot.imapPort}
  secure: false
  user: ${opts.bot.user}
  passwordEnv: JOURNEY_IMAP_PASSWORD
delivery:
  kind: smtp
  host: ${opts.list.host}
  port: ${opts.list.smtpPort}
  ignoreTls: true
  timeoutSeconds: 10
schedulerSeconds: 5
log: { level: silent }
teams:
  - slug: iaas
    name: Team IaaS
    list: ${LIST}
    listId: scs-tech.lists.example.org
    address: ${OWN}
    people:
${people}
    meetings:
      - slug: weekly
        name: Team IaaS Meeting
        timeZone: Europe/Berlin
        start: 2023-12-11T15:05
        durationMinutes: 50
        every: { weeks: 1 }
        location: https://conf.example.org/SCS-Tech
        agendaLeadHours: 24
        minutesDelayHours: 2
        rotation:
          minuteTaker: [FriederikeZelke, garloff, fkr]
          reporter: [berendt, fkr, garloff]
`;
}

/** A member's mail to the list, as their client would write it. */
function post(
  from: Handle,
  opts: { subject: string; messageId: string; date: string; body: string; inReplyTo?: string },
): string {
  const author = members[from];
  return [
    `From: ${author.name} <${author.address}>`,
    `To: ${LIST}`,
    `Subject: ${opts.subject}`,
    `Date: ${opts.date}`,
    `Message-ID: <${opts.messageId}>`,
    ...(opts.inReplyTo ? [`In-Reply-To: <${opts.inReplyTo}>`, `References: <${opts.inReplyTo}>`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...opts.body.split('\n'),
    '',
  ].join('\r\n');
}

/** Minutes in the shape the team keeps them (the seed's: `# date`, participants, housekeeping, topics). */
const minutesMarkdown = `# 2023-12-11

## Participants
* @fkr
* @garloff
* @FriederikeZelke
* @berendt

## Housekeeping
* Community call reporter: @berendt
* Minutes: @FriederikeZelke

## Agenda

### IaaS standards v3 (@garloff ~15 min)
* v3 requires local SSDs; one provider needs a few more weeks
* Decision: v2 stays valid until 2024-01-31
* AI @garloff: announce the v2 extension on the mailing list
* AI: check which images still ship without the v3 properties`;

/** Polls until `check` yields a value; fails with `what` after the deadline. */
async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const idOf = (m: MailboxMessage) => m.headers.get('message-id');

describeWithDovecot('the journey: agenda post to minutes digest, through the list', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot({ spareUsers: 12 });
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  describe.each(databaseKinds)('on %s', (kind) => {
    const reason = skipReason(kind);
    const cleanup: Array<() => Promise<void>> = [];
    afterEach(async () => {
      // Stop in the order `run` does: scheduler, worker, app, then the servers and the database.
      for (const step of cleanup.splice(0).reverse()) await step();
    });

    it.skipIf(reason)(
      'a member posts an agenda item, another assigns actions, the agenda and then the minutes reach every member',
      async () => {
        // The list, with listscribe subscribed like any member.
        const bot = await dovecot.addUser();
        const mailbox = {} as Record<Handle, DovecotUser>;
        for (const handle of Object.keys(members) as Handle[]) mailbox[handle] = await dovecot.addUser();
        const list = await startMailingList({
          dovecot,
          listAddress: LIST,
          subscribers: [
            { address: OWN, user: bot.user },
            ...(Object.keys(members) as Handle[]).map((h) => ({
              address: members[h].address,
              user: mailbox[h].user,
            })),
          ],
        });
        cleanup.push(() => list.close());
        const handle: DatabaseHandle = await freshDatabase(kind);
        cleanup.push(() => handle.close());
        const dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-journey-'));
        cleanup.push(() => rm(dir, { recursive: true, force: true }));
        const configFile = path.join(dir, 'listscribe.yaml');
        await writeFile(configFile, configYaml({ dataDir: path.join(dir, 'data'), dovecot, bot, list }));

        // `listscribe run`, with the test's clock: Friday before the meeting of Mon 11 Dec.
        const clock = fixedClock('2023-12-08T08:00:00Z');
        const app: App = await openApp({
          configFile,
          env: { JOURNEY_IMAP_PASSWORD: bot.pass },
          cwd: dir,
          requireSecrets: true,
          clock,
          database: handle,
        });
        cleanup.push(() => app.close());
        const worker: Worker = await createIngestWorker(app);
        const scheduler: Scheduler = createScheduler({
          everySeconds: app.config.schedulerSeconds,
          tick: () => schedulerTick(app.digestDeps()),
          logger: app.logger,
        });
        await worker.start();
        cleanup.push(() => worker.stop());
        await scheduler.start();
        cleanup.push(() => scheduler.stop());

        const smtp = nodemailer.createTransport({ host: list.host, port: list.smtpPort, ignoreTLS: true });
        cleanup.push(async () => smtp.close());
        const postToList = async (from: Handle, raw: string) => {
          await smtp.sendMail({ envelope: { from: members[from].address, to: [LIST] }, raw });
        };
        const stored = (messageId: string) =>
          eventually(`listscribe stores <${messageId}>`, async () => {
            const [row] = await handle.db
              .select({ outcome: messages.outcome, reason: messages.reason, notes: messages.notes })
              .from(messages)
              .where(and(eq(messages.team, 'iaas'), eq(messages.messageId, messageId)));
            return row;
          });
        /**
         * Wakes the scheduler until the digest is sent. A pass that was already running when
         * the clock moved still saw the old time, so one wake-up is not always enough.
         */
        const sendDue = (messageId: string) =>
          eventually(`the scheduler sends <${messageId}>`, async () => {
            await scheduler.tick();
            const [row] = await handle.db
              .select({ status: digests.status, lastError: digests.lastError })
              .from(digests)
              .where(eq(digests.messageId, messageId));
            if (row?.status === 'failed') throw new Error(`digest failed: ${row.lastError}`);
            return row?.status === 'sent';
          });
        /** The digest as it sits in a member's mailbox: raw headers, and parsed as a mail client would. */
        const readDigest = async (
          member: Handle,
          messageId: string,
        ): Promise<{ headers: Map<string, string>; mail: ParsedMail }> => {
          const got = await waitForMessage(
            dovecot,
            mailbox[member].user,
            (m) => idOf(m) === `<${messageId}>`,
            DEADLINE_MS,
          );
          return { headers: got.headers, mail: await simpleParser(got.raw) };
        };

        // 1. Kurt proposes a topic for the next meeting.
        await postToList(
          'garloff',
          post('garloff', {
            subject: '[scs-tech] [agenda] IaaS standards v3 (15 min)',
            messageId: 'v3-agenda@mail.garloff.example',
            date: 'Fri, 08 Dec 2023 09:12:00 +0100',
            body: 'v3 is close to done, but one provider cannot offer local SSDs yet.\nLet us agree on a timeline.\n\nKurt',
          }),
        );
        // 2. Felix answers in the thread and hands out work.
        await postToList(
          'fkr',
          post('fkr', {
            subject: 'Re: [scs-tech] [agenda] IaaS standards v3 (15 min)',
            messageId: 'v3-reply@mail.fkr.example',
            date: 'Fri, 08 Dec 2023 10:40:00 +0100',
            inReplyTo: 'v3-agenda@mail.garloff.example',
            body: [
              'Good idea, we need this settled before R6.',
              '',
              'AI @fkr, @garloff: write down the v3 timeline by 2023-12-15',
              '',
              'Felix',
              '',
              'On Fri, 8 Dec 2023 at 09:12, Kurt Garloff wrote:',
              '> v3 is close to done, but one provider cannot offer local SSDs yet.',
              '> AI @fkr: this quoted line must not become an action item',
            ].join('\n'),
          }),
        );
        // 3. Christian proposes a topic, then moves it a week on in its own thread.
        await postToList(
          'berendt',
          post('berendt', {
            subject: '[scs-tech] [agenda] Monitoring standards (10 min)',
            messageId: 'monitoring-agenda@mail.berendt.example',
            date: 'Fri, 08 Dec 2023 11:00:00 +0100',
            body: 'A first look at what a monitoring standard could cover.\n\nChristian',
          }),
        );
        await postToList(
          'berendt',
          post('berendt', {
            subject: 'Re: [scs-tech] [agenda] Monitoring standards (10 min)',
            messageId: 'monitoring-move@mail.berendt.example',
            date: 'Fri, 08 Dec 2023 11:30:00 +0100',
            inReplyTo: 'monitoring-agenda@mail.berendt.example',
            body: 'move to next meeting\n\nChristian',
          }),
        );

        // listscribe read all four over IMAP (IDLE) and acted on each.
        for (const id of [
          'v3-agenda@mail.garloff.example',
          'v3-reply@mail.fkr.example',
          'monitoring-agenda@mail.berendt.example',
        ]) {
          expect({ id, outcome: (await stored(id)).outcome }).toEqual({ id, outcome: 'recorded' });
        }
        // `run` knows the schedule, so "move to next meeting" finds one.
        const moved = await stored('monitoring-move@mail.berendt.example');
        expect(moved.outcome).toBe('recorded');
        expect(moved.notes.filter((note) => note.startsWith('cannot move'))).toEqual([]);

        // 4. Sunday 15:06 CET, the agenda is due (24 h before 15:05 Monday).
        clock.set('2023-12-10T14:06:00Z');
        await sendDue(agendaId);
        const { headers: agendaHeaders, mail: agenda } = await readDigest('fkr', agendaId);
        expect(agenda.subject).toBe('[agenda] Team IaaS — Mon 11 Dec 2023, 15:05 CET');
        expect(agenda.from?.value).toEqual([{ name: 'listscribe for Team IaaS', address: OWN }]);
        expect(agendaHeaders.get('list-id')).toBe('<scs-tech.lists.example.org>');
        expect(agendaHeaders.get('auto-submitted')).toBe('auto-generated');
        expect(agendaHeaders.get('x-listscribe')).toBe('agenda; team=iaas');
        const agendaText = agenda.text ?? '';
        expect(agendaText).toContain(
          'Monday 11 December 2023\n15:05–15:55 CET (14:05–14:55 UTC, Europe/Berlin)',
        );
        expect(agendaText).toContain('Minutes: @FriederikeZelke   Community-call report: @berendt');
        // The item, with its start on the running clock, owner and time box.
        expect(agendaText).toContain('Agenda (15 of 50 min planned)');
        expect(agendaText).toMatch(/^ {2}15:05 {2}1\. +IaaS standards v3 \.+ @garloff +15 min$/m);
        // The moved item waits for 18 Dec.
        expect(section(agendaText, 'Agenda (')).not.toContain('Monitoring standards');
        // The open action item, under each of its owners, with its due date; nothing from the quote.
        expect(agendaText).toContain('Open action items (1)');
        const actions = section(agendaText, 'Open action items');
        expect(actions).toMatch(
          /^ {2}@fkr\n {4}A-1 +write down the v3 timeline \(with @garloff\) \.+ due 15 Dec$/m,
        );
        expect(actions).toMatch(
          /^ {2}@garloff\n {4}A-1 +write down the v3 timeline \(with @fkr\) \.+ due 15 Dec$/m,
        );
        expect(actions).not.toContain('this quoted line');
        // The week's threads, and the invitation.
        expect(agendaText).toMatch(/IaaS standards v3 \(15 min\) — @garloff @fkr \.+ 2 messages, last Fri/);
        expect(agenda.attachments.map((a) => [a.filename, a.contentType])).toEqual([
          ['invite.ics', 'text/calendar'],
        ]);
        const invite = agenda.attachments[0]!.content.toString('utf8');
        expect(invite).toContain('DTSTART:20231211T140500Z');
        // The HTML part says the same, escaped.
        expect(agenda.html).toContain('IaaS standards v3');
        expect(agenda.html).toContain('@garloff');

        // The copy the list sends back to listscribe is recognised as its own and not acted on.
        const echo = await stored(agendaId);
        expect([echo.outcome, echo.reason]).toEqual(['skipped', 'own-message']);

        // 5. After the meeting, the minute-taker answers the agenda with the minutes.
        clock.set('2023-12-11T15:40:00Z');
        await postToList(
          'FriederikeZelke',
          post('FriederikeZelke', {
            subject: 'Re: [scs-tech] [minutes] Team IaaS 2023-12-11',
            messageId: 'minutes-20231211@mail.zelke.example',
            date: 'Mon, 11 Dec 2023 16:35:00 +0100',
            inReplyTo: agendaId,
            body: minutesMarkdown,
          }),
        );
        expect((await stored('minutes-20231211@mail.zelke.example')).outcome).toBe('recorded');

        // 6. Two hours after the meeting's end (15:55 CET) the minutes are due.
        clock.set('2023-12-11T17:00:00Z');
        await sendDue(minutesId);
        const { headers: minutesHeaders, mail: minutes } = await readDigest('garloff', minutesId);
        expect(minutes.subject).toBe('[minutes] Team IaaS — Mon 11 Dec 2023');
        expect(minutes.inReplyTo).toBe(`<${agendaId}>`);
        expect(minutes.references).toEqual(`<${agendaId}>`);
        expect(minutesHeaders.get('x-listscribe')).toBe('minutes; team=iaas');
        const minutesText = minutes.text ?? '';
        expect(minutesText).toContain('Taken by @FriederikeZelke');
        expect(minutesText).toContain('Participants (4): @fkr @garloff @FriederikeZelke @berendt');
        expect(section(minutesText, 'Decisions')).toContain(
          '  - v2 stays valid until 2024-01-31 (IaaS standards v3)',
        );
        const byPerson = section(minutesText, 'Action items by person (open)');
        expect(byPerson).toMatch(/^ {2}@fkr +A-1$/m);
        expect(byPerson).toMatch(/^ {2}@garloff +A-1, A-2$/m);
        expect(byPerson).toMatch(/^ {2}unassigned +A-3$/m);
        expect(section(minutesText, 'New action items')).toMatch(
          /A-2 +@garloff: announce the v2 extension on the mailing list/,
        );
        expect(minutesText).toMatch(/Next meeting: Mon 18 Dec 2023, 15:05 CET\nMinutes: @garloff/);
        // The minutes as Markdown for the team's repository: attached, and written to the minutes folder.
        const markdown = minutes.attachments.find((a) => a.filename === '20231211.md');
        expect(markdown?.contentType).toBe('text/markdown');
        const file = markdown!.content.toString('utf8');
        expect(file).toMatch(/^# 2023-12-11\n/);
        expect(file).toContain('### IaaS standards v3 (@garloff ~15 min)');
        expect(file).toContain('AI @garloff: announce the v2 extension on the mailing list');
        expect(await readFile(path.join(dir, 'data', 'minutes', 'iaas', '20231211.md'), 'utf8')).toBe(file);

        // Exactly once: more wake-ups send nothing more; each member holds one of each digest.
        await scheduler.tick();
        await scheduler.tick();
        for (const member of Object.keys(members) as Handle[]) {
          const ids = (await listMailbox(dovecot, mailbox[member].user)).map(idOf);
          expect(
            ids.filter((id) => id === `<${agendaId}>`),
            member,
          ).toHaveLength(1);
          expect(
            ids.filter((id) => id === `<${minutesId}>`),
            member,
          ).toHaveLength(1);
        }
        expect(list.received.filter((r) => r.envelope.mailFrom === OWN)).toHaveLength(2);
      },
      // Starts a database, an IMAP session and a list; on a loaded machine that alone takes seconds.
      120_000,
    );
  });
});

/** The lines of a digest section: from its heading to the next blank line. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`no section "${heading}" in:\n${text}`);
  const end = text.indexOf('\n\n', start + 1);
  return text.slice(start + 1, end < 0 ? undefined : end);
}
