import { z } from 'zod';
import type { EntityDescription, FieldDescription } from '../../../src/connectors';
import { crmEntityType } from './crm-entity-types';
import type { CrmHttp } from './crm-http';
import { parseResponse } from './crm-responses';

const PropertiesResponse = z.object({
  results: z.array(
    z.object({
      name: z.string(),
      label: z.string().optional(),
      type: z.string(),
      fieldType: z.string().optional(),
      options: z.array(z.object({ value: z.string() })).default([]),
      hubspotDefined: z.boolean().optional(),
      modificationMetadata: z.object({ readOnlyValue: z.boolean().optional() }).optional(),
    }),
  ),
});

// Fields the connector assembles from associations rather than reads as HubSpot properties (a
// quote's inlined line items): the live property list never has them, and they are not drift.
const ASSEMBLED: Record<string, FieldDescription[]> = {
  quote: [{ name: 'line_items', type: 'array', nullable: false }],
};

/**
 * Reads HubSpot's property definitions (`GET /crm/v3/properties/{objectType}`) as an entity
 * description. Types are those of `ConnectorRecord.fields`: HubSpot sends every value as a
 * string, so only picklists (`enumeration`, with their options) differ from `string`. A
 * property is read-only when HubSpot says so and it is not an app-defined one.
 *
 * @example
 * const live = await describeCrmEntity(http, 'company');
 */
export async function describeCrmEntity(http: CrmHttp, entity: string): Promise<EntityDescription> {
  const type = crmEntityType(entity);
  const path = `/crm/v3/properties/${type.objectType}`;
  const response = await http.request({ method: 'GET', path });
  const body = parseResponse(PropertiesResponse, response.data, `GET ${path}`);
  const fields = body.results.map(
    (p): FieldDescription => ({
      name: p.name,
      type: p.type === 'enumeration' ? 'enumeration' : 'string',
      nullable: true,
      ...(p.label ? { label: p.label } : {}),
      ...(p.type === 'enumeration' ? { options: p.options.map((o) => o.value) } : {}),
      // An app's own property (hubspotDefined false, e.g. erp_*) is read-only for people only:
      // the app's token writes it, so a mapping may target it.
      ...(p.modificationMetadata?.readOnlyValue && p.hubspotDefined !== false ? { readOnly: true } : {}),
    }),
  );
  return { entity, fields: [...fields, ...(ASSEMBLED[entity] ?? [])] };
}
