/** The HTTP seam: handlers are plain async functions from a matched request to a response value. */

export interface HttpRequest {
  /** Path parameters, already decoded and checked against the route's patterns. */
  params: Readonly<Record<string, string>>;
  url: URL;
}

/**
 * How long a response may be reused. `revalidate` pages change as mail arrives: clients
 * keep them but ask again each time (a 304 when the ETag still matches).
 */
export type CachePolicy = 'no-store' | 'revalidate' | { maxAgeSeconds: number };

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string | Buffer;
  cache: CachePolicy;
  headers?: Readonly<Record<string, string>>;
}

export type Handler = (request: HttpRequest) => Promise<HttpResponse>;
