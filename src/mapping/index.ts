export { type CompiledMapping, compileMapping, type MappingContext, OMIT, type Reference } from './compile-mapping';
export { durationMs, FieldRule, FlowFile, Ownership } from './flow-schema';
export { type EntityCatalog, type LoadedFlow, loadFlowFile, type MappingProblem } from './load-flow-file';
export {
  type FlowMapping,
  flowFilesIn,
  formatProblem,
  loadMappings,
  MappingFilesInvalidError,
  validateMappings,
} from './load-mappings';
export { canonicalJson, mappingVersion, normaliseFlow } from './mapping-version';
