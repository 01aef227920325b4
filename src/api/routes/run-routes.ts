import { z } from 'zod';
import { IntegrationError } from '../../errors';
import type { AdminDeps } from '../admin-deps';
import { defineRoute } from '../api-route';
import { HistorySchema, RunSchema } from '../api-schemas';

/** Manual runs, runs and per-flow record history. */
export function runRoutes(deps: AdminDeps) {
  const flowExists = (flow: string) => {
    if (!deps.flows().some((f) => f.name === flow)) {
      throw new IntegrationError('not_found', `no flow named "${flow}"`, { status: 404 });
    }
  };
  return [
    defineRoute({
      method: 'post',
      path: '/flows/:flow/runs',
      summary: 'Start a run of a flow now',
      tag: 'flows',
      status: 202,
      params: z.object({ flow: z.string() }),
      response: RunSchema,
      handler: async ({ params }) => {
        flowExists(params.flow);
        return deps.startRun(params.flow, 'manual');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/runs',
      summary: 'Recent runs, newest first',
      tag: 'runs',
      query: z.object({
        flow: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: z.object({ runs: z.array(RunSchema) }),
      handler: async ({ query }) => ({
        runs: await deps.store.listRuns({ ...(query.flow ? { flow: query.flow } : {}), limit: query.limit }),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/runs/:id',
      summary: 'One run with its progress and counts',
      tag: 'runs',
      params: z.object({ id: z.string() }),
      response: RunSchema,
      handler: async ({ params }) => {
        const run = await deps.store.getRun(params.id);
        if (!run) throw new IntegrationError('not_found', `run ${params.id} does not exist`, { status: 404 });
        return run;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/flows/:flow/records/:sourceId/history',
      summary: 'Every sync attempt of one source record: action, before/after, mapping version, error',
      tag: 'history',
      params: z.object({ flow: z.string(), sourceId: z.string() }),
      response: z.object({ history: z.array(HistorySchema) }),
      handler: async ({ params }) => ({ history: await deps.store.history(params.flow, params.sourceId) }),
    }),
  ];
}
