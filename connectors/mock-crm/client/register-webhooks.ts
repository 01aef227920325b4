import type { WebhookRegistration } from '../../../src/connectors';
import { crmEntityType } from './crm-entity-types';
import type { CrmHttp } from './crm-http';

interface Subscription {
  id: number;
  eventType: string;
  propertyName?: string;
}

/**
 * Registers the bridge with HubSpot's webhooks API v3: sets the app's target URL, then creates
 * each missing subscription (`<object type singular>.<event>`, e.g. `company.propertyChange`).
 * Existing subscriptions are left alone, so calling it on every start is safe.
 *
 * @example
 * await registerWebhooks(http, 1000001, { targetUrl, subscriptions: [{ entity: 'company', event: 'propertyChange' }] });
 */
export async function registerWebhooks(http: CrmHttp, appId: number, input: WebhookRegistration): Promise<void> {
  const base = `/webhooks/v3/${appId}`;
  await http.request({ method: 'PUT', path: `${base}/settings`, body: { targetUrl: input.targetUrl }, read: true });
  const { data } = await http.request<{ results: Subscription[] }>({ method: 'GET', path: `${base}/subscriptions` });
  const have = new Set(data.results.map((s) => `${s.eventType}|${s.propertyName ?? ''}`));
  for (const wanted of input.subscriptions) {
    // HubSpot names event types by the object's singular name, which is the entity name here.
    crmEntityType(wanted.entity);
    const eventType = `${wanted.entity}.${wanted.event}`;
    if (have.has(`${eventType}|${wanted.property ?? ''}`)) continue;
    await http.request({
      method: 'POST',
      path: `${base}/subscriptions`,
      body: { eventType, active: true, ...(wanted.property ? { propertyName: wanted.property } : {}) },
    });
    have.add(`${eventType}|${wanted.property ?? ''}`);
  }
}
