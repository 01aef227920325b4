import { randomUUID } from 'node:crypto';

/** HubSpot's error body: `{ status: 'error', message, correlationId, category, ... }`. */
export type HubSpotErrorBody = {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
} & Record<string, unknown>;

/**
 * An error a route throws to answer with HubSpot's error shape; the app's error handler
 * turns it into the response. Static helpers cover the categories the mock produces.
 *
 * @example
 * throw HubSpotHttpError.notFound('1042');
 */
export class HubSpotHttpError extends Error {
  readonly body: HubSpotErrorBody;

  constructor(
    readonly status: number,
    category: string,
    message: string,
    extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HubSpotHttpError';
    this.body = { status: 'error', message, correlationId: randomUUID(), category, ...extra };
  }

  /** 401: no bearer token, or one the mock does not know. */
  static unauthenticated(message: string): HubSpotHttpError {
    return new HubSpotHttpError(401, 'INVALID_AUTHENTICATION', message);
  }

  /** 403: the token lacks a scope the route requires. */
  static missingScopes(required: readonly string[]): HubSpotHttpError {
    return new HubSpotHttpError(
      403,
      'MISSING_SCOPES',
      "This app hasn't been granted all required scopes to make this call.",
      {
        errors: [
          {
            message: 'One or more of the following scopes are required.',
            context: { requiredGranularScopes: required },
          },
        ],
      },
    );
  }

  /** 404 for one object. */
  static notFound(id: string): HubSpotHttpError {
    return new HubSpotHttpError(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', {
      context: { id: [id] },
    });
  }

  /** 400 for a malformed request (bad JSON, too many inputs, unknown operator). */
  static badRequest(message: string, extra: Record<string, unknown> = {}): HubSpotHttpError {
    return new HubSpotHttpError(400, 'VALIDATION_ERROR', message, extra);
  }

  /** 429 with `Retry-After` in whole seconds, as HubSpot's secondly limit answers. */
  static rateLimited(retryAfterSeconds: number): HubSpotHttpError {
    return new HubSpotHttpError(
      429,
      'RATE_LIMITS',
      'You have reached your secondly limit.',
      { errorType: 'RATE_LIMIT', policyName: 'SECONDLY' },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}
