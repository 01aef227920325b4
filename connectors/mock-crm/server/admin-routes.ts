import type { Hono } from 'hono';
import type { CrmEnv } from './crm-env';
import { CrmFaults, type FaultInjector } from './fault-injector';
import { readBody } from './request-schemas';
import type { RequestStats } from './request-stats';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher';

/**
 * Registers the mock's control plane under `/__admin` (not part of HubSpot, no auth: the
 * mock listens on 127.0.0.1 by default): set and reset faults, read and reset call counts.
 *
 * @example
 * registerAdminRoutes(app, faults, stats);
 */
export function registerAdminRoutes(
  app: Hono<CrmEnv>,
  faults: FaultInjector,
  stats: RequestStats,
  dispatcher?: WebhookDispatcher,
): void {
  app.get('/__admin/faults', (c) => c.json({ faults: faults.current }));
  app.post('/__admin/faults', async (c) => {
    faults.set(await readBody(c, CrmFaults));
    return c.json({ faults: faults.current });
  });
  app.post('/__admin/reset-faults', (c) => {
    faults.reset();
    return c.json({ faults: faults.current });
  });
  app.get('/__admin/stats', (c) =>
    c.json({ ...stats.snapshot(), ...(dispatcher ? { webhooks: dispatcher.stats() } : {}) }),
  );
  app.post('/__admin/reset-stats', (c) => {
    stats.reset();
    return c.json(stats.snapshot());
  });
}
