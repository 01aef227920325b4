import { z } from 'zod';
import { IntegrationError } from '../../errors';
import type { AdminDeps } from '../admin-deps';
import { defineRoute } from '../api-route';

/** A copy-side edit of a master-owned field (DESIGN.md section 3). */
export const ConflictSchema = z.object({
  id: z.number(),
  flow: z.string(),
  sourceId: z.string(),
  targetId: z.string(),
  field: z.string().describe('target field'),
  base: z.unknown().describe('value the bridge last wrote'),
  copy: z.unknown().describe('value the copy side holds'),
  master: z.unknown().describe('value the master side says'),
  status: z.enum(['open', 'resolved']),
  resolution: z.enum(['overwritten', 'kept-master', 'kept-copy']).nullable(),
  note: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  createdAt: z.number(),
  resolvedAt: z.number().nullable(),
});

/** Conflicts: list and show (viewer), resolve keeping the master or the copy value (admin). */
export function conflictRoutes(deps: AdminDeps) {
  const store = () => {
    if (!deps.store.ownership)
      throw new IntegrationError('not_found', 'this bridge keeps no conflicts', { status: 404 });
    return deps.store.ownership;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/conflicts',
      summary: 'Ownership conflicts, newest first',
      tag: 'conflicts',
      query: z.object({
        flow: z.string().optional(),
        status: z.enum(['open', 'resolved']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      response: z.object({ items: z.array(ConflictSchema), total: z.number() }),
      handler: ({ query }) =>
        store().listConflicts({
          ...(query.flow ? { flow: query.flow } : {}),
          ...(query.status ? { status: query.status } : {}),
          limit: query.limit,
          offset: query.offset,
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/conflicts/:id',
      summary: 'One conflict with base, copy and master values',
      tag: 'conflicts',
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: ConflictSchema,
      handler: async ({ params }) => {
        const conflict = await store().getConflict(params.id);
        if (!conflict) throw new IntegrationError('not_found', `no conflict ${params.id}`, { status: 404 });
        return conflict;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conflicts/:id/resolve',
      summary: 'master: write the master value to the copy now; copy: keep the copy value until the master changes',
      tag: 'conflicts',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({ keep: z.enum(['master', 'copy']), note: z.string().optional() }),
      response: ConflictSchema,
      handler: ({ params, body }) => {
        if (!deps.resolveConflict)
          throw new IntegrationError('not_found', 'conflicts cannot be resolved here', { status: 404 });
        return deps.resolveConflict(params.id, {
          keep: body.keep,
          by: 'admin-api',
          ...(body.note ? { note: body.note } : {}),
        });
      },
    }),
  ];
}
