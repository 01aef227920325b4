import { z } from 'zod';

/** A run as the API returns it. */
export const RunSchema = z.object({
  id: z.string(),
  flow: z.string(),
  trigger: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'partial']),
  startedAt: z.number().describe('epoch ms'),
  finishedAt: z.number().nullable(),
  read: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  failed: z.number(),
  skipped: z.number().describe('read but not written: merged duplicates, pairs waiting for review'),
  pagesTotal: z.number(),
  pagesDone: z.number(),
  readingDone: z.boolean(),
  error: z.string().nullable(),
});

/** One sync attempt of one record. */
export const HistorySchema = z.object({
  runId: z.string().nullable(),
  at: z.number(),
  sourceId: z.string(),
  targetId: z.string().nullable().optional(),
  action: z.enum(['created', 'updated', 'unchanged', 'failed', 'skipped']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  mappingVersion: z.string().nullable().optional(),
  errorCode: z.string().nullable().optional(),
  errorMessage: z.string().nullable().optional(),
});

/** A flow as listed by the API. */
export const FlowSummarySchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  source: z.object({ connector: z.string(), entity: z.string() }),
  target: z.object({ connector: z.string(), entity: z.string() }),
  mappingVersion: z.string(),
  pollMs: z.number().optional(),
  dependsOn: z.array(z.string()),
  enabled: z.boolean().optional().describe('whether the flow runs: the override when set, else the mapping file'),
  enabledSource: z.enum(['mapping', 'override']).optional(),
  mappingEnabled: z.boolean().optional().describe('`enabled:` in the mapping file'),
  file: z.string().optional().describe('the mapping file'),
});
export type FlowSummary = z.infer<typeof FlowSummarySchema>;

/** Health of one connector instance. */
export const ConnectorHealthSchema = z.object({
  name: z.string(),
  connector: z.string(),
  version: z.string(),
  capabilities: z.array(z.string()),
  ok: z.boolean(),
  detail: z.string().optional(),
});
