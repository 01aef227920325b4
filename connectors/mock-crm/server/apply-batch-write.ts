import { targetTypeOfAssociation } from './association-types';
import type { CrmObject } from './crm-object';
import type { CrmObjectSchema } from './crm-schemas';
import type { CrmStore } from './crm-store';
import { HubSpotHttpError } from './hubspot-http-error';
import type { CreateInput, UpdateInput, UpsertInput } from './request-schemas';
import { UniqueValueConflict } from './unique-value-conflict';
import { checkValue, type PropertyProblem, validateProperties } from './validate-properties';

/** A per-input failure of a batch call; `context.inputIndex` names the input (mock extension). */
export interface BatchItemError {
  status: 'error';
  category: 'VALIDATION_ERROR' | 'OBJECT_NOT_FOUND' | 'CONFLICT';
  message: string;
  context: Record<string, string[]>;
  errors?: Array<{ message: string; code: string; context: { propertyName: string[] } }>;
}

/** A successful input: the written object and whether it was created. */
export interface BatchItemResult {
  object: CrmObject;
  isNew: boolean;
  objectWriteTraceId?: string;
}

/** Everything a batch write did, input by input. */
export interface BatchWriteOutcome {
  results: BatchItemResult[];
  errors: BatchItemError[];
}

/** The inputs of one batch call, tagged with its kind. */
export type BatchWrite =
  | { kind: 'create'; inputs: CreateInput[] }
  | { kind: 'update'; inputs: UpdateInput[] }
  | { kind: 'upsert'; inputs: UpsertInput[] };

type AnyInput = CreateInput | UpdateInput | UpsertInput;

/**
 * Applies a batch create/update/upsert input by input under one timestamp. A bad input
 * becomes a {@link BatchItemError} naming its index and never stops the others, which is
 * what lets the client return one result per item (HubSpot itself fails the whole batch).
 * Duplicate ids in one call are refused as a whole, like HubSpot does.
 *
 * @example
 * const { results, errors } = applyBatchWrite(store, schema, { kind: 'create', inputs: [{ properties: { name: 'Acme' } }] });
 */
export function applyBatchWrite(store: CrmStore, schema: CrmObjectSchema, write: BatchWrite): BatchWriteOutcome {
  if (write.kind !== 'create') assertNoDuplicateIds(write.inputs);
  const outcome: BatchWriteOutcome = { results: [], errors: [] };
  store.writeBatch(() => {
    for (const [index, input] of (write.inputs as AnyInput[]).entries()) {
      applyOne(store, schema, write.kind, input, index, outcome);
    }
  });
  return outcome;
}

function applyOne(
  store: CrmStore,
  schema: CrmObjectSchema,
  kind: BatchWrite['kind'],
  input: AnyInput,
  index: number,
  outcome: BatchWriteOutcome,
): void {
  const context: Record<string, string[]> = { inputIndex: [String(index)] };
  if (input.objectWriteTraceId) context.objectWriteTraceId = [input.objectWriteTraceId];
  const fail: Fail = (error, extra = {}) =>
    outcome.errors.push({ status: 'error', ...error, context: { ...context, ...extra } });
  const { values, problems } = validateProperties(schema, input.properties);
  if (problems.length > 0) {
    fail(validationFailure(problems), { propertyName: problems.map((p) => p.propertyName) });
    return;
  }
  try {
    const written =
      kind === 'create'
        ? create(store, schema, input as CreateInput, values, fail)
        : kind === 'update'
          ? update(store, schema, input as UpdateInput, values, fail)
          : upsert(store, schema, input as UpsertInput, values, fail);
    if (!written) return;
    const result: BatchItemResult = { object: written.object, isNew: written.isNew };
    if (input.objectWriteTraceId) result.objectWriteTraceId = input.objectWriteTraceId;
    outcome.results.push(result);
  } catch (error) {
    if (!(error instanceof UniqueValueConflict)) throw error;
    const message = `A ${schema.name} object with this ${error.property} already exists. Existing ID: ${error.existingId}`;
    fail(
      {
        category: 'CONFLICT',
        message,
        errors: [{ message, code: 'OBJECT_ALREADY_EXISTS', context: { propertyName: [error.property] } }],
      },
      { propertyName: [error.property], existingId: [error.existingId] },
    );
  }
}

