import type { Hono } from 'hono';
import { objectScope } from './bearer-auth';
import type { CrmEnv } from './crm-env';
import type { PropertyDefinition } from './crm-schemas';

const FIELD_TYPE: Record<PropertyDefinition['type'], string> = {
  string: 'text',
  number: 'number',
  datetime: 'date',
  date: 'date',
  enumeration: 'select',
  email: 'text',
};

/**
 * Registers HubSpot's `GET /crm/v3/properties/{objectType}`: every property of an object type
 * with its `type`, `fieldType` and picklist `options`, so clients can detect schema drift.
 *
 * @example
 * registerPropertyRoutes(app);
 * // GET /crm/v3/properties/companies -> { results: [{ name: 'industry', type: 'enumeration', options: [...] }] }
 */
export function registerPropertyRoutes(app: Hono<CrmEnv>): void {
  app.get('/crm/v3/properties/:objectType', objectScope('read'), (c) => {
    const schema = c.get('schema');
    const results = Object.entries(schema.properties).map(([name, definition]) => ({
      name,
      label: name.replace(/_/g, ' ').replace(/^\w/, (ch) => ch.toUpperCase()),
      // HubSpot has no separate e-mail type: it is a string property with a text field.
      type: definition.type === 'email' ? 'string' : definition.type,
      fieldType: FIELD_TYPE[definition.type],
      groupName: `${schema.name.replace(/s$/, '')}information`,
      hasUniqueValue: definition.unique === true,
      // App-created properties are hubspotDefined false; clients tell "read-only for people"
      // (an app-owned erp_* property its token writes) from "read-only for everyone" by it.
      hubspotDefined: definition.custom !== true,
      modificationMetadata: {
        readOnlyValue: definition.readOnly === true || definition.appOwned === true,
        archivable: !definition.readOnly,
      },
      options: (definition.options ?? []).map((value, displayOrder) => ({
        label: value,
        value,
        displayOrder,
        hidden: false,
      })),
    }));
    return c.json({ results });
  });
}
