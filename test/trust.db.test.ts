import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import type { IdentityVerifier } from '../src/identity/identity.verifier.js';
import { createIdentityVerifier } from '../src/identity/identity.verifier.js';
import type { TeamContext } from '../src/ingest/ingest.models.js';
import { type IncomingMessage, type IngestDeps, ingestMessages } from '../src/ingest/ingest.usecases.js';
import { addMember, memberSuggestions, removeMember } from '../src/members/members.usecases.js';
import { messages } from '../src/messages/messages.tables.js';
import { actionItems, agendaItems, decisions } from '../src/records/records.tables.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { createReviewRepository } from '../src/review/review.repository.js';
import { approveHeld, rejectHeld } from '../src/review/review.usecases.js';
import { fixedClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';
import {
  brokenCharsets,
  deepNesting,
  encodedWordBomb,
  headerFlood,
  hugeBase64Attachment,
  hugeBase64Text,
  injectionAttempt,
  partFlood,
} from './support/hostile-mail.js';

const team: TeamContext = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: 'scs-tech@lists.example.org',
  listId: 'scs-tech.lists.example.org',
  address: 'listscribe@example.org',
  people: [
    { handle: 'fkr', addresses: ['fkr@example.org'] },
    { handle: 'garloff', addresses: ['garloff@example.org'] },
  ],
};

