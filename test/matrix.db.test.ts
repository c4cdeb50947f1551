import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app/app.js';
import { statusCommand } from '../src/cli/status.command.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { createMatrixPoster } from '../src/delivery/matrix.client.js';
import { SendError } from '../src/delivery/sender.types.js';
import { type DigestDeps, schedulerTick } from '../src/digests/digests.usecases.js';
import { createMatrixPostsRepository } from '../src/digests/matrix-posts.repository.js';
import { matrixPosts } from '../src/digests/matrix-posts.tables.js';
import { type MatrixDeps, postDueMatrix } from '../src/digests/matrix-posts.usecases.js';
import { createDigestRenderer, DigestTemplateError } from '../src/digests/render.js';
import { teamScheduleOf } from '../src/meetings/meeting-plan.js';
import { digests } from '../src/meetings/meetings.tables.js';
import { syncTeams } from '../src/records/teams.usecases.js';
import { fixedClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';
import { iaasPlan, iaasTeam, ingestExampleInbox, recordingSender } from './support/iaas-team.js';
import { type MatrixHomeserver, startMatrixHomeserver } from './support/matrix-homeserver.js';

const TOKEN = 'syt_bGlzdHNjcmliZQ_matrixDbTest_4d5e6f';
const ROOM = '!iaas:example.org';
const AGENDA_ID = 'listscribe.agenda.iaas.weekly.2023-12-11@example.org';
const plans = new Map([['iaas', [iaasPlan]]]);

describe.each(databaseKinds)('digests to Matrix on %s', (kind) => {
  const reason = skipReason(kind);
  let handle: DatabaseHandle;
  let hs: MatrixHomeserver;
  let minutesDir: string;
  const clock = fixedClock('2023-12-01T00:00:00Z');

  const digestDeps = (workerId: string, sender = recordingSender(), room = ROOM): DigestDeps => ({
    db: handle.db,
    clock,
    logger: silentLogger,
    teams: [iaasTeam],
    plans,
    schedule: teamScheduleOf(plans),
    renderer: createDigestRenderer({}),
    sender,
    workerId,
    minutesDir,
    archiveUrls: new Map(),
    matrixRooms: new Map([['iaas', room]]),
  });
  const matrixDeps = (workerId: string, room = ROOM, url = hs.url): MatrixDeps => ({
    db: handle.db,
    clock,
    logger: silentLogger,
    workerId,
    posters: new Map([
      [
        'iaas',
        createMatrixPoster({
          homeserverUrl: url,
          accessToken: TOKEN,
          room,
          timeoutMs: 2_000,
          msgtype: 'm.notice',
        }),
      ],
    ]),
  });
  const postRow = async () => {
    const rows = await handle.db.select().from(matrixPosts);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  beforeEach(async () => {
    if (reason) return;
    handle = await freshDatabase(kind);
    hs = await startMatrixHomeserver({
      accessToken: TOKEN,
      rooms: { [ROOM]: { alias: '#iaas:example.org' }, '!elsewhere:example.org': {} },
    });
    minutesDir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-minutes-'));
    await syncTeams(handle.db, [iaasTeam]);
    await ingestExampleInbox(handle.db, iaasTeam, clock);
    clock.set('2023-12-10T14:10:00Z'); // the agenda of Mon 11 Dec is due at 14:05 UTC the day before
  });
  afterEach(async () => {
    if (reason) return;
    await hs.close();
    await handle.close();
  });

  it.skipIf(reason)(
    'posts the mailed digest to the room once, however many workers race and repeat',
    async () => {
      const sender = recordingSender();
      await Promise.all(['a', 'b', 'c'].map((w) => schedulerTick(digestDeps(w, sender))));
      expect(sender.sent.map((s) => s.messageId)).toEqual([AGENDA_ID]);

      const reports = await Promise.all(['a', 'b', 'c'].map((w) => postDueMatrix(matrixDeps(w))));
      await Promise.all(['a', 'b', 'c'].map((w) => postDueMatrix(matrixDeps(w))));
      expect(reports.reduce((n, r) => n + r.posted, 0)).toBe(1);
      expect(hs.events).toHaveLength(1);
      const event = hs.events[0]!;
      expect(event).toMatchObject({ roomId: ROOM, txnId: AGENDA_ID, eventType: 'm.room.message' });
      expect(event.content.msgtype).toBe('m.notice');
      expect(event.content.body).toMatch(/^\[agenda\] Team IaaS — Mon 11 Dec 2023, 15:05 CET\n/);
      expect(event.content.body).toContain('SCS lab cabling status');
      expect(event.content.formatted_body).toContain(
        '<h4>[agenda] Team IaaS — Mon 11 Dec 2023, 15:05 CET</h4>',
      );
      const row = await postRow();
      expect([row.status, row.eventId, row.attempts, row.txnId]).toEqual([
        'sent',
        event.eventId,
        1,
        AGENDA_ID,
      ]);
    },
  );

  it.skipIf(reason)(
    'a worker that posted and died before marking is repeated after its lease, and the room still gets one message',
    async () => {
      await schedulerTick(digestDeps('a'));
      await postDueMatrix(matrixDeps('a'));
      const first = await postRow();
      // Worker A's mark is lost: the row looks claimed by it, with a lease that runs out.
      await handle.db
        .update(matrixPosts)
        .set({
          status: 'sending',
          claimedBy: 'a',
          eventId: null,
          leaseUntil: new Date(clock.now().getTime() + 60_000),
        })
        .where(eq(matrixPosts.id, first.id));
      expect((await postDueMatrix(matrixDeps('b'))).posted).toBe(0); // the lease still runs
      clock.advance(61_000);
      expect((await postDueMatrix(matrixDeps('b'))).posted).toBe(1);

      const puts = hs.requests.filter((r) => r.method === 'PUT');
      expect(puts).toHaveLength(2);
      expect(puts[0]!.path).toBe(puts[1]!.path); // the same txn id both times
      expect(hs.events).toHaveLength(1);
      const after = await postRow();
      expect([after.status, after.claimedBy, after.eventId]).toEqual(['sent', 'b', first.eventId]);
    },
  );

  it.skipIf(reason)('retries a homeserver 500 with backoff, then posts', async () => {
    await schedulerTick(digestDeps('w'));
    hs.failNext(1, { status: 500, body: { errcode: 'M_UNKNOWN', error: 'Internal server error' } });
    expect(await postDueMatrix(matrixDeps('w'))).toMatchObject({ posted: 0, retried: 1 });
    const retry = await postRow();
    expect([retry.status, retry.errorCode, retry.attempts]).toEqual(['retry', 'M_UNKNOWN', 1]);
    expect(retry.lastError).toContain('500');
    expect(retry.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 30_000);

    expect(await postDueMatrix(matrixDeps('w'))).toMatchObject({ posted: 0 }); // not before the backoff
    clock.advance(30_000);
    expect(await postDueMatrix(matrixDeps('w'))).toMatchObject({ posted: 1 });
    const sent = await postRow();
    expect([sent.status, sent.attempts, sent.errorCode, sent.lastError]).toEqual(['sent', 2, null, null]);
    expect(hs.events).toHaveLength(1);
  });

  it.skipIf(reason)('a 403 (a room the user has not joined) is a failure that status shows', async () => {
    const unjoined = '!notjoined:example.org';
    await schedulerTick(digestDeps('w', recordingSender(), unjoined));
    expect(await postDueMatrix(matrixDeps('w', unjoined))).toMatchObject({ failed: 1, retried: 0 });
    const row = await postRow();
    expect([row.status, row.errorCode, row.room]).toEqual(['failed', 'M_FORBIDDEN', unjoined]);
    expect(hs.events).toHaveLength(0);
    clock.advance(3_600_000);
    expect(await postDueMatrix(matrixDeps('w', unjoined))).toMatchObject({ posted: 0, failed: 0 });

    const lines: string[] = [];
    const app = {
      db: handle,
      configFile: 'listscribe.yaml',
      isExample: false,
      teams: [iaasTeam],
    } as unknown as App;
    await statusCommand(app, {}, (line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toContain('matrix posts (latest first)');
    expect(text).toMatch(/iaas 2023-12-11 agenda\s+failed .*!notjoined:example\.org.*M_FORBIDDEN/);
    const json: string[] = [];
    await statusCommand(app, { json: true }, (line) => json.push(line));
    expect(JSON.parse(json.join('\n')).matrix[0]).toMatchObject({
      status: 'failed',
      errorCode: 'M_FORBIDDEN',
    });
  });

  it.skipIf(reason)(
    'mail goes out while the homeserver is down, and the post follows when it is back',
    async () => {
      const sender = recordingSender();
      const down = 'http://127.0.0.1:9'; // discard port: nothing listens, the connection is refused
      expect(await schedulerTick(digestDeps('w', sender))).toMatchObject({ sent: 1 });
      expect(sender.sent).toHaveLength(1);
      expect(await postDueMatrix(matrixDeps('w', ROOM, down))).toMatchObject({ retried: 1 });
      expect((await postRow()).errorCode).toBe('MATRIX_NETWORK');
      const [digest] = await handle.db.select().from(digests).where(eq(digests.messageId, AGENDA_ID));
      expect(digest?.status).toBe('sent');

      clock.advance(30_000);
      expect(await postDueMatrix(matrixDeps('w'))).toMatchObject({ posted: 1 });
      expect(hs.events).toHaveLength(1);
    },
  );

  it.skipIf(reason)(
    'a post that could not be made while the digest was useful is marked missed',
    async () => {
      await schedulerTick(digestDeps('w'));
      hs.failNext(1, { status: 502, body: 'Bad Gateway' });
      expect(await postDueMatrix(matrixDeps('w'))).toMatchObject({ retried: 1 });
      clock.set('2023-12-11T14:06:00Z'); // the meeting has started: the agenda is no use any more
      expect(await postDueMatrix(matrixDeps('w'))).toMatchObject({ posted: 0, missed: 1 });
      expect((await postRow()).status).toBe('missed');
      expect(hs.events).toHaveLength(0);
      expect(await createMatrixPostsRepository(handle.db).recent(5)).toHaveLength(1);
    },
  );

  it.skipIf(reason)(
    'a digest the list refuses for good still goes to the room, once, and its mail failure stays visible',
    async () => {
      const sender = recordingSender();
      sender.failNext(new SendError('SMTP_550', '550 5.7.1 sender not allowed to post', false));
      expect(await schedulerTick(digestDeps('w', sender))).toMatchObject({ sent: 0, failed: 1 });
      expect(sender.sent).toHaveLength(0);
      const [digest] = await handle.db.select().from(digests).where(eq(digests.messageId, AGENDA_ID));
      expect([digest?.status, digest?.errorCode]).toEqual(['failed', 'SMTP_550']);
      expect(digest?.subject).toMatch(/^\[agenda\] Team IaaS/);

      expect(await postDueMatrix(matrixDeps('w'))).toMatchObject({ posted: 1 });
      await postDueMatrix(matrixDeps('w'));
      expect(hs.events).toHaveLength(1);
      expect(hs.events[0]!.txnId).toBe(AGENDA_ID);
      expect(hs.events[0]!.content.body).toContain('SCS lab cabling status');
      expect((await postRow()).status).toBe('sent');
      // The failure is still the digest's: the room got it, the list did not.
      const [after] = await handle.db.select().from(digests).where(eq(digests.messageId, AGENDA_ID));
      expect(after?.status).toBe('failed');
    },
  );

  it.skipIf(reason)('a digest that cannot even be rendered posts nothing', async () => {
    const fail = (): never => {
      throw new DigestTemplateError('agenda.html.hbs', '"{{#each" is not closed');
    };
    const broken = { ...digestDeps('w'), renderer: { agenda: fail, minutes: fail } };
    expect(await schedulerTick(broken)).toMatchObject({ failed: 1 });
    expect(await handle.db.select().from(matrixPosts)).toHaveLength(0);
  });

  it.skipIf(reason)('a team without a room gets mail only', async () => {
    const sender = recordingSender();
    await schedulerTick({ ...digestDeps('w', sender), matrixRooms: new Map() });
    expect(sender.sent).toHaveLength(1);
    expect(await handle.db.select().from(matrixPosts)).toHaveLength(0);
  });
});
