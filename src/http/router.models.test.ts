import { describe, expect, it } from 'vitest';
import type { Handler } from './http.types.js';
import { createRouter, type Route } from './router.models.js';

const handler: Handler = async () => ({
  status: 200,
  contentType: 'text/plain',
  body: '',
  cache: 'no-store',
});
const SLUG = /[a-z0-9][a-z0-9-]*/;
const routes: Route[] = [
  { name: 'index', path: '/', handler },
  { name: 'team', path: '/teams/:team/', params: { team: SLUG }, handler },
  {
    name: 'agenda',
    path: '/teams/:team/:series/:date/agenda',
    params: { team: SLUG, series: SLUG, date: /\d{4}-\d{2}-\d{2}/ },
    handler,
  },
  { name: 'markdown', path: '/teams/:team/minutes.md', params: { team: SLUG }, handler },
];
const router = createRouter(routes);

describe('router', () => {
  it('matches literal segments and parameters, decoding them', () => {
    expect(router.match('/')).toMatchObject({ kind: 'route', route: { name: 'index' }, params: {} });
    expect(router.match('/teams/iaas/weekly/2023-12-11/agenda')).toMatchObject({
      kind: 'route',
      route: { name: 'agenda' },
      params: { team: 'iaas', series: 'weekly', date: '2023-12-11' },
    });
    expect(router.match('/teams/ia%61s/minutes.md')).toMatchObject({ params: { team: 'iaas' } });
  });

  it('answers none when a parameter does not match its whole pattern', () => {
    for (const path of [
      '/teams/IAAS/',
      '/teams/iaas/weekly/2023-12-1/agenda',
      '/teams/iaas/weekly/x2023-12-11/agenda',
      '/teams/../',
      '/teams/a%2Fb/',
      '/teams/%zz/',
      '/nowhere',
    ]) {
      expect(router.match(path), path).toEqual({ kind: 'none' });
    }
  });

  it('redirects a folder page asked for without its trailing slash', () => {
    expect(router.match('/teams/iaas')).toEqual({ kind: 'redirect', location: 'iaas/' });
    expect(router.match('/teams/iaas/minutes.md/')).toEqual({ kind: 'none' });
  });

  it('refuses a route whose parameter has no pattern', () => {
    expect(() => createRouter([{ name: 'bad', path: '/x/:id', handler }])).toThrow(/:id has no pattern/);
  });
});
