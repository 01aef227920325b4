import { z } from 'zod';
import { recordTrail } from '../../engine';
import { IntegrationError } from '../../errors';
import type { AdminDeps } from '../admin-deps';
import { defineRoute } from '../api-route';
import { HistorySchema } from '../api-schemas';

const XrefSchema = z.object({
  kind: z.string(),
  crmId: z.string(),
  erpId: z.string(),
  sourceFingerprint: z.string().nullable(),
  writtenFingerprint: z.string().nullable(),
  mappingVersion: z.string().nullable(),
  updatedAt: z.number(),
});

const TrailSchema = z.object({
  flow: z.string(),
  kind: z.string(),
  role: z.enum(['source', 'target']).describe('whether the flow reads or writes this record'),
  entity: z.string(),
  xref: XrefSchema.nullable(),
  history: z.array(HistorySchema),
});

/** Per-record history looked up by system and id, across every flow the record takes part in. */
export function recordHistoryRoutes(deps: AdminDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/history',
      summary: 'Every flow and cross-reference one record takes part in, with each sync attempt',
      tag: 'history',
      query: z.object({
        system: z.enum(['crm', 'erp']),
        id: z.string().min(1).max(200),
        entity: z.string().min(1).max(100).optional(),
        flow: z.string().min(1).max(200).optional(),
      }),
      response: z.object({ system: z.enum(['crm', 'erp']), id: z.string(), flows: z.array(TrailSchema) }),
      handler: async ({ query }) => {
        const flows = deps.runtimes?.() ?? [];
        if (query.flow && !flows.some((f) => f.name === query.flow)) {
          throw new IntegrationError('not_found', `no flow named "${query.flow}"`, { status: 404 });
        }
        const trail = await recordTrail(deps.store, flows, {
          system: query.system,
          id: query.id,
          ...(query.entity ? { entity: query.entity } : {}),
          ...(query.flow ? { flow: query.flow } : {}),
        });
        return { system: query.system, id: query.id, flows: trail };
      },
    }),
  ];
}
