import type { Env } from '../config/env';
import type { ConnectorRegistry } from '../connectors';
import { type FlowRuntime, type FlowSwitch, replayDlq, resolveConflict, type SyncEngine } from '../engine';
import type { DlqRepository, StateStore } from '../store';
import type { AdminDeps } from './admin-deps';
import { describeFlow } from './admin-wiring';

/** The parts of a started bridge the admin API serves. */
export interface BridgeAdminParts {
  env: Pick<Env, 'MAPPINGS_DIR' | 'CRM_WEBHOOK_SECRET' | 'BRIDGE_PUBLIC_URL'>;
  engine: SyncEngine;
  registry: ConnectorRegistry;
  store: StateStore;
  dlq: DlqRepository;
  /** Every bound flow, enabled or not: an admin may switch a disabled one on. */
  allFlows: FlowRuntime[];
  flowSwitch: FlowSwitch;
  /** True once the initial sync finished. */
  ready: () => boolean;
  version: string;
}

/**
 * The admin API's dependencies (all but its tokens) over a started bridge: runs, replays and
 * conflict decisions go through the engine, so the API and the CLI act the same way.
 *
 * @example
 * const admin = await startAdminServer(bridgeAdminDeps({ env, engine, registry, store, dlq, allFlows, flowSwitch, ready, version }), env, print);
 */
export function bridgeAdminDeps(parts: BridgeAdminParts): Omit<AdminDeps, 'tokens'> {
  const { env, engine, registry, store, dlq, allFlows, flowSwitch } = parts;
  return {
    store,
    registry,
    flows: () => allFlows.map(describeFlow),
    flowSwitch,
    runtimes: () => allFlows,
    mappingsDir: env.MAPPINGS_DIR,
    startRun: (flow, trigger) => engine.startRun(flow, trigger),
    ready: parts.ready,
    version: parts.version,
    dlq,
    replay: (selection, mode) => replayDlq({ store, dlq, flows: allFlows, failures: engine.failures }, selection, mode),
    matching: store.matching,
    metrics: engine.failures.metrics,
    webhooks: {
      secret: env.CRM_WEBHOOK_SECRET,
      publicUrl: env.BRIDGE_PUBLIC_URL,
      accept: (events) => engine.acceptWebhookEvents('crm', events),
    },
    resolveConflict: (id, decision) => resolveConflict({ flows: allFlows, store }, id, decision),
  };
}