type Fail = (error: Omit<BatchItemError, 'status' | 'context'>, extra?: Record<string, string[]>) => unknown;
type Written = { object: CrmObject; isNew: boolean } | undefined;

function create(
  store: CrmStore,
  schema: CrmObjectSchema,
  input: CreateInput,
  values: Record<string, string | null>,
  fail: Fail,
): Written {
  const links: Array<[string, string]> = [];
  for (const association of input.associations ?? []) {
    const typeId = association.types[0]!.associationTypeId;
    const target = targetTypeOfAssociation(schema.name, typeId);
    const targetObject = target ? store.get(target, association.to.id) : undefined;
    if (!target || !targetObject || targetObject.archived) {
      const message = target
        ? `Association target ${association.to.id} does not exist`
        : `Association type ${typeId} is not valid from ${schema.name}`;
      fail({ category: 'VALIDATION_ERROR', message }, { toObjectId: [association.to.id] });
      return undefined;
    }
    links.push([target, association.to.id]);
  }
  const object = store.create(schema.name, values);
  for (const [target, toId] of links) {
    store.associate(schema.name, object.id, target, toId, { touch: false });
    // The target's associations changed too (HubSpot bumps its association counts).
    store.update(target, toId, {});
  }
  return { object, isNew: true };
}

function update(
  store: CrmStore,
  schema: CrmObjectSchema,
  input: UpdateInput,
  values: Record<string, string | null>,
  fail: Fail,
): Written {
  if (input.idProperty && !schema.properties[input.idProperty]?.unique) {
    fail({ category: 'VALIDATION_ERROR', message: `${input.idProperty} is not a unique property` });
    return undefined;
  }
  const existing = input.idProperty
    ? store.getByUnique(schema.name, input.idProperty, input.id)
    : store.get(schema.name, input.id);
  const object = existing && !existing.archived ? store.update(schema.name, existing.id, values) : undefined;
  if (!object) {
    fail({ category: 'OBJECT_NOT_FOUND', message: `Object ${input.id} not found` }, { ids: [input.id] });
    return undefined;
  }
  return { object, isNew: false };
}

function upsert(
  store: CrmStore,
  schema: CrmObjectSchema,
  input: UpsertInput,
  values: Record<string, string | null>,
  fail: Fail,
): Written {
  const definition = schema.properties[input.idProperty];
  if (!definition?.unique) {
    fail({ category: 'VALIDATION_ERROR', message: `${input.idProperty} is not a unique property` });
    return undefined;
  }
  const problem = checkValue(input.idProperty, input.id, definition);
  if (problem) {
    fail(validationFailure([problem]), { propertyName: [problem.propertyName] });
    return undefined;
  }
  const existing = store.getByUnique(schema.name, input.idProperty, input.id);
  if (existing) return { object: store.update(schema.name, existing.id, values)!, isNew: false };
  return { object: store.create(schema.name, { ...values, [input.idProperty]: input.id }), isNew: true };
}

/** HubSpot's 400 message embeds the problems as JSON; the `errors` array repeats them. */
function validationFailure(problems: PropertyProblem[]): Omit<BatchItemError, 'status' | 'context'> {
  const summary = problems.map((p) => ({ isValid: false, message: p.message, error: p.code, name: p.propertyName }));
  return {
    category: 'VALIDATION_ERROR',
    message: `Property values were not valid: ${JSON.stringify(summary)}`,
    errors: problems.map((p) => ({ message: p.message, code: p.code, context: { propertyName: [p.propertyName] } })),
  };
}

function assertNoDuplicateIds(inputs: ReadonlyArray<{ id: string; idProperty?: string }>): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const input of inputs) {
    const key = input.idProperty ? `${input.idProperty}:${input.id.trim().toLowerCase()}` : input.id;
    if (seen.has(key)) duplicates.add(input.id);
    seen.add(key);
  }
  if (duplicates.size > 0) {
    throw HubSpotHttpError.badRequest(`Duplicate IDs found in batch input: [${[...duplicates].join(', ')}]`);
  }
}