let sequence = 0;
function mail(headers: Record<string, string>, body: string): IncomingMessage {
  sequence++;
  const head = Object.entries({
    From: 'Kurt Garloff <garloff@example.org>',
    To: 'scs-tech@lists.example.org',
    Date: 'Mon, 11 Dec 2023 10:00:00 +0100',
    'Message-ID': `<m${sequence}@example.org>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  const raw = Buffer.from(`${head}\r\n\r\n${body.replace(/\n/g, '\r\n')}`);
  return { raw, size: raw.length, origin: `test#${sequence}` };
}

const incoming = (raw: Buffer, origin: string): IncomingMessage => ({ raw, size: raw.length, origin });

describe.each(databaseKinds)('trust on %s', (kind) => {
  const reason = skipReason(kind);
  let handle: DatabaseHandle;
  const clock = fixedClock('2023-12-11T12:00:00Z');
  const deps = (overrides: Partial<IngestDeps> = {}): IngestDeps => ({
    db: handle.db,
    teams: [team],
    clock,
    logger: silentLogger,
    ...overrides,
  });
  const reviewDeps = () => ({ db: handle.db, clock, logger: silentLogger });
  const rowOf = async (messageId: string) =>
    (await handle.db.select().from(messages).where(eq(messages.messageId, messageId)))[0]!;

  beforeEach(async () => {
    if (reason) return;
    handle = await freshDatabase(kind);
    await syncTeams(handle.db, [team]);
  });
  afterEach(async () => {
    if (!reason) await handle.close();
  });

  describe('review of held commands', () => {
    const nonMemberAgenda = () =>
      mail(
        { From: 'Jonas Weber <jonas.weber@example.net>', Subject: '[agenda] Lab power budget (10 min)' },
        'We need to talk about the lab.\n\nAI @fkr: ask the data centre for the numbers\n',
      );

    it.skipIf(reason)(
      "approving applies the held understanding once, as a member's, and records who and when",
      async () => {
        const message = nonMemberAgenda();
        expect((await ingestMessages(deps(), [message])).needsReview).toBe(1);
        expect(await handle.db.select().from(agendaItems)).toHaveLength(0);

        const [held] = await createReviewRepository(handle.db).held({ limit: 10 });
        expect([held?.author, held?.reason]).toEqual(['jonas.weber@example.net', 'not-a-member']);

        clock.set('2023-12-12T08:00:00Z');
        const approved = await approveHeld(reviewDeps(), held!.id, 'operator-anna');
        expect(approved).toMatchObject({ result: 'approved', by: 'operator-anna', applied: 2 });
        const again = await approveHeld(reviewDeps(), held!.id, 'operator-ben');
        expect(again).toMatchObject({ result: 'unchanged', by: 'operator-anna' });

        const agenda = await handle.db.select().from(agendaItems);
        expect(agenda.map((a) => [a.title, a.owner, a.minutes])).toEqual([
          ['Lab power budget', 'jonas.weber@example.net', 10],
        ]);
        // Dated as the message was sent, not as it was approved.
        expect(agenda[0]!.createdAt.toISOString()).toBe('2023-12-11T09:00:00.000Z');
        expect(await handle.db.select().from(actionItems)).toHaveLength(1);

        const row = await rowOf(`m${sequence}@example.org`);
        expect([row.outcome, row.reason, row.reviewedBy]).toEqual(['recorded', 'approved', 'operator-anna']);
        expect(row.reviewedAt?.toISOString()).toBe('2023-12-12T08:00:00.000Z');
        expect(row.detail).toContain('not on the Team IaaS roster');
        expect(await createReviewRepository(handle.db).held({ limit: 10 })).toEqual([]);
      },
    );

    it.skipIf(reason)('approving twice at once applies once', async () => {
      await ingestMessages(deps(), [nonMemberAgenda()]);
      const [held] = await createReviewRepository(handle.db).held({ limit: 10 });
      const results = await Promise.all([
        approveHeld(reviewDeps(), held!.id, 'a'),
        approveHeld(reviewDeps(), held!.id, 'b'),
      ]);
      expect(results.map((r) => r.result).sort()).toEqual(['approved', 'unchanged']);
      expect(await handle.db.select().from(agendaItems)).toHaveLength(1);
      expect(await handle.db.select().from(actionItems)).toHaveLength(1);
    });

    it.skipIf(reason)(
      'rejecting keeps the message visible as skipped (rejected) and applies nothing',
      async () => {
        await ingestMessages(deps(), [nonMemberAgenda()]);
        const [held] = await createReviewRepository(handle.db).held({ limit: 10 });
        expect(await rejectHeld(reviewDeps(), held!.id, 'anna', 'vendor pitch')).toMatchObject({
          result: 'rejected',
        });
        expect(await rejectHeld(reviewDeps(), held!.id, 'anna', null)).toMatchObject({ result: 'unchanged' });
        const row = await rowOf(`m${sequence}@example.org`);
        expect([row.outcome, row.reason, row.reviewedBy]).toEqual(['skipped', 'rejected', 'anna']);
        expect(row.detail).toBe(
          'not-a-member: jonas.weber@example.net is not on the Team IaaS roster; rejected: vendor pitch',
        );
        expect(await handle.db.select().from(agendaItems)).toHaveLength(0);
      },
    );

    it.skipIf(reason)(
      'refuses to reject an approved message or to approve one that was never held',
      async () => {
        await ingestMessages(deps(), [
          nonMemberAgenda(),
          mail({ Subject: '[decision] v2 stays' }, 'As discussed.\n'),
        ]);
        const [held] = await createReviewRepository(handle.db).held({ limit: 10 });
        await approveHeld(reviewDeps(), held!.id, 'anna');
        await expect(rejectHeld(reviewDeps(), held!.id, 'ben', null)).rejects.toMatchObject({
          code: 'REVIEW_ALREADY_APPROVED',
        });
        const member = await rowOf(`m${sequence}@example.org`);
        await expect(approveHeld(reviewDeps(), member.id, 'anna')).rejects.toMatchObject({
          code: 'REVIEW_NOT_HELD',
        });
        await expect(approveHeld(reviewDeps(), 999_999, 'anna')).rejects.toMatchObject({
          code: 'REVIEW_NOT_FOUND',
        });
        expect(await handle.db.select().from(decisions)).toHaveLength(1);
      },
    );

    it.skipIf(reason)("holds a non-member's withdraw in a member's agenda thread", async () => {
      const proposal = mail({ Subject: '[agenda] SONiC status (15 min)' }, 'Please.\n');
      const rootId = `m${sequence}@example.org`;
      const withdraw = mail(
        {
          From: 'Mallory <mallory@evil.example>',
          Subject: 'Re: [agenda] SONiC status (15 min)',
          'In-Reply-To': `<${rootId}>`,
          References: `<${rootId}>`,
        },
        'withdrawn\n',
      );
      const report = await ingestMessages(deps(), [proposal, withdraw]);
      expect(report).toMatchObject({ recorded: 1, needsReview: 1 });
      const [item] = await handle.db.select().from(agendaItems);
      expect(item?.status).toBe('proposed');
    });
  });

  describe('members added from list traffic', () => {
    it.skipIf(reason)(
      'an added member acts from the next batch on; held mail from them is pointed out',
      async () => {
        const first = mail({ From: 'Jonas Weber <jonas.weber@example.net>' }, 'AI @fkr: book the room\n');
        await ingestMessages(deps(), [first]);
        const heldId = (await rowOf(`m${sequence}@example.org`)).id;

        const added = await addMember(handle.db, {
          team,
          address: 'Jonas.Weber@example.net',
          handle: 'jweber',
          name: 'Jonas Weber',
          by: 'anna',
          at: clock.now(),
        });
        expect(added).toEqual({ result: 'added', held: [heldId] });

        const second = mail(
          { From: 'Jonas Weber <jonas.weber@example.net>', Subject: '[agenda] Lab (5 min)' },
          '',
        );
        expect(await ingestMessages(deps(), [second])).toMatchObject({ recorded: 1, needsReview: 0 });
        const [item] = await handle.db.select().from(agendaItems);
        expect(item?.owner).toBe('jweber');
        expect((await rowOf(`m${sequence}@example.org`)).authorHandle).toBe('jweber');

        // Configuration still decides for the people it names.
        await syncTeams(handle.db, [team]);
        expect(
          await ingestMessages(deps(), [mail({ From: 'jonas.weber@example.net' }, 'A-1 done\n')]),
        ).toMatchObject({
          recorded: 1,
        });
      },
    );

    it.skipIf(reason)('refuses to change a configured person or to add an address twice', async () => {
      const add = (address: string, memberHandle: string) =>
        addMember(handle.db, {
          team,
          address,
          handle: memberHandle,
          name: null,
          by: 'anna',
          at: clock.now(),
        });
      await expect(add('fkr@private.example', 'fkr')).rejects.toMatchObject({ code: 'MEMBER_CONFIGURED' });
      await expect(add('garloff@example.org', 'kurt')).rejects.toMatchObject({ code: 'MEMBER_EXISTS' });
      expect(await add('jonas@example.net', 'jweber')).toMatchObject({ result: 'added' });
      expect(await add('jonas.weber@example.net', 'jweber')).toMatchObject({ result: 'extended' });
      await expect(add('JONAS@example.net', 'other')).rejects.toMatchObject({ code: 'MEMBER_EXISTS' });
      await expect(removeMember(handle.db, team, 'garloff')).rejects.toMatchObject({
        code: 'MEMBER_CONFIGURED',
      });
      await removeMember(handle.db, team, 'jweber');
      await expect(removeMember(handle.db, team, 'jweber')).rejects.toMatchObject({
        code: 'MEMBER_NOT_FOUND',
      });
    });

    it.skipIf(reason)('suggests frequent non-member senders, held commands first, never robots', async () => {
      await ingestMessages(deps(), [
        mail({ From: 'Jonas Weber <jonas.weber@example.net>' }, 'Hello.\n'),
        mail({ From: 'Jonas Weber <jonas.weber@example.net>' }, 'Again.\n'),
        mail({ From: 'Rita Lopez <rita@example.com>' }, 'AI @fkr: check the racks\n'),
        mail({ From: 'MAILER-DAEMON@example.org', Subject: 'Undelivered Mail' }, 'bounce\n'),
        mail({}, 'member mail\n'),
      ]);
      const suggestions = await memberSuggestions(handle.db, team, 10);
      expect(suggestions.map((s) => [s.address, s.handle, s.messages, s.held])).toEqual([
        ['rita@example.com', 'RitaLopez', 1, 1],
        ['jonas.weber@example.net', 'JonasWeber', 2, 0],
      ]);
    });
  });

  describe('commands come from new text, and count for whoever sent them', () => {
    it.skipIf(reason)('a quoted "AI @x:" and a quoted "A-1 done" do nothing', async () => {
      await ingestMessages(deps(), [mail({}, 'AI @fkr: write the summary\n')]);
      const [a1] = await handle.db.select().from(actionItems);
      expect(a1?.number).toBe(1);
      await ingestMessages(deps(), [
        mail(
          { From: 'Felix <fkr@example.org>', Subject: 'Re: summary' },
          'Sounds good to me.\n\nOn Mon, 11 Dec 2023, Kurt Garloff wrote:\n> AI @garloff: order the new switches\n> A-1 done\n',
        ),
      ]);
      const actions = await handle.db.select().from(actionItems);
      expect(actions.map((a) => [a.number, a.status])).toEqual([[1, 'open']]);
    });

    it.skipIf(reason)(
      "a member forwarding a non-member's [agenda] mail files it as the member's",
      async () => {
        const forward = mail(
          { From: 'Felix <fkr@example.org>', Subject: 'Fwd: [agenda] Vendor roadmap (10 min)' },
          'Worth a slot.\n\n---------- Forwarded message ---------\nFrom: Vendor <sales@vendor.example>\nSubject: [agenda] Vendor roadmap (10 min)\n\nAI @garloff: buy our product\n',
        );
        expect(await ingestMessages(deps(), [forward])).toMatchObject({ recorded: 1, needsReview: 0 });
        const agenda = await handle.db.select().from(agendaItems);
        expect(agenda.map((a) => [a.title, a.owner])).toEqual([['Vendor roadmap', 'fkr']]);
        // The forwarded body is quoted text: its action item is nobody's command.
        expect(await handle.db.select().from(actionItems)).toHaveLength(0);
      },
    );

    it.skipIf(reason)("a non-member forwarding a member's [agenda] mail is held", async () => {
      const forward = mail(
        { From: 'Mallory <mallory@evil.example>', Subject: 'Fwd: [agenda] Drop the lab (30 min)' },
        '---------- Forwarded message ---------\nFrom: Kurt Garloff <garloff@example.org>\nSubject: [agenda] Drop the lab (30 min)\n\nSee above.\n',
      );
      expect(await ingestMessages(deps(), [forward])).toMatchObject({ recorded: 0, needsReview: 1 });
      expect(await handle.db.select().from(agendaItems)).toHaveLength(0);
    });
  });

  describe('identity check of a team', () => {
    const strict: TeamContext = {
      ...team,
      identity: { dkim: false, arcSealers: [], authservId: 'mx.example.org' },
    };
    // Authentication-Results needs no DNS; a resolver that refuses keeps the test offline.
    const offline: IdentityVerifier = createIdentityVerifier({
      resolver: async (name) => {
        throw Object.assign(new Error(`no DNS in tests: ${name}`), { code: 'ENOTFOUND' });
      },
    });

    it.skipIf(reason)(
      "holds a member's command without proof, records it with proof, and lets discussion through",
      async () => {
        const report = await ingestMessages(deps({ teams: [strict], identity: offline }), [
          mail({ Subject: '[agenda] Unproven (5 min)' }, ''),
          mail(
            {
              'Authentication-Results':
                'mx.example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org',
              Subject: '[agenda] Proven (5 min)',
            },
            '',
          ),
          mail({ Subject: 'Re: lunch' }, 'Pizza?\n'),
        ]);
        expect(report).toMatchObject({ recorded: 2, needsReview: 1 });
        const rows = await handle.db.select().from(messages).orderBy(asc(messages.id));
        expect(rows.map((r) => [r.subject, r.outcome, r.reason])).toEqual([
          ['[agenda] Unproven (5 min)', 'needs-review', 'unverified-sender'],
          ['[agenda] Proven (5 min)', 'recorded', null],
          ['Re: lunch', 'recorded', null],
        ]);
        expect(rows[0]!.detail).toBe(
          'example.org not verified: no Authentication-Results from mx.example.org on top',
        );
        expect((await approveHeld(reviewDeps(), rows[0]!.id, 'anna')).result).toBe('approved');
        expect((await handle.db.select().from(agendaItems)).map((a) => a.owner)).toEqual([
          'garloff',
          'garloff',
        ]);
      },
    );
  });

  describe('hostile and broken mail', () => {
    it.skipIf(reason)(
      'gives every hostile message a stored outcome and goes on with the rest of the batch',
      async () => {
        const hostile = [
          deepNesting(400, 'deep@hostile.example'),
          partFlood(600, 'parts@hostile.example'),
          headerFlood(8_000, 60, 'headers@hostile.example'),
          encodedWordBomb(20_000, 'words@hostile.example'),
          encodedWordBomb(2_000, 'fewer-words@hostile.example'),
          hugeBase64Text(2_500_000, 'b64text@hostile.example'),
          hugeBase64Attachment(6_000_000, 'b64att@hostile.example'),
          brokenCharsets('charset@hostile.example'),
          injectionAttempt('inject@hostile.example'),
        ];
        const batch = [
          mail({ Subject: '[agenda] Before the storm (5 min)' }, ''),
          ...hostile.map((h, i) => incoming(h.raw, `hostile#${i}`)),
          mail({ Subject: '[decision] After the storm' }, ''),
        ];
        const report = await ingestMessages(deps(), batch);
        expect(report).toEqual({ recorded: 7, skipped: 4, failed: 0, needsReview: 0, duplicates: 0 });

        const rows = await handle.db
          .select({
            origin: messages.origin,
            outcome: messages.outcome,
            reason: messages.reason,
            detail: messages.detail,
            raw: messages.raw,
          })
          .from(messages)
          .where(eq(messages.outcome, 'skipped'))
          .orderBy(asc(messages.origin));
        expect(rows.map((r) => [r.origin, r.reason, r.detail?.split(':')[0], r.raw])).toEqual([
          ['hostile#0', 'over-limit', 'MIME_TOO_MANY_PARTS', null],
          ['hostile#1', 'over-limit', 'MIME_TOO_MANY_PARTS', null],
          ['hostile#2', 'over-limit', 'MIME_HEADER_TOO_LARGE', null],
          ['hostile#3', 'over-limit', 'MIME_HEADER_TOO_LARGE', null],
        ]);

        const agenda = (await handle.db.select().from(agendaItems)).map((a) => a.title);
        expect(agenda).toContain('Before the storm');
        expect(await handle.db.select().from(decisions)).toContainEqual(
          expect.objectContaining({ text: 'After the storm' }),
        );

        // Each has its outcome: the same batch again changes nothing.
        expect(await ingestMessages(deps(), batch)).toMatchObject({ duplicates: 11 });
      },
    );
  });
});
