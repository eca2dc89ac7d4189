/** A path of a service that a browser can open, and where it is known from. */
export interface ServiceRoute {
  path: string;
  /** For people: "health check", "markpact:test GET /books EXPECT 200". */
  source: string;
}

/** An HTTP `markpact:test` line, as core/markpact/httpTest.ts parses it. */
export interface HttpTestLike {
  method: string;
  path: string;
  expect?: number;
}

/**
 * The routes a service is known to answer, to offer when its `/` is not a page: its
 * `health_check` path, then the paths its README's HTTP tests GET (a browser only sends GET) and
 * expect to succeed, each once, in that order. `/` is left out: it is always offered anyway.
 */
export function serviceRoutes(healthCheck: string | undefined, tests: readonly HttpTestLike[]): ServiceRoute[] {
  const routes: ServiceRoute[] = [];
  const add = (path: string, source: string) => {
    if (path !== '/' && !routes.some((r) => r.path === path)) routes.push({ path, source });
  };
  if (healthCheck?.startsWith('/')) add(healthCheck, 'health check');
  for (const test of tests) {
    if (test.method === 'GET' && (test.expect === undefined || test.expect < 400)) add(test.path, `markpact:test GET ${test.path}${test.expect !== undefined ? ` EXPECT ${test.expect}` : ''}`);
  }
  return routes;
}
