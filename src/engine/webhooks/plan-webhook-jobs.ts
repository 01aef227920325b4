import type { JobOptions } from '../../queue/job-queue';
import { retryOptionsFor } from '../flow-retry';
import type { FlowRuntime } from '../flow-runtime';
import type { WebhookSyncPayload } from '../job-catalog';
import type { HubSpotEvent } from './hubspot-event';

const KINDS = new Set(['creation', 'propertyChange', 'deletion', 'merge']);

/**
 * Turns a verified delivery into `webhook-sync` jobs: one per flow whose source is the event's
 * entity on this system and whose `trigger.webhook` is set (and lists the event, when it lists
 * any), per object and `occurredAt`. The job id derives from exactly those, so a redelivered
 * event, or several property changes of one write, make one job. Pure.
 *
 * @example
 * const jobs = planWebhookJobs(events, flows.filter((f) => f.sourceSide === 'crm'));
 * await queue.enqueueMany(jobs);
 */
export function planWebhookJobs(
  events: readonly HubSpotEvent[],
  flows: readonly FlowRuntime[],
): { name: 'webhook-sync'; payload: WebhookSyncPayload; options: JobOptions }[] {
  const jobs = new Map<string, { name: 'webhook-sync'; payload: WebhookSyncPayload; options: JobOptions }>();
  for (const event of events) {
    const [entity, kind] = event.subscriptionType.split('.') as [string, string];
    if (!KINDS.has(kind)) continue;
    for (const flow of flows) {
      const webhook = flow.spec.trigger.webhook;
      if (!webhook || flow.spec.source.entity !== entity) continue;
      if (typeof webhook === 'object' && !webhook.events.some((e) => e === kind || e === event.subscriptionType)) {
        continue;
      }
      const jobId = `webhook/${flow.name}/${event.objectId}/${event.occurredAt}`;
      if (jobs.has(jobId)) continue;
      jobs.set(jobId, {
        name: 'webhook-sync',
        payload: {
          flow: flow.name,
          objectId: event.objectId,
          occurredAt: event.occurredAt,
          event: kind as WebhookSyncPayload['event'],
        },
        options: { jobId, ...retryOptionsFor(flow, 'webhook-sync') },
      });
    }
  }
  return [...jobs.values()];
}
