export { fingerprint } from './fingerprint';
export { bindFlows, entityCatalog, type FlowRuntime } from './flow-runtime';
export { JOB_CATALOG, type JobName } from './job-catalog';
export { formatRunSummary } from './run-summary';
export { SyncEngine, type SyncEngineOptions } from './sync-engine';
