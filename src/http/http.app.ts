import type { Logger } from '../shared/logger.js';
import type { ArchiveDeps } from './archive.usecases.js';
import type { SourceProbe } from './health.usecases.js';
import { httpRoutes, notFound } from './http.routes.js';
import { type HttpServer, startHttpServer } from './http.server.js';
import { createAppMetrics } from './metrics.registry.js';
import { createRouter } from './router.models.js';

export interface ListscribeHttpOptions {
  host: string;
  port: number;
  archive: ArchiveDeps;
  databaseKind: string;
  source: SourceProbe;
  logger: Logger;
  healthTimeoutMs?: number;
}

/** Health, metrics and the archive on one server, with a metrics registry of its own. */
export function startListscribeHttp(options: ListscribeHttpOptions): Promise<HttpServer> {
  const { archive, source, logger } = options;
  const metrics = createAppMetrics({ db: archive.db, source, logger });
  const routes = httpRoutes({
    archive,
    databaseKind: options.databaseKind,
    source,
    metrics,
    logger,
    healthTimeoutMs: options.healthTimeoutMs ?? 2_000,
  });
  return startHttpServer({
    host: options.host,
    port: options.port,
    router: createRouter(routes),
    notFound: (url) => notFound(url),
    logger,
    observe: (route, status, seconds) => metrics.observeRequest(route, status, seconds),
  });
}
