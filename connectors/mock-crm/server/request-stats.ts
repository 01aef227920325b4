import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { CrmEnv } from './crm-env';
import { isWriteRequest } from './is-write-request';

/** Counts returned by `GET /__admin/stats`. */
export interface RequestStatsSnapshot {
  total: number;
  /** Calls that change data (see `isWriteRequest`), whatever their outcome. */
  writes: number;
  /** Calls by method and route, object types filled in: `POST /crm/v3/objects/companies/batch/update`. */
  byRoute: Record<string, number>;
}

const TYPE_PARAMS = new Set([':objectType', ':fromObjectType', ':toObjectType']);

/**
 * Counts API calls by method and route so tests can assert what a run did ("no writes to
 * the CRM", "one search per page").
 *
 * @example
 * const stats = new RequestStats();
 * app.use('/crm/*', stats.middleware());
 */
export class RequestStats {
  private total = 0;
  private writes = 0;
  private readonly byRoute = new Map<string, number>();

  /** Middleware counting every call it wraps, including rejected ones. */
  middleware(): MiddlewareHandler<CrmEnv> {
    return async (c, next) => {
      try {
        await next();
      } finally {
        const handler = matchedRoutes(c).findLast((route) => route.method !== 'ALL');
        const key = handler ? `${c.req.method} ${fillTypes(handler.path, c.req.path)}` : `${c.req.method} (unmatched)`;
        this.total++;
        if (isWriteRequest(c.req.method, c.req.path)) this.writes++;
        this.byRoute.set(key, (this.byRoute.get(key) ?? 0) + 1);
      }
    };
  }

  /** A copy of the counts. */
  snapshot(): RequestStatsSnapshot {
    return { total: this.total, writes: this.writes, byRoute: Object.fromEntries(this.byRoute) };
  }

  /** Zeroes the counts. */
  reset(): void {
    this.total = 0;
    this.writes = 0;
    this.byRoute.clear();
  }
}

function fillTypes(pattern: string, path: string): string {
  const actual = path.split('/');
  return pattern
    .split('/')
    .map((segment, i) => (TYPE_PARAMS.has(segment) ? (actual[i] ?? segment) : segment))
    .join('/');
}
