import type { CrmObjectSchema, PropertyDefinition } from './crm-schemas';

/** One rejected property value, in HubSpot's terms (`code` such as INVALID_EMAIL). */
export interface PropertyProblem {
  propertyName: string;
  code: string;
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks and stringifies property values for a write, as HubSpot does: unknown and
 * read-only properties are rejected, numbers/booleans become strings, `null` or `''` clear a
 * value, emails and numbers must parse, enumerations must use one of their options.
 *
 * @example
 * validateProperties(CRM_OBJECT_SCHEMAS.contacts, { email: 'nope' }).problems[0]?.code // 'INVALID_EMAIL'
 */
export function validateProperties(
  schema: CrmObjectSchema,
  input: Record<string, unknown>,
): { values: Record<string, string | null>; problems: PropertyProblem[] } {
  const values: Record<string, string | null> = {};
  const problems: PropertyProblem[] = [];
  for (const [name, raw] of Object.entries(input)) {
    const definition = schema.properties[name];
    if (!definition) {
      problems.push({
        propertyName: name,
        code: 'PROPERTY_DOESNT_EXIST',
        message: `Property "${name}" does not exist`,
      });
      continue;
    }
    if (definition.readOnly) {
      problems.push({ propertyName: name, code: 'READ_ONLY_VALUE', message: `${name} is a read only property` });
      continue;
    }
    if (raw !== null && typeof raw === 'object') {
      problems.push({
        propertyName: name,
        code: 'INVALID_OPTION',
        message: `${name} must be a string, number or boolean`,
      });
      continue;
    }
    const value = raw === null || raw === undefined || raw === '' ? null : String(raw);
    const problem = value === null ? undefined : checkValue(name, value, definition);
    if (problem) problems.push(problem);
    else values[name] = value;
  }
  return { values, problems };
}

/**
 * Checks one non-empty value against its definition; also used for upsert `id` values.
 *
 * @example
 * checkValue('email', 'ann@', { type: 'email' })?.code // 'INVALID_EMAIL'
 */
export function checkValue(name: string, value: string, definition: PropertyDefinition): PropertyProblem | undefined {
  switch (definition.type) {
    case 'email':
      return EMAIL.test(value)
        ? undefined
        : { propertyName: name, code: 'INVALID_EMAIL', message: `Email address ${value} is invalid` };
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value))
        ? undefined
        : { propertyName: name, code: 'INVALID_INTEGER', message: `${value} was not a valid number.` };
    case 'enumeration':
      return definition.options?.includes(value)
        ? undefined
        : {
            propertyName: name,
            code: 'INVALID_OPTION',
            message: `${value} was not one of the allowed options: ${(definition.options ?? []).join(', ')}`,
          };
    case 'datetime':
    case 'date':
      return /^\d+$/.test(value) || !Number.isNaN(Date.parse(value))
        ? undefined
        : { propertyName: name, code: 'INVALID_DATE', message: `${value} is not a valid date` };
    default:
      return undefined;
  }
}
