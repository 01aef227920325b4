/**
 * Stable error codes shared by connectors, the engine, the DLQ, the admin API and the docs.
 * Never rename a code: admins filter on them and runbooks quote them.
 */
export const ERROR_CODES = {
  transport: { retryable: true, summary: 'network error or timeout talking to a system' },
  timeout: { retryable: true, summary: 'the call timed out; it may or may not have been applied' },
  rate_limited: { retryable: true, summary: 'the system asked us to slow down (429)' },
  server_error: { retryable: true, summary: 'the system failed (5xx); usually transient' },
  auth_failed: { retryable: false, summary: 'credentials missing or rejected (401)' },
  permission_denied: { retryable: false, summary: 'credentials lack a scope or module (403)' },
  validation_failed: { retryable: false, summary: 'the system rejected field values (400)' },
  record_rejected: {
    retryable: false,
    summary:
      'the system refused the record by a business rule (credit limit, stock, margin, blocked); the message is its own',
  },
  not_found: { retryable: false, summary: 'the record or endpoint does not exist (404)' },
  stale_etag: { retryable: false, summary: 'the record changed since it was read (409/412)' },
  unexpected_response: { retryable: false, summary: 'the system answered with a body we cannot read' },
  mapping_invalid: { retryable: false, summary: 'a mapping file is malformed' },
  mapping_failed: { retryable: false, summary: 'a record could not be mapped' },
  record_invalid: { retryable: false, summary: 'a source record does not match its entity schema' },
  reference_unresolved: { retryable: true, summary: 'a referenced record is not synced yet' },
  config_invalid: { retryable: false, summary: 'configuration or environment is invalid' },
  price_mismatch: {
    retryable: false,
    summary: 'a line price differs from the target system price: nothing was written',
  },
  ownership_refused: { retryable: false, summary: 'the ownership rules forbid this write' },
  match_review: {
    retryable: false,
    summary: 'a record was not written: it waits for review or was merged as a duplicate',
  },
  review_conflict: {
    retryable: false,
    summary: 'a review decision cannot apply (already decided, or the target is taken)',
  },
  webhook_signature_invalid: {
    retryable: false,
    summary: 'a webhook delivery had a missing, wrong or expired signature (401); nothing was synced',
  },
  archive_unsupported: {
    retryable: false,
    summary: "a flow's archive rule needs a target method the connector lacks",
  },
  conflict_resolved: { retryable: false, summary: 'an ownership conflict was already resolved' },
  flow_disabled: { retryable: false, summary: 'the flow is disabled; enable it to run it' },
  internal: { retryable: false, summary: 'a bug in the bridge; report it' },
} as const satisfies Record<string, { retryable: boolean; summary: string }>;

/** One of the stable error codes listed in {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;
