import type { ConnectorRecord } from '../../../src/connectors';
import type { CrmEntityType } from './crm-entity-types';
import type { CrmHttp } from './crm-http';
import {
  type ApiObject,
  AssociationBatchResponse,
  BatchResponse,
  parseResponse,
  toConnectorRecord,
} from './crm-responses';

/** HubSpot's limit of ids per v3 batch read. */
const MAX_BATCH_READ = 100;
/** The line item properties a quote carries inline (decision 010). */
const QUOTE_LINE_PROPERTIES = ['name', 'hs_product_id', 'quantity', 'price', 'hs_discount_percentage'] as const;

/**
 * Turns one page of HubSpot objects into connector records with their associations and, for
 * quotes, their line items inlined as `fields.line_items`. Associations come from the objects
 * themselves when they were listed with `associations=` (`listed`), else from one v4 batch read
 * per association type; line items from one batch read per page (per 100 lines), never one
 * call per quote. An archived object is a record with `archived: true` whose `updatedAt` is
 * its `archivedAt`, the moment the change happened.
 *
 * @example
 * const records = await readRelated(http, crmEntityType('quote'), page.results, false);
 */
export async function readRelated(
  http: CrmHttp,
  type: CrmEntityType,
  objects: readonly ApiObject[],
  listed: boolean,
): Promise<ConnectorRecord[]> {
  const entries = Object.entries(type.associations);
  let associationsOf: (object: ApiObject) => Record<string, string[]> | undefined = () => undefined;
  if (entries.length > 0 && objects.length > 0) {
    const byEntity = listed ? undefined : await batchReadAssociations(http, type, objects);
    associationsOf = (object) =>
      Object.fromEntries(
        entries.map(([entity, toType]) => [
          entity,
          byEntity
            ? (byEntity[entity]?.get(object.id) ?? [])
            : unique(object.associations?.[toType]?.results.map((r) => r.id) ?? []),
        ]),
      );
  }
  const records = objects.map((object) => {
    const record = toConnectorRecord(object, associationsOf(object));
    if (object.archived) {
      record.archived = true;
      record.updatedAt = object.archivedAt ?? object.updatedAt;
    }
    return record;
  });
  if (type.objectType === 'quotes') await inlineLineItems(http, records);
  return records;
}

async function batchReadAssociations(
  http: CrmHttp,
  type: CrmEntityType,
  objects: readonly ApiObject[],
): Promise<Record<string, Map<string, string[]>>> {
  const byEntity: Record<string, Map<string, string[]>> = {};
  for (const [entity, toType] of Object.entries(type.associations)) {
    const path = `/crm/v4/associations/${type.objectType}/${toType}/batch/read`;
    const response = await http.request({
      method: 'POST',
      path,
      body: { inputs: objects.map((object) => ({ id: object.id })) },
      read: true,
    });
    const body = parseResponse(AssociationBatchResponse, response.data, `POST ${path}`);
    byEntity[entity] = new Map(
      body.results.map((result) => [result.from.id, unique(result.to.map((to) => to.toObjectId))]),
    );
  }
  return byEntity;
}

/** Reads every line item of the page's quotes in batches and puts them on each quote, in id order. */
async function inlineLineItems(http: CrmHttp, quotes: ConnectorRecord[]): Promise<void> {
  const ids = unique(quotes.flatMap((quote) => quote.associations?.line_item ?? []));
  const path = '/crm/v3/objects/line_items/batch/read';
  const lines = new Map<string, ApiObject>();
  for (let i = 0; i < ids.length; i += MAX_BATCH_READ) {
    const inputs = ids.slice(i, i + MAX_BATCH_READ).map((id) => ({ id }));
    const response = await http.request({
      method: 'POST',
      path,
      body: { inputs, properties: QUOTE_LINE_PROPERTIES },
      read: true,
    });
    for (const line of parseResponse(BatchResponse, response.data, `POST ${path}`).results) lines.set(line.id, line);
  }
  for (const quote of quotes) {
    // A line archived since the association was read is left out rather than invented.
    quote.fields.line_items = (quote.associations?.line_item ?? [])
      .map((id) => lines.get(id))
      .filter((line): line is ApiObject => line !== undefined)
      .map((line) => ({
        id: line.id,
        ...Object.fromEntries(QUOTE_LINE_PROPERTIES.map((name) => [name, line.properties[name] ?? null])),
      }));
  }
}

/**
 * Ids without repeats, first occurrence kept.
 *
 * @example
 * unique(['1', '2', '1']) // ['1', '2']
 */
export function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
