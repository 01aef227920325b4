import type { WebhookEventKind, WebhookRegistration } from '../../connectors';
import type { Logger } from '../../observability/logger';
import type { FlowRuntime } from '../flow-runtime';

const ALL: readonly WebhookEventKind[] = ['creation', 'propertyChange', 'deletion', 'merge'];

/**
 * Registers, with each source system that declares the `webhooks` capability, the subscriptions
 * its webhook-triggered flows need (`trigger.webhook: true` means every event; a list narrows
 * it), pointing them at `targetUrl`. A system that refuses is logged and left to polling: a
 * bridge must start even when webhooks cannot be set up.
 *
 * @example
 * await registerFlowWebhooks(flows.filter((f) => f.sourceSide === 'crm'), 'https://bridge.example.com/webhooks/crm', log);
 */
export async function registerFlowWebhooks(
  flows: readonly FlowRuntime[],
  targetUrl: string,
  log: Pick<Logger, 'info' | 'warn'>,
): Promise<{ registered: number }> {
  const bySource = new Map<FlowRuntime['source'], WebhookRegistration['subscriptions']>();
  for (const flow of flows) {
    const webhook = flow.spec.trigger.webhook;
    if (!webhook) continue;
    const events =
      webhook === true ? ALL : ALL.filter((kind) => webhook.events.some((e) => e === kind || e.endsWith(`.${kind}`)));
    const list = bySource.get(flow.source) ?? [];
    for (const event of events) {
      if (!list.some((s) => s.entity === flow.spec.source.entity && s.event === event)) {
        list.push({ entity: flow.spec.source.entity, event });
      }
    }
    bySource.set(flow.source, list);
  }
  let registered = 0;
  for (const [source, subscriptions] of bySource) {
    const register = source.methods.registerWebhooks;
    if (!source.definition.capabilities.includes('webhooks') || !register) {
      log.warn('webhook flows on a source without webhooks: they poll only', { source: source.name });
      continue;
    }
    try {
      await register({ targetUrl, subscriptions });
      registered += subscriptions.length;
      log.info('webhooks registered', { source: source.name, targetUrl, subscriptions: subscriptions.length });
    } catch (error) {
      log.warn('webhook registration failed; polling only', { source: source.name, error: String(error) });
    }
  }
  return { registered };
}
