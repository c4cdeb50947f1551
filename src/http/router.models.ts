import type { Handler } from './http.types.js';

/**
 * A route of the routing table. `path` is literal segments and `:name` parameters,
 * e.g. "/teams/:team/:series/:date/agenda"; a path ending in "/" is a folder page.
 * Every parameter must have a pattern in `params`: what does not match is a 404,
 * so handlers only ever see well-formed values.
 */
export interface Route {
  name: string;
  path: string;
  params?: Readonly<Record<string, RegExp>>;
  handler: Handler;
}

export type RouteMatch =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  /** The folder page exists: send the client to the path with a trailing slash. */
  | { kind: 'redirect'; location: string }
  | { kind: 'none' };

interface CompiledRoute {
  route: Route;
  segments: Array<{ literal: string } | { param: string; pattern: RegExp }>;
}

export interface Router {
  match(pathname: string): RouteMatch;
}

export function createRouter(routes: readonly Route[]): Router {
  const compiled = routes.map(compileRoute);
  const find = (segments: string[]): RouteMatch => {
    for (const candidate of compiled) {
      const params = matchSegments(candidate, segments);
      if (params) return { kind: 'route', route: candidate.route, params };
    }
    return { kind: 'none' };
  };
  return {
    match(pathname) {
      const segments = decodeSegments(pathname);
      if (segments === null) return { kind: 'none' };
      const found = find(segments);
      if (found.kind === 'route' || pathname.endsWith('/')) return found;
      // Relative links in folder pages need the slash; redirect to the last segment plus "/".
      if (find([...segments, '']).kind === 'route')
        return { kind: 'redirect', location: `${pathname.slice(pathname.lastIndexOf('/') + 1)}/` };
      return found;
    },
  };
}

function compileRoute(route: Route): CompiledRoute {
  if (!route.path.startsWith('/')) throw new Error(`route ${route.name}: path must start with "/"`);
  const segments = route.path
    .slice(1)
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return { literal: segment };
      const param = segment.slice(1);
      const pattern = route.params?.[param];
      if (!pattern) throw new Error(`route ${route.name}: parameter :${param} has no pattern`);
      return { param, pattern: anchored(pattern) };
    });
  return { route, segments };
}

function anchored(pattern: RegExp): RegExp {
  const source = pattern.source;
  return new RegExp(
    `${source.startsWith('^') ? '' : '^'}${source}${source.endsWith('$') ? '' : '$'}`,
    pattern.flags,
  );
}

function matchSegments(candidate: CompiledRoute, segments: string[]): Record<string, string> | null {
  if (candidate.segments.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const expected = candidate.segments[i]!;
    const actual = segments[i]!;
    if ('literal' in expected) {
      if (expected.literal !== actual) return null;
    } else {
      if (!expected.pattern.test(actual)) return null;
      params[expected.param] = actual;
    }
  }
  return params;
}

/** "/teams/a%20b/" → ["teams", "a b", ""]; null for a malformed escape or an encoded "/". */
function decodeSegments(pathname: string): string[] | null {
  if (!pathname.startsWith('/')) return null;
  try {
    const segments = pathname.slice(1).split('/').map(decodeURIComponent);
    return segments.some((s) => s.includes('/')) ? null : segments;
  } catch {
    return null;
  }
}
