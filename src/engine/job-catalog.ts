import { z } from 'zod';
import type { BackoffPolicy } from '../queue/job-queue';

/** A record as carried in a job: exactly what the source returned, kept for replay. */
export const SourceRecord = z.object({
  id: z.string(),
  updatedAt: z.string(),
  fields: z.record(z.string(), z.unknown()),
  etag: z.string().optional(),
  associations: z.record(z.string(), z.array(z.string())).optional(),
  archived: z.boolean().optional(),
  mergedIds: z.array(z.string()).optional(),
});

/** Payload of `sync-page`: one page of source records of one run of one flow. */
export const SyncPagePayload = z.object({
  runId: z.string(),
  flow: z.string(),
  records: z.array(SourceRecord).min(1),
});
export type SyncPagePayload = z.infer<typeof SyncPagePayload>;

/** Payload of `read-page`: read one page of changes and enqueue its sync, then the next read. */
export const ReadPagePayload = z.object({
  runId: z.string(),
  flow: z.string(),
  /** Lower bound used for the whole run (the stored cursor when the run started). */
  since: z.string().nullable(),
  pageToken: z.string().optional(),
  page: z.number().int().nonnegative(),
  /** Greatest `updatedAt` seen so far in this run; the cursor when reading ends is at most this. */
  maxSeen: z.string().nullable(),
  /**
   * When reading started (epoch ms). The saved cursor is at most this minus a safety margin: a
   * record edited during a long read may have been read before its edit, while later pages
   * already carry newer timestamps, so `maxSeen` alone could skip that edit for good.
   */
  readStartedAt: z.number().int(),
  /** Sync pages enqueued and records read before this page; exact run totals, even after redeliveries. */
  syncPages: z.number().int().nonnegative().default(0),
  read: z.number().int().nonnegative().default(0),
});
export type ReadPagePayload = z.infer<typeof ReadPagePayload>;

/**
 * Payload of `webhook-sync`: one object a webhook said changed. The job reads it by id and
 * syncs it as a one-record page of a `webhook` run, the same path as a polled page.
 */
export const WebhookSyncPayload = z.object({
  flow: z.string(),
  objectId: z.string(),
  /** Epoch ms of the change, from the event (part of the job id). */
  occurredAt: z.number().int(),
  event: z.enum(['creation', 'propertyChange', 'deletion', 'merge']),
});
export type WebhookSyncPayload = z.infer<typeof WebhookSyncPayload>;

interface JobType {
  schema: z.ZodType;
  attempts: number;
  backoff: BackoffPolicy;
}

/**
 * Every job type with its payload schema and retry policy, in one place, so what a job
 * carries and how hard it is retried is never scattered across the code.
 */
export const JOB_CATALOG = {
  'read-page': {
    schema: ReadPagePayload,
    attempts: 6,
    backoff: { type: 'exponential', baseMs: 500, maxMs: 30_000, jitter: 0.2 },
  },
  'sync-page': {
    schema: SyncPagePayload,
    attempts: 6,
    backoff: { type: 'exponential', baseMs: 500, maxMs: 30_000, jitter: 0.2 },
  },
  'webhook-sync': {
    schema: WebhookSyncPayload,
    attempts: 6,
    backoff: { type: 'exponential', baseMs: 500, maxMs: 30_000, jitter: 0.2 },
  },
} as const satisfies Record<string, JobType>;

/** Name of a job type in {@link JOB_CATALOG}. */
export type JobName = keyof typeof JOB_CATALOG;
