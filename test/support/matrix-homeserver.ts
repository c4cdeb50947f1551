import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An in-process stand-in for a homeserver that answers the two client-server API
 * (v3) endpoints listscribe uses, and checks each request against the spec the way
 * Synapse would answer it. Stricter than a homeserver in one place: a
 * `formatted_body` with a tag outside the spec's recommended list is refused, so a
 * converter that leaks tags fails a test instead of being silently stripped by clients.
 */

export interface MatrixHomeserverOptions {
  accessToken: string;
  /** Rooms the token's user has joined, by room id, each with an optional alias. */
  rooms: Record<string, { alias?: string }>;
}

export interface RecordedRequest {
  method: string;
  /** The raw request target, percent-encoding and query string as sent. */
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface RecordedEvent {
  roomId: string;
  txnId: string;
  eventType: string;
  content: Record<string, unknown>;
  eventId: string;
}

export interface CannedResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Answer only after this long (to exercise client timeouts). */
  delayMs?: number;
}

export interface MatrixHomeserver {
  url: string;
  requests: RecordedRequest[];
  events: RecordedEvent[];
  /** The next `n` requests are recorded and answered with `response` instead of being served. */
  failNext(n: number, response: CannedResponse): void;
  close(): Promise<void>;
}

/** The spec's "strongly suggested" set of tags clients allow in org.matrix.custom.html. */
export const SPEC_HTML_TAGS = new Set([
  'font',
  'del',
  's',
  'strike',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'p',
  'a',
  'ul',
  'ol',
  'sup',
  'sub',
  'li',
  'b',
  'i',
  'u',
  'strong',
  'em',
  'code',
  'hr',
  'br',
  'div',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'caption',
  'pre',
  'span',
  'img',
  'details',
  'summary',
]);

/** Events larger than this (the whole PDU, so content is a bit less) are refused with M_TOO_LARGE. */
const MAX_EVENT_BYTES = 65_536;

const PREFIX = '/_matrix/client/v3';

class MatrixHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startMatrixHomeserver(options: MatrixHomeserverOptions): Promise<MatrixHomeserver> {
  const requests: RecordedRequest[] = [];
  const events: RecordedEvent[] = [];
  /** (access token, request path) → event id: the spec's scope of a transaction id. */
  const transactions = new Map<string, string>();
  const aliases = new Map<string, string>();
  for (const [roomId, room] of Object.entries(options.rooms)) {
    if (room.alias !== undefined) aliases.set(room.alias, roomId);
  }
  let canned: { remaining: number; response: CannedResponse } | null = null;

