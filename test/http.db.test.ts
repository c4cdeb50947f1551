import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import { createDigestsRepository } from '../src/digests/digests.repository.js';
import { buildDigest, schedulerTick } from '../src/digests/digests.usecases.js';
import { createMatrixPostsRepository } from '../src/digests/matrix-posts.repository.js';
import type { SourceState } from '../src/http/health.usecases.js';
import { startListscribeHttp } from '../src/http/http.app.js';
import type { HttpServer } from '../src/http/http.server.js';
import { ingestMessages } from '../src/ingest/ingest.usecases.js';
import { createMeetingsRepository } from '../src/meetings/meetings.repository.js';
import { digests } from '../src/meetings/meetings.tables.js';
import { createMessagesRepository } from '../src/messages/messages.repository.js';
import { fixedClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { databaseKinds, freshDatabase, skipReason } from './support/databases.js';
import { exampleDigestDeps, exampleTeam, recordingSender, seedExampleInbox } from './support/example-team.js';

/** A message to the list, as a member's client would send it. */
function listMail(opts: { id: string; from: string; subject: string; date: string; body?: string }): Buffer {
  return Buffer.from(
    [
      `From: ${opts.from}`,
      `To: ${exampleTeam.list}`,
      `Subject: ${opts.subject}`,
      `Date: ${opts.date}`,
      `Message-ID: <${opts.id}>`,
      'List-Id: <scs-tech.lists.example.org>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      opts.body ?? 'See subject.',
      '',
    ].join('\r\n'),
  );
}

describe.each(databaseKinds)('HTTP server and archive on %s', (kind) => {
  const reason = skipReason(kind);
  const clock = fixedClock('2023-12-01T00:00:00Z');
  let handle: DatabaseHandle;
  let server: HttpServer;
  let source: SourceState;

  const get = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
  const page = async (path: string) => {
    const response = await get(path);
    expect(response.status, path).toBe(200);
    return response.text();
  };
  const start = (db = handle) =>
    startListscribeHttp({
      host: '127.0.0.1',
      port: 0,
      archive: exampleDigestDeps(db.db, clock),
      databaseKind: kind,
      source: { kind: 'imap', state: () => source },
      logger: silentLogger,
      healthTimeoutMs: 5_000,
    });

  /** A fresh database with the example inbox, after the scheduler mailed the minutes of 4 Dec and the agenda of 11 Dec. */
  const seeded = async (): Promise<DatabaseHandle> => {
    const db = await freshDatabase(kind);
    clock.set('2023-12-01T00:00:00Z');
    await seedExampleInbox(db.db, clock);
    const deps = exampleDigestDeps(db.db, clock, recordingSender());
    clock.set('2023-12-04T17:00:00Z');
    await schedulerTick(deps);
    clock.set('2023-12-10T14:10:00Z');
    await schedulerTick(deps);
    clock.set('2023-12-10T15:00:00Z');
    return db;
  };

  // The pages only read: the tests share one seeded database; the one test that writes has its own.
  beforeAll(async () => {
    if (reason) return;
    handle = await seeded();
    server = await start();
  });
  afterAll(async () => {
    if (reason) return;
    await server.close();
    await handle.close();
  });
  beforeEach(() => {
    clock.set('2023-12-10T15:00:00Z');
    source = {
      source: 'imap listscribe@example.org@imap.example.org/INBOX',
      connected: true,
      lastSyncAt: new Date('2023-12-10T14:59:58Z'),
      lastError: null,
    };
  });

  it.skipIf(reason)('the index lists each team with its meetings, past and upcoming, linked', async () => {
    const response = await get('/');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const body = await response.text();
    expect(body).toContain('<a href="teams/iaas/">Team IaaS</a>');
    expect(body).toContain('href="teams/iaas/weekly/2023-12-11/agenda"');
    expect(body).toContain('href="teams/iaas/weekly/2023-12-04/agenda"');
    expect(body).toContain('href="teams/iaas/weekly/2023-12-04/minutes"');
    expect(body).toContain('href="teams/iaas/weekly/2023-12-04/minutes.md"');
    // The meeting of 11 Dec has not been held: no minutes link yet.
    expect(body).not.toContain('2023-12-11/minutes');

    const team = await page('/teams/iaas/');
    const [upcoming, past] = team.split('<h2>Past meetings</h2>');
    expect(upcoming).toContain('weekly/2023-12-11/agenda');
    expect(upcoming).toContain('weekly/2023-12-18/agenda');
    expect(past).toContain('weekly/2023-12-04/minutes');
    expect(past).not.toContain('2023-12-11');
    expect(team).toContain('href="meetings.ics"');
  });

  it.skipIf(reason)('redirects a folder page asked for without its slash', async () => {
    const response = await get('/teams/iaas?x=1', { redirect: 'manual' });
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe('iaas/?x=1');
  });

  it.skipIf(reason)('an agenda page is the digest as mailed, not as the records stand later', async () => {
    const own = await seeded();
    const ownServer = await start(own);
    try {
      await agendaAsMailed(own, ownServer);
    } finally {
      await ownServer.close();
      await own.close();
    }
  });

  async function agendaAsMailed(own: DatabaseHandle, ownServer: HttpServer): Promise<void> {
    const ownPage = async (path: string) => {
      const response = await fetch(`${ownServer.url}${path}`);
      expect(response.status, path).toBe(200);
      return response.text();
    };
    const meeting = (await createMeetingsRepository(own.db).onDate('iaas', '2023-12-11'))!;
    const sent = (await createDigestsRepository(own.db).forMeeting(meeting.id, 'agenda'))!;
    expect(sent.status).toBe('sent');

    const hostile = '<img src=x onerror=alert(1)> & "more"';
    clock.set('2023-12-10T15:30:00Z');
    await ingestMessages({ db: own.db, teams: [exampleTeam], clock, logger: silentLogger }, [
      {
        raw: listMail({
          id: 'late-item@example.org',
          from: 'Kurt Garloff <garloff@example.org>',
          subject: `[scs-tech] [agenda] ${hostile} (5 min)`,
          date: 'Sun, 10 Dec 2023 16:30:00 +0100',
        }),
        size: 400,
        origin: 'test',
      },
    ]);

    const agenda = await ownPage('/teams/iaas/weekly/2023-12-11/agenda');
    expect(agenda).toContain(sent.html!.slice(sent.html!.indexOf('<h1')));
    expect(agenda).toContain('As mailed to scs-tech@lists.example.org on Sun 10 Dec 2023, 15:10 CET.');
    for (const text of ['SCS lab cabling status', 'Monitoring standards', '@FriederikeZelke', '@berendt'])
      expect(agenda).toContain(text);
    expect(agenda).not.toContain('onerror');

    // The next meeting's agenda is not mailed yet: rendered now, with the late item carried over, escaped.
    const next = await ownPage('/teams/iaas/weekly/2023-12-18/agenda');
    expect(next).toContain('Not mailed yet: rendered from what the list recorded so far.');
    expect(next).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; &quot;more&quot;');
    expect(next).not.toContain('<img');
  }

  it.skipIf(reason)('serves the minutes page and the minutes Markdown of a meeting held', async () => {
    const minutes = await page('/teams/iaas/weekly/2023-12-04/minutes');
    expect(minutes).toContain('Minutes of Team IaaS Meeting');
    expect(minutes).toContain('As mailed to scs-tech@lists.example.org on Mon 4 Dec 2023, 18:00 CET.');
    expect(minutes).toContain('@matofeder');
    // The agenda of 4 Dec was never mailed (the service started after it was due).
    expect(await page('/teams/iaas/weekly/2023-12-04/agenda')).toContain(
      'This agenda was never mailed: rendered from the items still open now.',
    );

    const file = await get('/teams/iaas/weekly/2023-12-04/minutes.md');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="20231204.md"');
    const markdown = await file.text();
    expect(markdown.startsWith('# 2023-12-04\n')).toBe(true);
    expect(markdown).toContain('### IaaS standards v1 have expired (@garloff 15 min)');

    for (const path of [
      '/teams/iaas/weekly/2023-12-11/minutes',
      '/teams/iaas/weekly/2023-12-11/minutes.md',
    ]) {
      const early = await get(path);
      expect(early.status, path).toBe(404);
      expect(await early.text()).toContain('This meeting has not ended yet');
    }
  });

  it.skipIf(reason)('lists the open action items by person, unassigned last', async () => {
    const actions = await page('/teams/iaas/actions');
    expect(actions).toContain('Team IaaS: 2 open, as of 2023-12-10.');
    const garloff = actions.indexOf('>@garloff</td>');
    const unassigned = actions.indexOf('>unassigned</td>');
    expect(garloff).toBeGreaterThan(0);
    expect(unassigned).toBeGreaterThan(garloff);
    expect(actions.slice(garloff, unassigned)).toContain('escalate to the provider if v3 is not stable');
    expect(actions.slice(unassigned)).toContain('adjust the image standard for the lab');
    // A-1 was reported done on the list.
    expect(actions).not.toContain('write down the wanted outcomes');
  });

  it.skipIf(reason)('publishes the stored meetings as an iCalendar feed with the invite UIDs', async () => {
    const response = await get('/teams/iaas/meetings.ics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('max-age=300');
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const stored = await createMeetingsRepository(handle.db).between(
      'iaas',
      new Date('2000-01-01'),
      new Date('2100-01-01'),
    );
    expect(events.map((e) => e.uid)).toEqual(stored.map((m) => `iaas-weekly-${m.localDate}@listscribe`));
    const eleventh = events.find((e) => e.uid === 'iaas-weekly-2023-12-11@listscribe')!;
    expect(eleventh.startDate.toJSDate().toISOString()).toBe('2023-12-11T14:05:00.000Z');

    // The agenda mail's invite names the same event.
    const meeting = (await createMeetingsRepository(handle.db).onDate('iaas', '2023-12-11'))!;
    const digest = await buildDigest(exampleDigestDeps(handle.db, clock), 'agenda', meeting);
    expect(digest.attachments[0]!.content).toContain('UID:iaas-weekly-2023-12-11@listscribe');

    // An unchanged feed is not sent again.
    const again = await get('/teams/iaas/meetings.ics', {
      headers: { 'If-None-Match': response.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it.skipIf(reason)('is read-only: GET and HEAD, nothing else', async () => {
    const full = await get('/teams/iaas/');
    const head = await get('/teams/iaas/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(await full.text())));
    expect(head.headers.get('etag')).toBe(full.headers.get('etag'));
    expect(await head.text()).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const refused = await get('/', { method });
      expect(refused.status, method).toBe(405);
      expect(refused.headers.get('allow')).toBe('GET, HEAD');
    }
  });

  it.skipIf(reason)('answers unknown pages with a 404 page that links home', async () => {
    for (const [path, message, home] of [
      ['/nowhere', 'There is no page at this address.', './'],
      ['/teams/ops/', 'There is no team &quot;ops&quot; here.', '../../'],
      [
        '/teams/iaas/weekly/2023-12-12/agenda',
        'Team IaaS has no weekly meeting on 2023-12-12.',
        '../../../../',
      ],
      ['/teams/iaas/weekly/2023-12-11/agenda.html', 'There is no page at this address.', '../../../../'],
      ['/teams/%E0%A4%A/', 'There is no page at this address.', '../../'],
    ] as const) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = await response.text();
      expect(body, path).toContain(message);
      expect(body, path).toContain(`<a href="${home}">Back to the archive</a>`);
    }
  });

  it.skipIf(reason)('/healthz: 200 with the database and the IMAP connection up, 503 otherwise', async () => {
    const ok = await get('/healthz');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toEqual({
      status: 'ok',
      database: { ok: true, kind },
      source: {
        ok: true,
        kind: 'imap',
        name: source.source,
        connected: true,
        lastSyncAt: '2023-12-10T14:59:58.000Z',
        lastError: null,
      },
    });

    source = { ...source, connected: false, lastError: 'connect ECONNREFUSED 127.0.0.1:993' };
    const reconnecting = await get('/healthz');
    expect(reconnecting.status).toBe(503);
    expect(await reconnecting.json()).toMatchObject({
      status: 'unavailable',
      database: { ok: true },
      source: { ok: false, connected: false, lastError: 'connect ECONNREFUSED 127.0.0.1:993' },
    });

    // A database that is gone: the answer says so instead of hanging or failing.
    source = { ...source, connected: true, lastError: null };
    const other = await freshDatabase(kind);
    const otherServer = await start(other);
    await other.close();
    try {
      const down = await fetch(`${otherServer.url}/healthz`);
      expect(down.status).toBe(503);
      const report = (await down.json()) as { database: { ok: boolean; error?: { code: string } } };
      expect(report.database.ok).toBe(false);
      expect(report.database.error?.code).toMatch(/^[A-Z0-9_]+$/);
    } finally {
      await otherServer.close();
    }
  });

  it.skipIf(reason)(
    '/metrics: the database numbers every replica agrees on, and this IMAP connection',
    async () => {
      // A second server in the same process has its own registry: nothing is registered twice.
      const second = await start();
      try {
        for (const url of [server.url, second.url]) {
          const response = await fetch(`${url}/metrics`);
          expect(response.status).toBe(200);
          expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
          const samples = parseSamples(await response.text());
          for (const row of await createMessagesRepository(handle.db).countsByOutcome()) {
            expect(
              samples.get(`listscribe_messages{outcome="${row.outcome}",reason="${row.reason ?? ''}"}`),
            ).toBe(row.count);
          }
          expect(samples.get('listscribe_messages{outcome="recorded",reason=""}')).toBeGreaterThan(0);
          expect(samples.get('listscribe_digests{kind="agenda",status="sent"}')).toBe(1);
          expect(samples.get('listscribe_digests{kind="minutes",status="sent"}')).toBe(1);
          expect(samples.get('listscribe_imap_connected')).toBe(1);
          expect(samples.get('listscribe_database_up')).toBe(1);
          // Every message was stored at the clock's 2023-12-01T00:00:00Z.
          expect(samples.get('listscribe_last_ingest_timestamp_seconds')).toBe(1701388800);
          expect(samples.get('listscribe_source_last_sync_timestamp_seconds')).toBe(1702220398);
          expect(samples.has('process_cpu_seconds_total')).toBe(true);
        }
        source = { ...source, connected: false };
        const samples = parseSamples(await (await get('/metrics')).text());
        expect(samples.get('listscribe_imap_connected')).toBe(0);
      } finally {
        await second.close();
      }
    },
  );

  it.skipIf(reason)(
    '/metrics: the requests this process answered, by route and status, and Matrix posts from the database',
    async () => {
      const fresh = await start(); // a registry of its own: the counts below are this test's
      try {
        const at = (path: string, init: RequestInit = {}) => fetch(`${fresh.url}${path}`, init);
        for (const path of ['/', '/', '/no-such-page', '/teams/iaas'])
          await (await at(path, { redirect: 'manual' })).text();
        await (await at('/', { method: 'POST' })).text();
        const agenda = (await handle.db.select().from(digests)).find((d) => d.kind === 'agenda')!;
        await createMatrixPostsRepository(handle.db).plan({
          digestId: agenda.id,
          team: 'iaas',
          room: '!iaas:example.org',
          txnId: agenda.messageId,
          now: clock.now(),
          usefulUntil: agenda.usefulUntil,
        });
        const text = await (await at('/metrics')).text();
        const samples = parseSamples(text);
        expect(samples.get('listscribe_http_requests_total{route="index",status="200"}')).toBe(2);
        expect(samples.get('listscribe_http_requests_total{route="not-found",status="404"}')).toBe(1);
        expect(samples.get('listscribe_http_requests_total{route="redirect",status="308"}')).toBe(1);
        expect(samples.get('listscribe_http_requests_total{route="method-not-allowed",status="405"}')).toBe(
          1,
        );
        expect(samples.get('listscribe_http_request_duration_seconds_count{route="index"}')).toBe(2);
        expect(samples.get('listscribe_matrix_posts{status="pending"}')).toBe(1);
        expect(text).toContain('# TYPE listscribe_confirmations gauge');
      } finally {
        await fresh.close();
      }
    },
  );
});

/** Prometheus text format: "name{labels} value" lines, comments skipped. */
function parseSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}
