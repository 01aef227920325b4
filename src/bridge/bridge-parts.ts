import type { ConnectorRegistry } from '../connectors';
import type { LoadedFlows } from '../engine/load-flows';
import type { DlqRepository, StateDatabase, StateStore, StateStores } from '../store';

/**
 * Systems, state and flows wired up, with nothing running: what the CLI and tests build on
 * (`openBridgeParts` in main.ts builds it).
 */
export interface BridgeParts extends LoadedFlows {
  /** The SQLite state database (the embedded queue lives there); absent with DATABASE_URL. */
  state: StateDatabase | undefined;
  /** Which database holds the state. */
  dialect: StateStores['dialect'];
  store: StateStore;
  dlq: DlqRepository;
  registry: ConnectorRegistry;
  crmUrl: string;
  erpUrl: string;
  stop(): Promise<void>;
}
