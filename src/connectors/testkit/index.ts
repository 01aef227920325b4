export {
  type AcceptanceContext,
  type AcceptanceErrorKind,
  AcceptanceFailure,
  type ConnectorAcceptanceOptions,
  type EntityUnderTest,
  type ErrorProbe,
} from './acceptance-types';
export { closedPortUrl } from './closed-port-url';
export { createAcceptanceContext, describeConnectorAcceptance } from './describe-connector-acceptance';
export { checkErrorMapping } from './error-checks';
export { checkCompletePaging, checkCursorMonotonic, drainChanges } from './paging-checks';
export {
  checkIdempotentUpsert,
  checkReadByIdsWithMissing,
  checkSchemaMatches,
  checkSearchByKeys,
} from './record-checks';
