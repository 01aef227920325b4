export { ERROR_CODES, type ErrorCode } from './error-codes';
export { type FailureFacts, failureFacts, isAmbiguousWrite, redactSecrets } from './failure-facts';
export { errorFromHttpFailure, type HttpFailure, parseRetryAfter } from './http-status-error';
export {
  AuthError,
  type FieldError,
  IntegrationError,
  type IntegrationErrorOptions,
  isRetryable,
  MappingInvalidError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  ServerError,
  StaleEtagError,
  TransportError,
  toIntegrationError,
  ValidationError,
} from './integration-error';
