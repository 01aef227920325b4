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
export { diffMappings, type MappingChange } from './mapping-diff';
export { canonicalJson, mappingVersion, normaliseFlow } from './mapping-version';
export { usedFields } from './used-fields';
