import type { PropertyDefinition } from './crm-schemas';

/** System properties HubSpot sets on every object and always returns. */
export const SYSTEM_PROPERTIES = ['hs_object_id', 'createdate', 'hs_lastmodifieddate'] as const;

/** Their definitions, spread into every object schema. */
export const SYSTEM: Readonly<Record<(typeof SYSTEM_PROPERTIES)[number], PropertyDefinition>> = {
  hs_object_id: { type: 'number', readOnly: true },
  createdate: { type: 'datetime', readOnly: true },
  hs_lastmodifieddate: { type: 'datetime', readOnly: true },
};
