export {
  type DlqSelection,
  discardDlq,
  type ReplayMode,
  type ReplayReport,
  replayDlq,
  selectDlqItems,
} from './dlq-replay';
export { FailureRecorder } from './failure-recorder';
export { fingerprint } from './fingerprint';
export { bindFlows, entityCatalog, type FlowRuntime } from './flow-runtime';
export { FlowSwitch, type FlowSwitchState } from './flow-switch';
export { JOB_CATALOG, type JobName } from './job-catalog';
export { loadFlowsForConnectors, type SkippedFlow } from './load-flows-for-connectors';
export { type FieldChange, type PreviewAction, type PreviewRow, type PreviewSource, previewFlow } from './preview-flow';
export { readSampleRecords } from './read-sample-records';
export { type ReconcileDifference, type ReconcileReport, reconcileFlow } from './reconcile';
export { recordJobId } from './record-job-id';
export { recordTrail, type TrailEntry, type TrailFlow } from './record-trail';
export { resolveConflict } from './resolve-conflict';
export { formatRunSummary } from './run-summary';
export { checkSchemaDrift, compareDescriptions, type FieldDrift, type SchemaDriftReport } from './schema-drift';
export { SyncEngine, type SyncEngineOptions } from './sync-engine';
