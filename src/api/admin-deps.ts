import type { ConnectorRegistry } from '../connectors';
import type { DlqSelection, FlowRuntime, FlowSwitch, ReplayMode, ReplayReport } from '../engine';
import type { MetricsRegistry } from '../observability/metrics';
import type { Conflict, ConflictDecision, DlqRepository, MatchStore, Run, StateStore } from '../store';
import type { FlowSummary } from './api-schemas';
import type { ApiToken } from './middleware/bearer-auth';
import type { WebhookIntakeDeps } from './routes/webhook-intake';

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
  /** Dead-letter queue; its routes answer 404 when absent. */
  dlq?: DlqRepository;
  /** Replays DLQ items through the engine (as-is or re-mapped). */
  replay?: (selection: DlqSelection, mode: ReplayMode) => Promise<ReplayReport>;
  /** Review queue of the dedupe matcher. */
  matching?: MatchStore;
  metrics?: MetricsRegistry;
  /** CRM webhook intake (`POST /webhooks/crm`); not mounted when absent. */
  webhooks?: WebhookIntakeDeps;
  /** Settles an ownership conflict (engine/resolve-conflict.ts); conflicts are read from `store.ownership`. */
  resolveConflict?: (id: number, decision: ConflictDecision) => Promise<Conflict>;
  /** Runtime on/off per flow; without it `PATCH /flows/{flow}` answers 404. */
  flowSwitch?: FlowSwitch;
  /** Every bound flow (enabled or not): what mapping validate/preview compile against. */
  runtimes?: () => FlowRuntime[];
  /** Folder of the mapping files, where edited YAML resolves its lookup files (default `mappings`). */
  mappingsDir?: string;
}
