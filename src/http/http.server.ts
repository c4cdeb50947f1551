import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorCode, ListscribeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { CachePolicy, HttpResponse } from './http.types.js';
import type { Router } from './router.models.js';

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  router: Router;
  /** The page for a path no route knows. */
  notFound: (url: URL) => HttpResponse;
  logger: Logger;
  /** Told of every answered request: what answered it (a route's name, or why none), status, seconds. */
  observe?: (route: string, status: number, seconds: number) => void;
}

export interface HttpServer {
  /** e.g. "http://127.0.0.1:8080" */
  url: string;
  port: number;
  /** Stops accepting connections and waits for the requests in flight. */
  close(): Promise<void>;
}

export class HttpListenError extends ListscribeError {
  constructor(
    readonly host: string,
    readonly port: number,
    cause: unknown,
  ) {
    super('HTTP_LISTEN', `cannot listen on ${host}:${port}: ${errorCode(cause)}`, false, { cause });
    this.name = 'HttpListenError';
  }
}

/** After this long, close() drops connections that are still open instead of waiting. */
const CLOSE_GRACE_MS = 5_000;

/*
 * Pages render digest templates with inline styles and never need a script: the policy
 * allows exactly that, so even a template mistake cannot run code in a reader's browser.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The one HTTP server of `listscribe run`: node:http, a routing table, GET and HEAD only. */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { router, logger } = options;

  /** The response, and what answered: a route's name, or why none did (the metrics' route label). */
  const respond = async (req: IncomingMessage): Promise<[string, HttpResponse]> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return [
        'method-not-allowed',
        {
          ...plain(405, 'method not allowed: this server is read-only (GET and HEAD)\n'),
          headers: { Allow: 'GET, HEAD' },
        },
      ];
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://listscribe.invalid');
    } catch {
      return ['bad-request', plain(400, 'bad request\n')];
    }
    const match = router.match(url.pathname);
    if (match.kind === 'redirect') {
      return [
        'redirect',
        { ...plain(308, `see ${match.location}\n`), headers: { Location: match.location + url.search } },
      ];
    }
    if (match.kind === 'none') return ['not-found', options.notFound(url)];
    try {
      return [match.route.name, await match.route.handler({ params: match.params, url })];
    } catch (error) {
      const code = errorCode(error);
      logger.error({ err: error, code, route: match.route.name }, 'http handler failed');
      return [match.route.name, plain(500, `internal error (${code}); the server log has the details\n`)];
    }
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    respond(req)
      .then(([route, response]) => {
        const status = send(req, res, response);
        options.observe?.(route, status, (performance.now() - started) / 1000);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'http response failed');
        res.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: unknown) => reject(new HttpListenError(options.host, options.port, error));
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'http server error'));

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info({ address: address.address, port: address.port }, 'http server listening');

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        // close() waits for open connections; idle keep-alive ones are closed right away.
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

/** Writes the response; returns the status sent (304 for a matching ETag). */
function send(req: IncomingMessage, res: ServerResponse, response: HttpResponse): number {
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'Content-Type': response.contentType,
    'Cache-Control': cacheControl(response.cache),
    ...response.headers,
  };
  if (response.status === 200 && response.cache !== 'no-store') {
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    headers.ETag = etag;
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      delete headers['Content-Type'];
      res.writeHead(304, headers).end();
      return 304;
    }
  }
  headers['Content-Length'] = body.length;
  res.writeHead(response.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return response.status;
}

function cacheControl(policy: CachePolicy): string {
  if (policy === 'no-store') return 'no-store';
  if (policy === 'revalidate') return 'no-cache';
  return `max-age=${policy.maxAgeSeconds}`;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

function plain(status: number, body: string): HttpResponse {
  return { status, contentType: 'text/plain; charset=utf-8', body, cache: 'no-store' };
}
