import type { RunningBridge } from '../bridge/running-bridge';
import type { Logger } from '../observability/logger';
import { walkLeadToCash } from './walk-lead-to-cash';

/**
 * The lead-to-cash walk of `npm start`: only on the embedded mocks, by the process that
 * schedules, before polling starts so its runs are the only ones. A failed walk is logged, not
 * fatal: the bridge itself is fine.
 *
 * @example
 * await runDemoWalk(bridge, log);
 * bridge.schedule();
 */
export async function runDemoWalk(bridge: RunningBridge, log: Logger): Promise<void> {
  const { env } = bridge;
  const embedded =
    env.CRM_CONNECTOR === 'mock-crm' && !env.CRM_BASE_URL && env.ERP_CONNECTOR === 'mock-erp' && !env.ERP_BASE_URL;
  if (!env.DEMO || !embedded || env.BRIDGE_ROLE !== 'all' || !bridge.isScheduler()) return;
  process.stdout.write('Lead to cash, one deal from quote to payment (DEMO=0 skips this)\n');
  try {
    await walkLeadToCash({
      crmUrl: bridge.crmUrl,
      crmToken: env.CRM_TOKEN,
      erpUrl: bridge.erpUrl,
      erpToken: env.ERP_TOKEN,
      runFlow: async (flow) => bridge.engine.waitForRun((await bridge.engine.startRun(flow, 'demo')).id),
      print: (line) => process.stdout.write(`  ${line}\n`),
    });
    process.stdout.write('\n');
  } catch (error) {
    log.warn('lead-to-cash demo failed', { error: error instanceof Error ? error.message : String(error) });
  }
}
