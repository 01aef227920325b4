import type { EntityDefinition, EntityDescription, FieldDescription, FieldType } from './connector-types';

interface ZodLike {
  def?: { type?: string; innerType?: ZodLike; entries?: Record<string, string> };
  options?: readonly unknown[];
  shape?: Record<string, ZodLike>;
}

/**
 * Describes an entity from its zod schema plus the definition's required and read-only lists.
 * Connectors whose systems cannot describe themselves (or whose description is the schema they
 * ship) use this for `describeEntity`; the mapping validator uses it for every connector.
 *
 * @example
 * describeZodEntity('customer', { label: 'Customer', schema: Customer, requiredFields: ['displayName'] })
 * // { entity: 'customer', fields: [{ name: 'displayName', type: 'string', required: true, ... }, ...] }
 */
export function describeZodEntity(
  entity: string,
  definition: Pick<EntityDefinition, 'schema' | 'requiredFields' | 'readOnlyFields'>,
): EntityDescription {
  const shape = (definition.schema as unknown as ZodLike).shape ?? {};
  const required = new Set(definition.requiredFields ?? []);
  const readOnly = new Set(definition.readOnlyFields ?? []);
  const fields = Object.entries(shape).map(([name, schema]): FieldDescription => {
    const { type, nullable, options } = fieldType(schema);
    return {
      name,
      type,
      nullable,
      required: required.has(name),
      readOnly: readOnly.has(name),
      ...(options ? { options } : {}),
    };
  });
  return { entity, fields };
}

function fieldType(schema: ZodLike): { type: FieldType; nullable: boolean; options?: readonly string[] } {
  let current: ZodLike | undefined = schema;
  let nullable = false;
  while (current?.def?.innerType && ['nullable', 'optional', 'default'].includes(current.def.type ?? '')) {
    nullable ||= current.def.type !== 'default';
    current = current.def.innerType;
  }
  const kind = current?.def?.type;
  if (kind === 'enum') {
    const options = Object.values(current?.def?.entries ?? {}).map(String);
    return { type: 'enumeration', nullable, options };
  }
  const simple: Record<string, FieldType> = {
    string: 'string',
    number: 'number',
    int: 'number',
    boolean: 'boolean',
    date: 'datetime',
    array: 'array',
    object: 'object',
  };
  return { type: simple[kind ?? ''] ?? 'unknown', nullable };
}
