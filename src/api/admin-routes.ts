import type { AdminDeps } from './admin-deps';
import type { ApiRoute } from './api-route';
import { conflictRoutes } from './routes/conflict-routes';
import { dlqRoutes } from './routes/dlq-routes';
import { flowRoutes } from './routes/flow-routes';
import { healthRoutes } from './routes/health-routes';
import { mappingRoutes } from './routes/mapping-routes';
import { recordHistoryRoutes } from './routes/record-history-routes';
import { reviewRoutes } from './routes/review-routes';
import { runRoutes } from './routes/run-routes';

/**
 * Every route of the admin API, in one list: what the app mounts, what the OpenAPI document
 * describes and what the property tests attack, so a new route is covered by all three.
 *
 * @example
 * for (const route of adminRoutes(deps)) console.log(route.method, route.path);
 */
export function adminRoutes(deps: AdminDeps): ApiRoute[] {
  return [
    ...healthRoutes(deps),
    ...flowRoutes(deps),
    ...runRoutes(deps),
    ...recordHistoryRoutes(deps),
    ...mappingRoutes(deps),
    ...dlqRoutes(deps),
    ...reviewRoutes(deps),
    ...conflictRoutes(deps),
  ] as ApiRoute[];
}
