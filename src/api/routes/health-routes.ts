import { z } from 'zod';
import type { AdminDeps } from '../admin-deps';
import { defineRoute } from '../api-route';
import { ConnectorHealthSchema } from '../api-schemas';

/** Liveness and readiness probes; public so orchestrators need no token. */
export function healthRoutes(deps: AdminDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      summary: 'Liveness: the process answers',
      tag: 'health',
      public: true,
      response: z.object({ status: z.literal('ok') }),
      handler: () => ({ status: 'ok' as const }),
    }),
    defineRoute({
      method: 'get',
      path: '/ready',
      summary: 'Readiness: initial sync done and every connector reachable',
      tag: 'health',
      public: true,
      response: z.object({ ready: z.boolean(), initialSyncDone: z.boolean() }),
      handler: async (_input, c) => {
        const checks = await Promise.all(
          deps.registry.list().map((i) => i.methods.health().catch(() => ({ ok: false }))),
        );
        const ready = deps.ready() && checks.every((x) => x.ok);
        c.status(ready ? 200 : 503);
        return { ready, initialSyncDone: deps.ready() };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/connectors',
      summary: 'Connector instances with a live health check',
      tag: 'connectors',
      response: z.object({ connectors: z.array(ConnectorHealthSchema) }),
      handler: async () => ({
        connectors: await Promise.all(
          deps.registry.list().map(async (i) => {
            const health = await i.methods
              .health()
              .catch((e: unknown) => ({ ok: false, detail: e instanceof Error ? e.message : String(e) }));
            return {
              name: i.name,
              connector: i.definition.id,
              version: i.definition.version,
              capabilities: [...i.definition.capabilities],
              ...health,
            };
          }),
        ),
      }),
    }),
  ];
}
