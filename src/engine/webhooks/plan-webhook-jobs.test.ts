import { describe, expect, it } from 'vitest';
import type { FlowRuntime } from '../flow-runtime';
import type { HubSpotEvent } from './hubspot-event';
import { planWebhookJobs } from './plan-webhook-jobs';

const flow = (name: string, entity: string, webhook: FlowRuntime['spec']['trigger']['webhook']) =>
  ({
    name,
    spec: { source: { connector: 'crm', entity }, trigger: { poll: '1h', webhook } },
  }) as unknown as FlowRuntime;
const event = (objectId: number, type: string, occurredAt = 1000, extra: Partial<HubSpotEvent> = {}): HubSpotEvent => ({
  eventId: objectId,
  occurredAt,
  subscriptionType: type,
  objectId: String(objectId),
  ...extra,
});

describe('planWebhookJobs', () => {
  it('makes one job per flow, object and occurredAt, so redeliveries and per-property events collapse', () => {
    const flows = [flow('companies-to-customers', 'company', true), flow('contacts-to-contacts', 'contact', true)];
    const jobs = planWebhookJobs(
      [
        event(1, 'company.propertyChange', 1000, { propertyName: 'name' }),
        event(1, 'company.propertyChange', 1000, { propertyName: 'city', attemptNumber: 3 }),
        event(1, 'company.propertyChange', 2000),
        event(2, 'contact.creation'),
      ],
      flows,
    );
    expect(jobs.map((j) => j.options.jobId)).toEqual([
      'webhook/companies-to-customers/1/1000',
      'webhook/companies-to-customers/1/2000',
      'webhook/contacts-to-contacts/2/1000',
    ]);
    expect(jobs[0]!.payload).toEqual({
      flow: 'companies-to-customers',
      objectId: '1',
      occurredAt: 1000,
      event: 'propertyChange',
    });
  });

  it('skips flows without trigger.webhook, other entities, events a flow does not list, and unknown kinds', () => {
    const flows = [
      flow('polled', 'company', undefined),
      flow('deletions-only', 'company', { events: ['deletion'] }),
      flow('deals', 'deal', true),
    ];
    const jobs = planWebhookJobs(
      [event(1, 'company.propertyChange'), event(2, 'company.deletion'), event(3, 'company.associationChange')],
      flows,
    );
    expect(jobs.map((j) => j.options.jobId)).toEqual(['webhook/deletions-only/2/1000']);
  });
});