  function serve(method: string, rawPath: string, headers: http.IncomingHttpHeaders, body: string): unknown {
    const url = new URL(rawPath, 'http://localhost');
    if (!url.pathname.startsWith(`${PREFIX}/`)) throw unrecognized(404);
    const segments = url.pathname
      .slice(PREFIX.length + 1)
      .split('/')
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          throw new MatrixHttpError(400, 'M_UNRECOGNIZED', 'Malformed percent-encoding in path');
        }
      });
    // Routes match non-empty segments only, as a homeserver's router does.
    if (segments.includes('')) throw unrecognized(404);

    if (segments.length === 3 && segments[0] === 'directory' && segments[1] === 'room') {
      if (method !== 'GET') throw unrecognized(405);
      // Authentication is optional here, but a token that is sent must be valid.
      if (headers.authorization !== undefined || url.searchParams.has('access_token'))
        authenticate(headers, url);
      return resolveAlias(segments[2]!);
    }
    if (segments.length === 5 && segments[0] === 'rooms' && segments[2] === 'send') {
      if (method !== 'PUT') throw unrecognized(405);
      const token = authenticate(headers, url);
      return send(token, url.pathname, segments[1]!, segments[3]!, segments[4]!, body);
    }
    throw unrecognized(404);
  }

  function authenticate(headers: http.IncomingHttpHeaders, url: URL): string {
    const header = headers.authorization;
    // The query parameter is deprecated since v1.11 but still served; tests assert it is not used.
    const token = header?.match(/^Bearer (\S+)$/)?.[1] ?? url.searchParams.get('access_token');
    if (token === null || token === undefined || token === '') {
      throw new MatrixHttpError(401, 'M_MISSING_TOKEN', 'Missing access token');
    }
    if (token !== options.accessToken) {
      throw new MatrixHttpError(401, 'M_UNKNOWN_TOKEN', 'Unrecognised access token');
    }
    return token;
  }

  function resolveAlias(alias: string): unknown {
    if (!/^#[^:]+:.+$/.test(alias)) throw new MatrixHttpError(400, 'M_INVALID_PARAM', 'Invalid room alias');
    const roomId = aliases.get(alias);
    if (roomId === undefined) throw new MatrixHttpError(404, 'M_NOT_FOUND', `Room alias ${alias} not found`);
    return { room_id: roomId, servers: [alias.slice(alias.indexOf(':') + 1)] };
  }

  function send(token: string, path: string, roomId: string, eventType: string, txnId: string, body: string) {
    if (!/^![^:]+:.+$/.test(roomId)) throw new MatrixHttpError(400, 'M_INVALID_PARAM', 'Invalid room id');
    // Synapse answers an unjoined (or unknown) room like this, so as not to reveal whether it exists.
    if (options.rooms[roomId] === undefined) {
      throw new MatrixHttpError(403, 'M_FORBIDDEN', 'User is not in the room');
    }
    const key = `${token}\u0000${path}`;
    const previous = transactions.get(key);
    if (previous !== undefined) return { event_id: previous };

    const content = parseContent(body);
    if (eventType === 'm.room.message') checkMessageContent(content);
    if (Buffer.byteLength(body) > MAX_EVENT_BYTES - 1024) {
      throw new MatrixHttpError(413, 'M_TOO_LARGE', 'Event too large');
    }
    const eventId = `$${randomBytes(16).toString('base64url')}`;
    transactions.set(key, eventId);
    events.push({ roomId, txnId, eventType, content, eventId });
    return { event_id: eventId };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      requests.push({ method, path, headers, body });

      if (canned !== null && canned.remaining > 0) {
        const { response } = canned;
        canned.remaining -= 1;
        if (canned.remaining === 0) canned = null;
        const answer = () => reply(res, response.status, response.body, response.headers);
        if (response.delayMs === undefined) answer();
        else setTimeout(answer, response.delayMs).unref();
        return;
      }
      try {
        reply(res, 200, serve(method, path, req.headers, body));
      } catch (error) {
        if (error instanceof MatrixHttpError) {
          reply(res, error.status, { errcode: error.errcode, error: error.message });
        } else {
          reply(res, 500, { errcode: 'M_UNKNOWN', error: String(error) });
        }
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    events,
    failNext(n, response) {
      canned = n > 0 ? { remaining: n, response } : null;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function unrecognized(status: 404 | 405): MatrixHttpError {
  return new MatrixHttpError(status, 'M_UNRECOGNIZED', 'Unrecognized request');
}

function reply(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  if (res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}

function parseContent(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new MatrixHttpError(400, 'M_NOT_JSON', 'Content not JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MatrixHttpError(400, 'M_BAD_JSON', 'Content must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** `m.room.message` content: msgtype and body required; `format` only with a `formatted_body`. */
function checkMessageContent(content: Record<string, unknown>): void {
  const bad = (why: string) => new MatrixHttpError(400, 'M_BAD_JSON', why);
  if (typeof content.msgtype !== 'string' || content.msgtype === '') throw bad("'msgtype' must be a string");
  if (typeof content.body !== 'string') throw bad("'body' must be a string");
  const hasFormat = content.format !== undefined;
  const hasFormatted = content.formatted_body !== undefined;
  if (hasFormat || hasFormatted) {
    if (content.format !== 'org.matrix.custom.html') throw bad("'format' must be 'org.matrix.custom.html'");
    if (typeof content.formatted_body !== 'string') throw bad("'formatted_body' must be a string");
    const foreign = htmlTags(content.formatted_body).filter((tag) => !SPEC_HTML_TAGS.has(tag));
    if (foreign.length > 0)
      throw bad(`'formatted_body' uses tags outside the spec's list: ${foreign.join(', ')}`);
  }
}

/** Every tag name opened or closed in an HTML fragment, lower case. */
export function htmlTags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase());
}
