import type { Env } from '../config/env';
import type { ConnectorRegistry } from '../connectors';
import type { SyncEngine } from '../engine';
import type { DlqRepository, Run, StateStore } from '../store';

/** A running bridge, as tests and the CLI see it (`startBridge` in main.ts builds it). */
export interface RunningBridge {
  env: Env;
  engine: SyncEngine;
  store: StateStore;
  dlq: DlqRepository;
  registry: ConnectorRegistry;
  /** Runs of the initial full sync. */
  initialRuns: Run[];
  /** Admin API base URL, when it was started. */
  adminUrl?: string;
  crmUrl: string;
  erpUrl: string;
  /** True while this process schedules runs (always without Redis; the lease holder with it). */
  isScheduler(): boolean;
  /**
   * Polls the flows while this process holds the scheduler lease: now if it does, from the
   * moment it takes over otherwise, and no longer once it loses it.
   */
  schedule(onRun?: (run: Run) => void): void;
  stop(): Promise<void>;
}
