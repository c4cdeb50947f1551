import { ListscribeError } from '../shared/errors.js';
import type { MatrixContent } from './matrix-content.models.js';

export type { MatrixContent } from './matrix-content.models.js';

export interface MatrixOptions {
  /** Base URL of the client-server API, e.g. "https://matrix.example.org" (no trailing path). */
  homeserverUrl: string;
  accessToken: string;
  /** A room id ("!abc:example.org") or an alias ("#iaas:example.org"). */
  room: string;
  /** Per request, including reading the response body. */
  timeoutMs: number;
  /** `m.notice`: the spec's type for bot output; clients render it muted and bots must not answer it. */
  msgtype: 'm.notice' | 'm.text';
}

/**
 * A failed post. `code` is the homeserver's `errcode` when it sent one (M_FORBIDDEN,
 * M_LIMIT_EXCEEDED, …), else `HTTP_<status>`, `MATRIX_TIMEOUT` or `MATRIX_NETWORK`.
 * Messages never contain the access token.
 */
export class MatrixError extends ListscribeError {
  constructor(
    code: string,
    message: string,
    retryable: boolean,
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(code, message, retryable, options);
    this.name = 'MatrixError';
  }
}

export interface MatrixPoster {
  /**
   * Sends one `m.room.message`. `txnId` must be stable for the digest: the homeserver
   * de-duplicates (access token, txnId), so a retry after a lost response returns the
   * first event instead of posting twice.
   */
  post(txnId: string, content: MatrixContent): Promise<{ eventId: string }>;
}

const API = '/_matrix/client/v3';

export function createMatrixPoster(
  options: MatrixOptions,
  deps: { fetch?: typeof fetch } = {},
): MatrixPoster {
  const doFetch = deps.fetch ?? fetch;
  const base = options.homeserverUrl.replace(/\/+$/, '');
  const token = options.accessToken;
  let roomId: Promise<string> | null = options.room.startsWith('!') ? Promise.resolve(options.room) : null;

  async function request(
    method: 'GET' | 'PUT',
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${base}${API}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      throw networkError(error, method, path, options.timeoutMs, token);
    }
    const json = parseObject(text);
    if (!response.ok) throw httpError(response, json, method, path, token);
    if (json === null) {
      throw new MatrixError('MATRIX_BAD_RESPONSE', `${method} ${path}: response is not a JSON object`, true);
    }
    return json;
  }

  async function resolveAlias(alias: string): Promise<string> {
    const json = await request('GET', `/directory/room/${encodeURIComponent(alias)}`);
    const id = json.room_id;
    if (typeof id !== 'string' || !id.startsWith('!')) {
      throw new MatrixError('MATRIX_BAD_RESPONSE', `alias ${alias} resolved to no room id`, false);
    }
    return id;
  }

  function room(): Promise<string> {
    if (roomId === null) {
      const pending = resolveAlias(options.room);
      // A failed lookup (timeout, 5xx) must not poison the cache: the next post asks again.
      pending.catch(() => {
        if (roomId === pending) roomId = null;
      });
      roomId = pending;
    }
    return roomId;
  }

  return {
    async post(txnId, content) {
      if (txnId === '') throw new MatrixError('MATRIX_BAD_TXN_ID', 'txnId must not be empty', false);
      const id = await room();
      const path = `/rooms/${encodeURIComponent(id)}/send/m.room.message/${encodeURIComponent(txnId)}`;
      const json = await request('PUT', path, {
        msgtype: options.msgtype,
        body: content.body,
        format: 'org.matrix.custom.html',
        formatted_body: content.formattedBody,
      });
      const eventId = json.event_id;
      if (typeof eventId !== 'string' || eventId === '') {
        throw new MatrixError(
          'MATRIX_BAD_RESPONSE',
          `${describe('PUT', path)}: response has no event_id`,
          true,
        );
      }
      return { eventId };
    },
  };
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The txn id is ours and harmless, but keep log lines short: "PUT /rooms/!r:x/send/…". */
function describe(method: string, path: string): string {
  return `${method} ${decodeURIComponentSafe(path)}`;
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function httpError(
  response: Response,
  json: Record<string, unknown> | null,
  method: string,
  path: string,
  token: string,
): MatrixError {
  const status = response.status;
  const errcode = typeof json?.errcode === 'string' ? json.errcode : null;
  const detail = typeof json?.error === 'string' ? json.error : response.statusText;
  const code = errcode ?? `HTTP_${status}`;
  const limited = status === 429 || errcode === 'M_LIMIT_EXCEEDED';
  const retryable = limited || status >= 500;
  const retryAfterMs = limited ? retryAfter(json, response) : null;
  const message = redact(`${describe(method, path)} failed: ${status} ${code}: ${detail}`, token);
  return new MatrixError(code, message, retryable, retryAfterMs);
}

/**
 * The body's `retry_after_ms` is the classic field; since v1.10 the spec prefers the
 * `Retry-After` header (seconds) and deprecates the body field, so read both.
 */
function retryAfter(json: Record<string, unknown> | null, response: Response): number | null {
  const ms = json?.retry_after_ms;
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const header = response.headers.get('retry-after');
  if (header !== null && /^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  return null;
}

function networkError(
  error: unknown,
  method: string,
  path: string,
  timeoutMs: number,
  token: string,
): MatrixError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new MatrixError(
      'MATRIX_TIMEOUT',
      `${describe(method, path)}: no answer within ${timeoutMs} ms`,
      true,
    );
  }
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const sysCode = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  const detail = error instanceof Error ? error.message : String(error);
  // Not passed as `cause`: a fetch error can carry the request (and so the header) along.
  return new MatrixError(
    'MATRIX_NETWORK',
    redact(`${describe(method, path)}: ${detail}${sysCode}`, token),
    true,
  );
}

function redact(text: string, token: string): string {
  return token === '' ? text : text.split(token).join('[redacted]');
}
