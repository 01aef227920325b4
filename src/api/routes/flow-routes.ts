import { z } from 'zod';
import { IntegrationError } from '../../errors';
import type { AdminDeps } from '../admin-deps';
import { defineRoute } from '../api-route';
import { type FlowSummary, FlowSummarySchema } from '../api-schemas';

/** Flows with whether each runs, and the admin switch that turns one on or off. */
export function flowRoutes(deps: AdminDeps) {
  const withSwitch = async (): Promise<FlowSummary[]> => {
    const flows = deps.flows();
    if (!deps.flowSwitch) return flows;
    const states = new Map((await deps.flowSwitch.states()).map((s) => [s.flow, s]));
    return flows.map((f) => {
      const s = states.get(f.name);
      return s ? { ...f, enabled: s.enabled, enabledSource: s.source, mappingEnabled: s.mappingEnabled } : f;
    });
  };
  return [
    defineRoute({
      method: 'get',
      path: '/flows',
      summary: 'Flows in dependency order, with mapping versions and whether each runs (and who decided)',
      tag: 'flows',
      response: z.object({ flows: z.array(FlowSummarySchema) }),
      handler: async () => ({ flows: await withSwitch() }),
    }),
    defineRoute({
      method: 'patch',
      path: '/flows/:flow',
      summary: 'Enable or disable a flow; the stored setting overrides the mapping file until changed again',
      tag: 'flows',
      params: z.object({ flow: z.string().min(1).max(200) }),
      body: z.object({ enabled: z.boolean() }).strict(),
      response: FlowSummarySchema,
      handler: async ({ params, body }) => {
        if (!deps.flowSwitch)
          throw new IntegrationError('not_found', 'this bridge has no flow switches', { status: 404 });
        if (!deps.flows().some((f) => f.name === params.flow)) {
          throw new IntegrationError('not_found', `no flow named "${params.flow}"`, { status: 404 });
        }
        await deps.flowSwitch.set(params.flow, body.enabled);
        return (await withSwitch()).find((f) => f.name === params.flow)!;
      },
    }),
  ];
}
