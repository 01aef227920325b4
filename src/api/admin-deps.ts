import type { ConnectorRegistry } from '../connectors';
import type { Run, StateStore } from '../store';
import type { FlowSummary } from './api-schemas';
import type { ApiToken } from './middleware/bearer-auth';

/** What the admin API needs from the running bridge; `main.ts` provides it. */
export interface AdminDeps {
  store: StateStore;
  registry: ConnectorRegistry;
  /** Flows in dependency order. */
  flows: () => FlowSummary[];
  /** Starts a run of a flow now. */
  startRun: (flow: string, trigger: string) => Promise<Run>;
  /** True once the initial sync finished; `/ready` reports it. */
  ready: () => boolean;
  tokens: readonly ApiToken[];
  version: string;
}
