import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.js';
import { createMessagesRepository } from '../messages/messages.repository.js';
import type { Logger } from '../shared/logger.js';
import type { SourceProbe } from './health.usecases.js';
import { createMetricsRepository } from './metrics.repository.js';

export interface AppMetrics {
  contentType: string;
  /** The exposition text, with the database numbers read now. */
  render(): Promise<string>;
  /** One answered HTTP request: the route's name (or what answered it), its status and duration. */
  observeRequest(route: string, status: number, seconds: number): void;
}

/**
 * One registry per app (never prom-client's global one), so two apps in one process
 * (tests) do not share or double-register metrics. Counts come from the database at
 * scrape time: with several replicas each reports the same totals, and a restart
 * resets nothing. Only the source's connection and last pass are this process's own.
 */
export function createAppMetrics(deps: { db: Database; source: SourceProbe; logger: Logger }): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const databaseUp = new Gauge({
    name: 'listscribe_database_up',
    help: 'Whether the database answered the queries of this scrape (1) or not (0).',
    registers: [registry],
  });
  const messages = new Gauge({
    name: 'listscribe_messages',
    help: 'Stored messages by outcome (recorded, skipped, needs-review, failed) and reason, from the database.',
    labelNames: ['outcome', 'reason'] as const,
    registers: [registry],
  });
  const digests = new Gauge({
    name: 'listscribe_digests',
    help: 'Digests by kind (agenda, minutes) and status (pending, sending, retry, sent, failed, missed), from the database.',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
  });
  // Both are ledgers with the digests' statuses (pending, sending, retry, sent, failed, missed).
  const byStatus = (name: string, what: string) =>
    new Gauge({
      name,
      help: `${what} by status (pending, sending, retry, sent, failed, missed), from the database.`,
      labelNames: ['status'] as const,
      registers: [registry],
    });
  const matrixPosts = byStatus('listscribe_matrix_posts', 'Matrix posts of digests');
  const confirmations = byStatus('listscribe_confirmations', 'Confirmations to senders');
  const httpRequests = new Counter({
    name: 'listscribe_http_requests_total',
    help: "HTTP requests this process answered, by route (a route's name, or not-found, redirect, bad-request, method-not-allowed) and status code.",
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'listscribe_http_request_duration_seconds',
    help: 'Time from a request to its answer being handed to the socket, by route.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const lastIngest = new Gauge({
    name: 'listscribe_last_ingest_timestamp_seconds',
    help: 'Unix time the newest message (of any outcome but failed) was stored, by any replica; 0 before the first.',
    registers: [registry],
  });
  const lastSync = new Gauge({
    name: 'listscribe_source_last_sync_timestamp_seconds',
    help: "Unix time this process's mail source last completed a pass without error; 0 before the first.",
    registers: [registry],
  });
  const imapConnected =
    deps.source.kind === 'imap'
      ? new Gauge({
          name: 'listscribe_imap_connected',
          help: 'Whether this process is connected to the IMAP server (1) or reconnecting (0).',
          registers: [registry],
        })
      : null;

  const refresh = async (): Promise<void> => {
    const state = deps.source.state();
    imapConnected?.set(state.connected ? 1 : 0);
    lastSync.set(seconds(state.lastSyncAt));
    for (const gauge of [messages, digests, matrixPosts, confirmations]) gauge.reset();
    try {
      const repo = createMetricsRepository(deps.db);
      const [outcomes, digestCounts, postCounts, confirmationCounts, ingestedAt] = await Promise.all([
        createMessagesRepository(deps.db).countsByOutcome(),
        repo.digestCounts(),
        repo.matrixPostCounts(),
        repo.confirmationCounts(),
        repo.lastIngestAt(),
      ]);
      for (const row of outcomes) messages.set({ outcome: row.outcome, reason: row.reason ?? '' }, row.count);
      for (const row of digestCounts) digests.set({ kind: row.kind, status: row.status }, row.count);
      for (const row of postCounts) matrixPosts.set({ status: row.status }, row.count);
      for (const row of confirmationCounts) confirmations.set({ status: row.status }, row.count);
      lastIngest.set(seconds(ingestedAt));
      databaseUp.set(1);
    } catch (error) {
      // A scrape still answers: the process metrics and database_up 0 say what is wrong.
      deps.logger.warn({ err: error }, 'metrics: database query failed');
      databaseUp.set(0);
      lastIngest.reset();
    }
  };

  // Scrapes run one after another: a refresh resets the labelled gauges before it fills them.
  let previous: Promise<unknown> = Promise.resolve();
  return {
    contentType: registry.contentType,
    render() {
      const next = previous
        .catch(() => {})
        .then(async () => {
          await refresh();
          return registry.metrics();
        });
      previous = next;
      return next;
    },
    observeRequest(route, status, seconds) {
      httpRequests.inc({ route, status: String(status) });
      httpDuration.observe({ route }, seconds);
    },
  };
}

function seconds(at: Date | null): number {
  return at === null ? 0 : Math.floor(at.getTime() / 1000);
}
