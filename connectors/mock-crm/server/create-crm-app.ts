import { Hono } from 'hono';
import { registerAdminRoutes } from './admin-routes';
import { registerAssociationRoutes } from './association-routes';
import { registerBatchRoutes } from './batch-routes';
import { bearerAuth, scopeOf } from './bearer-auth';
import type { CrmEnv } from './crm-env';
import { CRM_OBJECT_SCHEMAS } from './crm-schemas';
import type { CrmStore } from './crm-store';
import { type CrmFaults, FaultInjector } from './fault-injector';
import { HubSpotHttpError } from './hubspot-http-error';
import { registerMergeRoute } from './merge-route';
import { registerObjectRoutes } from './object-routes';
import { registerPropertyRoutes } from './property-routes';
import { RequestStats } from './request-stats';

/** Options of {@link createCrmApp}. */
export interface CrmAppOptions {
  store: CrmStore;
  /** Bearer token -> scopes. Default: {@link DEFAULT_CRM_TOKEN} with every scope. */
  tokens?: Readonly<Record<string, readonly string[]>>;
  /** Fault configuration, or an injector to share with the caller. */
  faults?: CrmFaults | FaultInjector;
  /** Call counter, to share with the caller. */
  stats?: RequestStats;
}

/** Token accepted when no tokens are configured. */
export const DEFAULT_CRM_TOKEN = 'dev-crm-token';

/**
 * Every read and write scope of the object types the mock serves.
 *
 * @example
 * allCrmScopes().includes('crm.objects.contacts.write') // true
 */
export function allCrmScopes(): string[] {
  const scopes = Object.keys(CRM_OBJECT_SCHEMAS).flatMap((type) => [scopeOf(type, 'read'), scopeOf(type, 'write')]);
  return [...new Set(scopes)];
}

/**
 * Builds the HubSpot-compatible mock CRM as a Hono app: `/crm/v3` objects, search and batch,
 * `/crm/v4` associations, bearer tokens with scopes, fault injection and `/__admin`.
 * Middleware order: stats (counts everything), auth (401), faults, then the route (which
 * checks object type and scope).
 *
 * @example
 * const app = createCrmApp({ store, tokens: { secret: ['crm.objects.companies.read'] } });
 * const res = await app.request('/crm/v3/objects/companies', { headers: { authorization: 'Bearer secret' } });
 */
export function createCrmApp(options: CrmAppOptions): Hono<CrmEnv> {
  const faults = options.faults instanceof FaultInjector ? options.faults : new FaultInjector(options.faults);
  const stats = options.stats ?? new RequestStats();
  const tokens = options.tokens ?? { [DEFAULT_CRM_TOKEN]: allCrmScopes() };
  const app = new Hono<CrmEnv>();

  app.onError((error, c) => {
    if (error instanceof HubSpotHttpError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.body, error.status as 400);
    }
    const failure = new HubSpotHttpError(500, 'INTERNAL_ERROR', `Internal error: ${error.message}`);
    return c.json(failure.body, 500);
  });
  app.notFound((c) => c.json(new HubSpotHttpError(404, 'OBJECT_NOT_FOUND', `No route for ${c.req.path}`).body, 404));

  app.use('/crm/*', stats.middleware());
  app.use('/crm/*', bearerAuth(tokens));
  app.use('/crm/*', faults.middleware());
  registerMergeRoute(app, options.store);
  registerObjectRoutes(app, options.store);
  registerBatchRoutes(app, options.store);
  registerAssociationRoutes(app, options.store);
  registerPropertyRoutes(app);
  registerAdminRoutes(app, faults, stats);
  return app;
}
