import type { Logger } from '../shared/logger.js';
import {
  type ArchiveDeps,
  archiveIndex,
  digestPage,
  findTeam,
  meetingsCalendar,
  minutesFile,
  openActions,
  teamMeetings,
} from './archive.usecases.js';
import {
  actionsPage,
  baseOf,
  digestFramePage,
  indexPage,
  notFoundPage,
  teamPage,
} from './archive-pages.models.js';
import { checkHealth, type SourceProbe } from './health.usecases.js';
import type { HttpResponse } from './http.types.js';
import type { AppMetrics } from './metrics.registry.js';
import type { Route } from './router.models.js';

export interface HttpDeps {
  archive: ArchiveDeps;
  databaseKind: string;
  source: SourceProbe;
  metrics: AppMetrics;
  logger: Logger;
  /** /healthz reports the database unavailable when `select 1` takes longer. */
  healthTimeoutMs: number;
}

const SLUG = /[a-z0-9][a-z0-9-]*/;
const DATE = /\d{4}-\d{2}-\d{2}/;
const meetingParams = { team: SLUG, series: SLUG, date: DATE };

const htmlPage = (body: string, status = 200): HttpResponse => ({
  status,
  contentType: 'text/html; charset=utf-8',
  body,
  cache: 'revalidate',
});

export function notFound(url: URL, message = 'There is no page at this address.'): HttpResponse {
  return { ...htmlPage(notFoundPage(message, baseOf(url.pathname)), 404), cache: 'no-store' };
}

/** The routing table of the HTTP server: health, metrics and the read-only archive. */
export function httpRoutes(deps: HttpDeps): Route[] {
  const { archive } = deps;
  return [
    {
      name: 'healthz',
      path: '/healthz',
      handler: async () => {
        const report = await checkHealth({
          db: archive.db,
          databaseKind: deps.databaseKind,
          source: deps.source,
          timeoutMs: deps.healthTimeoutMs,
        });
        return {
          status: report.status === 'ok' ? 200 : 503,
          contentType: 'application/json; charset=utf-8',
          body: `${JSON.stringify(report, null, 2)}\n`,
          cache: 'no-store',
        };
      },
    },
    {
      name: 'metrics',
      path: '/metrics',
      handler: async () => ({
        status: 200,
        contentType: deps.metrics.contentType,
        body: await deps.metrics.render(),
        cache: 'no-store',
      }),
    },
    {
      name: 'index',
      path: '/',
      handler: async () =>
        htmlPage(indexPage({ teams: await archiveIndex(archive), now: archive.clock.now() })),
    },
    {
      name: 'team',
      path: '/teams/:team/',
      params: { team: SLUG },
      handler: async ({ params, url }) => {
        const team = findTeam(archive, params.team!);
        if (!team) return notFound(url, `There is no team "${params.team}" here.`);
        return htmlPage(teamPage({ ...(await teamMeetings(archive, team)), now: archive.clock.now() }));
      },
    },
    {
      name: 'actions',
      path: '/teams/:team/actions',
      params: { team: SLUG },
      handler: async ({ params, url }) => {
        const team = findTeam(archive, params.team!);
        if (!team) return notFound(url, `There is no team "${params.team}" here.`);
        return htmlPage(actionsPage(await openActions(archive, team)));
      },
    },
    {
      name: 'calendar',
      path: '/teams/:team/meetings.ics',
      params: { team: SLUG },
      handler: async ({ params, url }) => {
        const team = findTeam(archive, params.team!);
        if (!team) return notFound(url, `There is no team "${params.team}" here.`);
        return {
          status: 200,
          contentType: 'text/calendar; charset=utf-8',
          body: await meetingsCalendar(archive, team),
          // Calendar clients poll; a few minutes of staleness is what they expect anyway.
          cache: { maxAgeSeconds: 300 },
          headers: { 'Content-Disposition': `inline; filename="${team.slug}-meetings.ics"` },
        };
      },
    },
    ...(['agenda', 'minutes'] as const).map(
      (kind): Route => ({
        name: kind,
        path: `/teams/:team/:series/:date/${kind}`,
        params: meetingParams,
        handler: async ({ params, url }) => {
          const page = await digestPage(archive, params.team!, params.series!, params.date!, kind);
          if (page.kind === 'not-found') return notFound(url, page.reason);
          return htmlPage(digestFramePage(page));
        },
      }),
    ),
    {
      name: 'minutes-markdown',
      path: '/teams/:team/:series/:date/minutes.md',
      params: meetingParams,
      handler: async ({ params, url }) => {
        const file = await minutesFile(archive, params.team!, params.series!, params.date!);
        if (file.kind === 'not-found') return notFound(url, file.reason);
        return {
          status: 200,
          contentType: 'text/markdown; charset=utf-8',
          body: file.content,
          cache: 'revalidate',
          headers: { 'Content-Disposition': `attachment; filename="${file.filename}"` },
        };
      },
    },
  ];
}
