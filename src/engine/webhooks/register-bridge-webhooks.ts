import type { Env } from '../../config/env';
import type { Logger } from '../../observability/logger';
import type { FlowRuntime } from '../flow-runtime';
import { registerFlowWebhooks } from './register-flow-webhooks';

/**
 * Subscribes the CRM-sourced flows' webhooks at `BRIDGE_PUBLIC_URL/webhooks/crm`, when the bridge
 * is reachable from the CRM (a public URL) and can verify its signatures (a secret); otherwise
 * nothing is registered and the flows poll.
 *
 * @example
 * await registerBridgeWebhooks(allFlows, env, log);
 */
export async function registerBridgeWebhooks(
  flows: readonly FlowRuntime[],
  env: Pick<Env, 'BRIDGE_PUBLIC_URL' | 'CRM_WEBHOOK_SECRET'>,
  log: Pick<Logger, 'info' | 'warn'>,
): Promise<void> {
  if (!env.BRIDGE_PUBLIC_URL || !env.CRM_WEBHOOK_SECRET) return;
  const target = `${env.BRIDGE_PUBLIC_URL.replace(/\/+$/, '')}/webhooks/crm`;
  await registerFlowWebhooks(
    flows.filter((f) => f.sourceSide === 'crm'),
    target,
    log,
  );
}
