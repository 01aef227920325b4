import { EMPTY_GUID, type EntitySetDef, type FieldDef } from './erp-entities';

/** One problem with a write body, in the shape of an OData error `details` entry. */
export interface FieldIssue {
  /** `BadRequest` for a malformed body, `Internal_FieldValidation` for a value BC refuses. */
  code: 'BadRequest' | 'Internal_FieldValidation';
  /** The field, so clients can map the error onto their own field. */
  target: string;
  message: string;
}

/** Answers "does a record of `set` with this id/number exist?" for reference checks. */
export type ReferenceLookup = (set: string, by: 'id' | 'number', value: string) => boolean;

/** Outcome of {@link validateWrite}: the normalised values to store, or every issue found. */
export type WriteValidation = { ok: true; values: Record<string, unknown> } | { ok: false; issues: FieldIssue[] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deliberately loose, like BC: one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EDM_TYPE = {
  string: 'Edm.String',
  number: 'Edm.Decimal',
  boolean: 'Edm.Boolean',
  guid: 'Edm.Guid',
  datetime: 'Edm.DateTimeOffset',
};

/**
 * Checks a POST or PATCH body against an entity set's field rules and returns the values to
 * store (with defaults on create, GUIDs lower-cased). Reports every issue at once, each naming
 * its field, so a client can show all field errors of a record in one round trip.
 *
 * @example
 * const result = validateWrite(ENTITY_SETS.customers, { displayName: 'Adatum' }, 'create', () => true);
 * if (!result.ok) console.log(result.issues.map((issue) => issue.target));
 */
export function validateWrite(
  def: EntitySetDef,
  body: unknown,
  mode: 'create' | 'update',
  exists: ReferenceLookup,
): WriteValidation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      issues: [{ code: 'BadRequest', target: '', message: 'The request body must be a JSON object.' }],
    };
  }
  const issues: FieldIssue[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(body)) {
    const field = Object.hasOwn(def.fields, name) ? def.fields[name] : undefined;
    if (field === undefined) {
      issues.push(badRequest(name, `The property '${name}' does not exist on type '${def.odataType}'.`));
      continue;
    }
    if (field.readOnly) {
      issues.push(badRequest(name, `The property '${name}' of type '${def.odataType}' is read-only.`));
      continue;
    }
    const checked = checkValue(def, name, field, raw, exists);
    if ('issue' in checked) issues.push(checked.issue);
    else values[name] = checked.value;
  }
  if (mode === 'create') {
    for (const [name, field] of Object.entries(def.fields)) {
      if (field.required && !(name in values) && !issues.some((issue) => issue.target === name)) {
        issues.push(required(def, name));
      }
      if (!(name in values) && field.default !== undefined) values[name] = field.default;
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}

function checkValue(
  def: EntitySetDef,
  name: string,
  field: FieldDef,
  raw: unknown,
  exists: ReferenceLookup,
): { value: unknown } | { issue: FieldIssue } {
  if (raw === null) {
    if (field.nullable) return { value: null };
    const edm = `${EDM_TYPE[field.type]}[Nullable=False]`;
    return {
      issue: badRequest(
        name,
        `A null value was found for the property named '${name}', which has the expected type '${edm}'. The expected type '${edm}' does not allow null values.`,
      ),
    };
  }
  const expected = field.type === 'guid' ? 'string' : field.type;
  if (typeof raw !== expected || (typeof raw === 'number' && !Number.isFinite(raw))) {
    return {
      issue: badRequest(name, `Cannot convert the value of ${name} to the expected type '${EDM_TYPE[field.type]}'.`),
    };
  }
  if (typeof raw !== 'string') return { value: raw };
  const invalid = (why: string) => ({ issue: fieldValidation(name, why) });
  if (field.required && raw.trim() === '') return { issue: required(def, name) };
  if (field.maxLength !== undefined && raw.length > field.maxLength) {
    return invalid(
      `The length of the string in ${name} is ${raw.length}, but it must be less than or equal to ${field.maxLength} characters.`,
    );
  }
  if (field.values && !field.values.includes(raw)) {
    const allowed = field.values.map((value) => `'${value}'`).join(', ');
    return invalid(`The field ${name} of table ${def.table} contains a value (${raw}) that is not one of ${allowed}.`);
  }
  if (field.format === 'email' && raw !== '' && !EMAIL.test(raw)) {
    return invalid(
      `The field ${name} of table ${def.table} contains a value (${raw}) that is not a valid e-mail address.`,
    );
  }
  if (field.format === 'date' && raw !== '' && (!DATE.test(raw) || Number.isNaN(Date.parse(raw)))) {
    return invalid(`The value '${raw}' of ${name} is not a valid date (YYYY-MM-DD).`);
  }
  let value = raw;
  if (field.type === 'guid') {
    if (raw === '') return { value: field.nullable ? null : EMPTY_GUID };
    if (!GUID.test(raw)) return { issue: badRequest(name, `The value '${raw}' of ${name} is not a valid GUID.`) };
    value = raw.toLowerCase();
  }
  const ref = field.references;
  if (ref && value !== '' && value !== EMPTY_GUID && !exists(ref.set, ref.by, value)) {
    return invalid(
      `The field ${name} of table ${def.table} contains a value (${raw}) that cannot be found in the related table (${ref.table}).`,
    );
  }
  return { value };
}

function badRequest(target: string, message: string): FieldIssue {
  return { code: 'BadRequest', target, message };
}

function fieldValidation(target: string, message: string): FieldIssue {
  return { code: 'Internal_FieldValidation', target, message };
}

function required(def: EntitySetDef, name: string): FieldIssue {
  return fieldValidation(name, `${name} must have a value in ${def.table}. It cannot be zero or empty.`);
}
