export { type CompiledMapping, compileMapping, type MappingContext, type Reference } from './compile-mapping';
export { durationMs, FieldRule, FlowFile } from './flow-schema';
export { type EntityCatalog, type LoadedFlow, loadFlowFile, type MappingProblem } from './load-flow-file';
export { type FlowMapping, loadMappings, MappingFilesInvalidError } from './load-mappings';
