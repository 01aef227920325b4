import { IntegrationError, RateLimitedError, ValidationError } from '../../errors';
import type { UpsertResult } from '../connector-types';
import {
  type AcceptanceContext,
  type AcceptanceErrorKind,
  AcceptanceFailure,
  type ErrorProbe,
} from './acceptance-types';

/** The codes each kind may surface as: an ambiguous transport failure is a `timeout`. */
const ACCEPTED_CODES: Record<AcceptanceErrorKind, readonly string[]> = {
  auth_failed: ['auth_failed'],
  permission_denied: ['permission_denied'],
  validation_failed: ['validation_failed'],
  not_found: ['not_found'],
  rate_limited: ['rate_limited'],
  transport: ['transport', 'timeout'],
};

/**
 * Runs one error probe and checks the failure it provokes is an IntegrationError with the
 * right code: a validation error names `field` (when given), a rate limit carries
 * `retryAfterMs`. Failing probes report what the connector produced instead.
 *
 * @example
 * await checkErrorMapping(ctx, 'permission_denied', async (c) => c.build({ token: 'read-only' }).upsertBatch!(...));
 */
export async function checkErrorMapping(
  ctx: AcceptanceContext,
  kind: AcceptanceErrorKind,
  probe: ErrorProbe,
  options: { field?: string } = {},
): Promise<void> {
  const check = `error ${kind}`;
  const error = await provoke(check, ctx, probe);
  if (!(error instanceof IntegrationError)) {
    const name = error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
    throw new AcceptanceFailure(check, `expected an IntegrationError with code ${kind}, got ${name}`);
  }
  if (!ACCEPTED_CODES[kind].includes(error.code)) {
    throw new AcceptanceFailure(
      check,
      `expected code ${ACCEPTED_CODES[kind].join(' or ')}, got ${error.code} (${error.message})`,
    );
  }
  if (kind === 'validation_failed' && options.field !== undefined) {
    const fields = error instanceof ValidationError ? error.fieldErrors.map((f) => f.field) : [];
    if (!fields.includes(options.field)) {
      throw new AcceptanceFailure(
        check,
        `the validation error must name field "${options.field}"; it names [${fields.join(', ')}] (${error.message})`,
      );
    }
  }
  if (kind === 'rate_limited') {
    const wait = error instanceof RateLimitedError ? error.retryAfterMs : undefined;
    if (wait === undefined || !(wait >= 0)) {
      throw new AcceptanceFailure(check, 'a rate limit must carry retryAfterMs from Retry-After');
    }
  }
  const retryable = ACCEPTED_CODES[kind].includes('transport') || kind === 'rate_limited';
  if (error.retryable !== retryable) {
    throw new AcceptanceFailure(check, `${error.code} must have retryable=${retryable}, got ${error.retryable}`);
  }
}

async function provoke(check: string, ctx: AcceptanceContext, probe: ErrorProbe): Promise<unknown> {
  let outcome: unknown;
  try {
    outcome = await probe(ctx);
  } catch (error) {
    return error;
  }
  if (Array.isArray(outcome)) {
    const failed = (outcome as UpsertResult[]).find((r) => r && r.ok === false);
    if (failed && !failed.ok) return failed.error;
  }
  if (outcome instanceof Error) return outcome;
  throw new AcceptanceFailure(
    check,
    `the probe succeeded (${JSON.stringify(outcome)?.slice(0, 200)}); the failure was not reported`,
  );
}
