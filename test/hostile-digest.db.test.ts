import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import type { ComposedMail } from '../src/delivery/compose.js';
import type { MailSender } from '../src/delivery/sender.types.js';
import { type DigestDeps, meetingFor, sendNow } from '../src/digests/digests.usecases.js';
import { createDigestRenderer } from '../src/digests/render.js';
import type { TeamContext } from '../src/ingest/ingest.models.js';
import { ingestMessages } from '../src/ingest/ingest.usecases.js';
import { type MeetingPlan, teamScheduleOf } from '../src/meetings/meeting-plan.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { fixedClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';
import { injectionAttempt } from './support/hostile-mail.js';

const team: TeamContext = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.example.org',
  address: 'listscribe@example.org',
  people: [
    { handle: 'fkr', addresses: ['fkr@example.org'] },
    { handle: 'garloff', addresses: ['garloff@example.org'] },
  ],
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
  rotation: { minuteTaker: ['fkr'], reporter: ['garloff'], away: {} },
  agendaLeadHours: 24,
  minutesDelayHours: 2,
};
const plans = new Map([['iaas', [plan]]]);

/**
 * What a member's hostile subject, name and HTML become on the way out: the composed
 * agenda digest, bytes as they would go to the list.
 */
describe.each(databaseKinds)('hostile mail in the digest on %s', (kind) => {
  const reason = skipReason(kind);
  let handle: DatabaseHandle;
  const clock = fixedClock('2023-12-10T15:00:00Z');
  const sent: ComposedMail[] = [];
  const sender: MailSender = {
    kind: 'outbox',
    async send(mail) {
      sent.push(mail);
    },
    close: async () => {},
  };
  const deps = (): DigestDeps => ({
    db: handle.db,
    clock,
    logger: silentLogger,
    teams: [team],
    plans,
    schedule: teamScheduleOf(plans),
    renderer: createDigestRenderer({}),
    sender,
    workerId: 'test',
    minutesDir: null,
    archiveUrls: new Map(),
  });

  beforeEach(async () => {
    if (reason) return;
    handle = await freshDatabase(kind);
    await syncTeams(handle.db, [team]);
  });
  afterEach(async () => {
    if (!reason) await handle.close();
  });

  it.skipIf(reason)(
    'CR/LF smuggled in a subject or name never reaches a header; template syntax and markup stay inert',
    async () => {
      const attempt = injectionAttempt();
      const report = await ingestMessages({ db: handle.db, teams: [team], clock, logger: silentLogger }, [
        { raw: attempt.raw, size: attempt.raw.length, origin: 'hostile' },
      ]);
      expect(report.recorded).toBe(1);

      const meeting = await meetingFor(deps(), 'iaas', 'agenda', clock.now());
      const result = await sendNow(deps(), 'agenda', meeting!);
      expect(result.status).toBe('sent');
      const raw = sent[0]!.raw.toString('utf8');
      const head = raw.slice(0, raw.indexOf('\r\n\r\n'));

      // Exactly the headers we write, none that the subject or the name tried to add.
      expect(head).not.toMatch(/^(bcc|x-injected):/im);
      const parsed = await simpleParser(sent[0]!.raw);
      expect(parsed.headers.has('bcc')).toBe(false);
      expect(parsed.headers.has('x-injected')).toBe(false);
      expect(sent[0]!.envelope.to).toEqual(['scs-tech@lists.example.org']);

      // The title is there, on one line, with its braces and tags as plain characters.
      expect(parsed.text).toContain('Topic Bcc: victim@example.net');
      expect(parsed.text).toContain('X-Injected: yes {{team.name}}');
      expect(parsed.text).toContain('<script>alert(1)</script>');
      expect(parsed.text).toContain('check {{#each x}}');
      expect(parsed.text).not.toContain('Topic Team IaaS');
      const html = String(parsed.html);
      expect(html).toContain('{{team.name}} &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('check {{#each x}}');
      expect(html).not.toMatch(/<script/i);
      // The sender's HTML (markup, a tracking image) is not carried into the digest.
      expect(html).not.toContain('tracker.example');
      expect(html).not.toContain('<b>check</b>');
    },
  );
});
