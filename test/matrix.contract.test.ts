import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMatrixPoster, MatrixError, type MatrixOptions } from '../src/delivery/matrix.client.js';
import { matrixContent } from '../src/delivery/matrix-content.models.js';
import { type MatrixHomeserver, startMatrixHomeserver } from './support/matrix-homeserver.js';

const TOKEN = 'syt_bGlzdHNjcmliZQ_secretSecret_1a2b3c';
const ROOM = '!room:example.org';
const content = { body: 'Agenda\n\n1. Item', formattedBody: '<p><strong>Agenda</strong></p>' };

let hs: MatrixHomeserver;

beforeEach(async () => {
  hs = await startMatrixHomeserver({
    accessToken: TOKEN,
    rooms: { [ROOM]: { alias: '#iaas:example.org' }, '!other:example.org': {} },
  });
});

afterEach(async () => {
  await hs.close();
});

function poster(overrides: Partial<MatrixOptions> = {}) {
  return createMatrixPoster({
    homeserverUrl: hs.url,
    accessToken: TOKEN,
    room: ROOM,
    timeoutMs: 2_000,
    msgtype: 'm.notice',
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<MatrixError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MatrixError);
  return error as MatrixError;
}

function put(path: string, body: unknown, token: string | null = TOKEN): Promise<Response> {
  return fetch(`${hs.url}${path}`, {
    method: 'PUT',
    headers: token === null ? {} : { Authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('Matrix poster against the spec-checking homeserver', () => {
  it('posts an m.notice with the HTML format and returns the event id', async () => {
    const { eventId } = await poster().post('listscribe-agenda-iaas-2023-12-11', content);
    expect(hs.events).toHaveLength(1);
    expect(hs.events[0]).toMatchObject({
      roomId: ROOM,
      txnId: 'listscribe-agenda-iaas-2023-12-11',
      eventType: 'm.room.message',
      eventId,
      content: {
        msgtype: 'm.notice',
        body: content.body,
        format: 'org.matrix.custom.html',
        formatted_body: content.formattedBody,
      },
    });
    expect(eventId).toMatch(/^\$/);
  });

  it('sends the token only in the Authorization header, never in the query string', async () => {
    await poster({ room: '#iaas:example.org' }).post('t1', content);
    expect(hs.requests.length).toBe(2);
    for (const request of hs.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.path).not.toContain('access_token');
      expect(request.path).not.toContain(TOKEN);
    }
  });

  it('percent-encodes the room id and txn id as path segments', async () => {
    await poster().post('agenda/iaas/2023-12-11 #1?', content);
    expect(hs.requests[0]!.path).toBe(
      '/_matrix/client/v3/rooms/!room%3Aexample.org/send/m.room.message/agenda%2Fiaas%2F2023-12-11%20%231%3F',
    );
    expect(hs.events[0]).toMatchObject({ roomId: ROOM, txnId: 'agenda/iaas/2023-12-11 #1?' });
  });

  it('resolves an alias through the directory once and caches the room id', async () => {
    const p = poster({ room: '#iaas:example.org' });
    await p.post('t1', content);
    await p.post('t2', content);
    const lookups = hs.requests.filter((r) => r.method === 'GET');
    expect(lookups.map((r) => r.path)).toEqual(['/_matrix/client/v3/directory/room/%23iaas%3Aexample.org']);
    expect(hs.events.map((e) => e.roomId)).toEqual([ROOM, ROOM]);
  });

  it('retries an alias lookup that failed instead of caching the failure', async () => {
    const p = poster({ room: '#iaas:example.org' });
    hs.failNext(1, { status: 502, body: { errcode: 'M_UNKNOWN', error: 'bad gateway' } });
    expect((await failure(p.post('t1', content))).retryable).toBe(true);
    await p.post('t1', content);
    expect(hs.events).toHaveLength(1);
  });

  it('reports an unknown alias as M_NOT_FOUND, not retryable', async () => {
    const error = await failure(poster({ room: '#nope:example.org' }).post('t1', content));
    expect(error).toMatchObject({ code: 'M_NOT_FOUND', retryable: false, retryAfterMs: null });
  });

  it('posts once when a retry repeats the txn id, and gets the same event id back', async () => {
    const p = poster();
    const first = await p.post('digest-42', content);
    const again = await p.post('digest-42', content);
    expect(again.eventId).toBe(first.eventId);
    expect(hs.events).toHaveLength(1);
    expect(hs.requests).toHaveLength(2);
  });

  it('classifies 429 M_LIMIT_EXCEEDED as retryable with the delay the server asked for', async () => {
    hs.failNext(1, {
      status: 429,
      body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too many requests', retry_after_ms: 2_345 },
    });
    const error = await failure(poster().post('t1', content));
    expect(error).toMatchObject({ code: 'M_LIMIT_EXCEEDED', retryable: true, retryAfterMs: 2_345 });
  });

  it('takes the delay from a Retry-After header when the body has no retry_after_ms', async () => {
    hs.failNext(1, {
      status: 429,
      headers: { 'Retry-After': '3' },
      body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too many requests' },
    });
    expect((await failure(poster().post('t1', content))).retryAfterMs).toBe(3_000);
  });

  it('classifies a 500 as retryable, and the retry with the same txn id then posts', async () => {
    hs.failNext(1, { status: 500, body: { errcode: 'M_UNKNOWN', error: 'Internal server error' } });
    const p = poster();
    const error = await failure(p.post('t1', content));
    expect(error).toMatchObject({ code: 'M_UNKNOWN', retryable: true, retryAfterMs: null });
    await p.post('t1', content);
    expect(hs.events).toHaveLength(1);
  });

  it('classifies a 5xx without a Matrix body (a proxy page) by its status', async () => {
    hs.failNext(1, { status: 503, body: '<html>Service Unavailable</html>' });
    expect(await failure(poster().post('t1', content))).toMatchObject({ code: 'HTTP_503', retryable: true });
  });

  it('does not retry 403 M_FORBIDDEN for a room the user has not joined', async () => {
    const error = await failure(poster({ room: '!unjoined:example.org' }).post('t1', content));
    expect(error).toMatchObject({ code: 'M_FORBIDDEN', retryable: false });
    expect(error.message).not.toContain(TOKEN);
  });

  it('does not retry 401 M_UNKNOWN_TOKEN and keeps the token out of the message', async () => {
    const wrong = 'syt_wrong_token_zzz';
    const error = await failure(poster({ accessToken: wrong }).post('t1', content));
    expect(error).toMatchObject({ code: 'M_UNKNOWN_TOKEN', retryable: false });
    expect(error.message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
  });

  it('redacts the token even when the server echoes it in its error text', async () => {
    hs.failNext(1, { status: 401, body: { errcode: 'M_UNKNOWN_TOKEN', error: `token ${TOKEN} expired` } });
    const error = await failure(poster().post('t1', content));
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain('[redacted]');
  });

  it('classifies a request that outlives its timeout as retryable', async () => {
    hs.failNext(1, { status: 200, body: { event_id: '$late' }, delayMs: 1_000 });
    const error = await failure(poster({ timeoutMs: 100 }).post('t1', content));
    expect(error).toMatchObject({ code: 'MATRIX_TIMEOUT', retryable: true });
  });

  it('classifies a refused connection as retryable', async () => {
    const url = hs.url;
    await hs.close();
    const error = await failure(poster({ homeserverUrl: url }).post('t1', content));
    expect(error).toMatchObject({ code: 'MATRIX_NETWORK', retryable: true });
    expect(error.message).not.toContain(TOKEN);
    hs = await startMatrixHomeserver({ accessToken: TOKEN, rooms: {} });
  });

  it('delivers a real golden digest converted by matrixContent', async () => {
    const file = readFileSync(new URL('./golden/minutes-basic.txt', import.meta.url), 'utf8');
    const [first, ...rest] = file.split('\n\n');
    const converted = matrixContent(first!.replace(/^Subject: /, ''), rest.join('\n\n'));
    await poster().post('minutes-iaas-2023-12-11', converted);
    expect(hs.events[0]!.content.formatted_body).toBe(converted.formattedBody);
  });
});

describe('the spec-checking homeserver itself', () => {
  const send = `/_matrix/client/v3/rooms/${encodeURIComponent(ROOM)}/send/m.room.message`;

  it('refuses content that is not a JSON object with M_BAD_JSON, and invalid JSON with M_NOT_JSON', async () => {
    const array = await put(`${send}/a`, ['body']);
    expect(array.status).toBe(400);
    expect(await array.json()).toMatchObject({ errcode: 'M_BAD_JSON' });
    const broken = await put(`${send}/b`, '{"msgtype":');
    expect(await broken.json()).toMatchObject({ errcode: 'M_NOT_JSON' });
    expect(hs.events).toEqual([]);
  });

  it('refuses a message without body or msgtype, or with a format it cannot pair', async () => {
    const cases: unknown[] = [
      { msgtype: 'm.notice' },
      { body: 'x' },
      { msgtype: 'm.notice', body: 'x', format: 'org.matrix.custom.html' },
      { msgtype: 'm.notice', body: 'x', format: 'text/markdown', formatted_body: '*x*' },
      { msgtype: 'm.notice', body: 'x', formatted_body: '<b>x</b>' },
      {
        msgtype: 'm.notice',
        body: 'x',
        format: 'org.matrix.custom.html',
        formatted_body: '<script>x</script>',
      },
    ];
    for (const [i, body] of cases.entries()) {
      const response = await put(`${send}/bad-${i}`, body);
      expect({ i, status: response.status, body: await response.json() }).toMatchObject({
        i,
        status: 400,
        body: { errcode: 'M_BAD_JSON' },
      });
    }
    expect(hs.events).toEqual([]);
  });

  it('answers a missing token with 401 M_MISSING_TOKEN', async () => {
    const response = await put(`${send}/t`, { msgtype: 'm.text', body: 'x' }, null);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ errcode: 'M_MISSING_TOKEN' });
  });

  it('answers an unknown path with 404 and a wrong method with 405, both M_UNRECOGNIZED', async () => {
    const r0 = await put(`/_matrix/client/r0/rooms/${encodeURIComponent(ROOM)}/send/m.room.message/t`, {});
    expect(r0.status).toBe(404);
    expect(await r0.json()).toMatchObject({ errcode: 'M_UNRECOGNIZED' });
    const post = await fetch(`${hs.url}${send}/t`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ msgtype: 'm.text', body: 'x' }),
    });
    expect(post.status).toBe(405);
    expect(await post.json()).toMatchObject({ errcode: 'M_UNRECOGNIZED' });
  });

  it('does not find an alias sent unencoded (the "#" starts a URL fragment)', async () => {
    const response = await fetch(`${hs.url}/_matrix/client/v3/directory/room/#iaas:example.org`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errcode: 'M_UNRECOGNIZED' });
  });

  it('refuses an event larger than the 64 KiB limit with 413 M_TOO_LARGE', async () => {
    const response = await put(`${send}/big`, { msgtype: 'm.text', body: 'x'.repeat(70_000) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errcode: 'M_TOO_LARGE' });
  });
});
