import {
  AuthError,
  type FieldError,
  IntegrationError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from '../../../src/errors';

/** The `error` member of a Tryton JSON-RPC answer: `[name, args]`, args `[message, description, domain]` for user errors. */
export type TrytonRpcError = [string, unknown];

/** Resolves a field label ("Default UOM") of a model to its technical name (`default_uom`). */
export type FieldLabelResolver = (model: string | undefined, label: string) => string | undefined;

const REQUIRED = /A value is required for field "([^"]+)" in "([^"]+)"/;
const FIELD_IN = /field "([^"]+)" (?:in|of) "([^"]+)"/i;
const MISSING = /records? "[^"]*" of "[^"]+" that don't exist|don't exist anymore/i;
// AccessError and its relatives are UserErrors on the wire; only their wording tells them apart.
const ACCESS = /not allowed to|access rule|do not have (?:the )?(?:permission|access)/i;

/**
 * Maps a Tryton RPC error onto our codes. Tryton sends AccessError, ValidationError and
 * UserError all as `UserError`; the message says which: "You are not allowed to ..." is a
 * permission problem, "records ... don't exist" is not found, the rest is validation, with
 * the field resolved from its label when the message names one.
 *
 * @example
 * errorFromTrytonRpc(['UserError', ['A value is required for field "Name" in "Party".', '', null]], 'model.party.party.create', resolve)
 */
export function errorFromTrytonRpc(
  error: TrytonRpcError,
  operation: string,
  resolveField: FieldLabelResolver = () => undefined,
): IntegrationError {
  const [name, args] = Array.isArray(error) ? error : ['Error', error];
  const message = Array.isArray(args) && typeof args[0] === 'string' ? args[0] : String(args);
  const description = Array.isArray(args) && typeof args[1] === 'string' && args[1] ? ` ${args[1]}` : '';
  const text = `${operation}: ${message}${description}`;
  const details = { operation, trytonError: name };
  if (name === 'LoginException' || name === 'NotLogged') return new AuthError(text, { details });
  if (name === 'ConcurrencyException') return new IntegrationError('stale_etag', text, { status: 409, details });
  if (name === 'UserError' || name === 'UserWarning') {
    if (ACCESS.test(message)) return new PermissionDeniedError(text, { details });
    if (MISSING.test(message)) return new NotFoundError(text, { details });
    return new ValidationError(text, fieldErrorsOf(message, operation, resolveField), { details });
  }
  // Anything else is a Python exception: [str(exception), traceback]. Not retried: it is a bug
  // or a misconfiguration on the Tryton side, and repeating the call will not fix it.
  const summary = typeof args === 'string' ? (args.trim().split('\n').at(-1) ?? '') : '';
  return new IntegrationError('server_error', `${operation}: ${name} ${summary}`.trim(), {
    retryable: false,
    details,
  });
}

function fieldErrorsOf(message: string, operation: string, resolveField: FieldLabelResolver): FieldError[] {
  const match = REQUIRED.exec(message) ?? FIELD_IN.exec(message);
  if (!match) return [];
  const model = /^model\.(.+)\.[a-z_]+$/.exec(operation)?.[1];
  const label = match[1] as string;
  return [{ field: resolveField(model, label) ?? label, message }];
}
