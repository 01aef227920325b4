import type {
  ChangePage,
  ConnectorMethods,
  ConnectorRecord,
  ListChangesInput,
  UpsertItem,
  UpsertResult,
} from '../../../src/connectors';
import { IntegrationError, TransportError, toIntegrationError, ValidationError } from '../../../src/errors';
import { productModel } from './product-model';
import { invoiceModel, saleModel } from './sale-models';
import { TrytonConfig, type TrytonConfigInput } from './tryton-config';
import { customerModel, itemModel, type Row, type TrytonModel } from './tryton-models';
import { decodePageToken, encodePageToken, mergeStreams, type PageToken, streamDomain } from './tryton-paging';
import { createTrytonRpc, type TrytonRpc } from './tryton-rpc';
import { fromTrytonDateTime, type TrytonDateTime } from './tryton-values';

/** Connector entity -> Tryton model. */
export const TRYTON_MODELS: Record<string, TrytonModel> = {
  customer: customerModel,
  item: itemModel,
  product: productModel,
  sale: saleModel,
  invoice: invoiceModel,
};

/** The Tryton connector's methods; `rpc` is exposed for set-up scripts and tests. */
export type TrytonClient = Required<
  Pick<ConnectorMethods, 'listChanges' | 'readByIds' | 'upsertBatch' | 'searchByKeys' | 'health'>
> & { close(): Promise<void>; rpc: TrytonRpc };

const MAX_KEY_MATCHES = 1000;

/** What happened to one item: its record id, or the error (with the id when the record exists anyway). */
type Outcome = { id: number } | { error: IntegrationError; id?: number };

/**
 * The Tryton connector over JSON-RPC. `listChanges` pages by `(write_date, id)` with an
 * inclusive lower bound; Tryton leaves `write_date` empty until the first write, so never
 * written records are a second stream keyed by `(create_date, id)`, merged in `updatedAt`
 * order. Keyset paging (no offsets) means a record edited while paging is never skipped.
 *
 * @example
 * const tryton = createTrytonClient({ url: 'http://127.0.0.1:8000', database: 'erp', username: 'admin', password });
 * const page = await tryton.listChanges({ entity: 'customer', since: null });
 */
export function createTrytonClient(input: TrytonConfigInput): TrytonClient {
  const config = TrytonConfig.parse(input);
  const rpc = createTrytonRpc(config);

  const toRecords = async (model: TrytonModel, rows: Row[]): Promise<ConnectorRecord[]> => {
    const fields = await model.toFields(rpc, rows);
    return rows.map((row, i) => ({
      id: String(row.id),
      updatedAt: fromTrytonDateTime((row.write_date ?? row.create_date) as TrytonDateTime),
      fields: fields[i] as Record<string, unknown>,
    }));
  };

  const readRows = async (model: TrytonModel, ids: number[]): Promise<Row[]> => {
    if (ids.length === 0) return [];
    const rows = await rpc.model<Row[]>(model.model, 'read', [ids, [...model.readFields, 'write_date', 'create_date']]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };

  const searchIds = (model: TrytonModel, domain: unknown[], limit: number | null, order: unknown[] | null) =>
    rpc.model<number[]>(model.model, 'search', [domain, 0, limit, order]);

  /** Creates the items in one call; when Tryton refuses the batch, one call per item finds the bad ones. */
  const createAll = async (model: TrytonModel, entity: string, items: UpsertItem[]): Promise<Map<string, Outcome>> => {
    const outcomes = new Map<string, Outcome>();
    const prepared: { item: UpsertItem; values: Record<string, unknown> }[] = [];
    for (const item of items) {
      try {
        if (!model.createValues) throw readOnly(entity);
        prepared.push({ item, values: await model.createValues(rpc, item.fields) });
      } catch (error) {
        outcomes.set(item.key, { error: fail(error, model) });
      }
    }
    const createOne = async (values: Record<string, unknown>[]) => rpc.model<number[]>(model.model, 'create', [values]);
    let ids: number[] | undefined;
    if (prepared.length > 1) {
      try {
        ids = await createOne(prepared.map((p) => p.values));
      } catch (error) {
        // Ambiguous: the batch may have been created. Reporting it beats creating it twice.
        if (error instanceof TransportError) {
          for (const { item } of prepared) outcomes.set(item.key, { error: fail(error, model) });
          return outcomes;
        }
      }
    }
    for (const [index, { item }] of prepared.entries()) {
      try {
        const id = ids?.[index] ?? (await createOne([prepared[index]!.values]))[0]!;
        outcomes.set(item.key, { id });
        await model.afterCreate?.(rpc, id, item.fields);
      } catch (error) {
        outcomes.set(item.key, { error: fail(error, model) });
      }
    }
    return outcomes;
  };

  const writeOne = async (model: TrytonModel, entity: string, item: UpsertItem): Promise<Outcome> => {
    try {
      if (!model.write) throw readOnly(entity);
      const id = Number(item.id);
      if (!Number.isInteger(id)) throw new IntegrationError('not_found', `tryton ${entity} ${item.id} does not exist`);
      await model.write(rpc, id, item.fields);
      return { id };
    } catch (error) {
      return { error: fail(error, model) };
    }
  };

  return {
    rpc,
    async listChanges({ entity, since, pageToken, limit }: ListChangesInput): Promise<ChangePage> {
      const model = modelOf(entity);
      const size = Math.min(limit ?? config.pageSize, config.pageSize);
      const token: PageToken = pageToken ? decodePageToken(pageToken) : { since, created: null, written: null };
      // search_read, not search then read: the dates that move the keys must be the ones the
      // search compared, or a record edited in between could push a key past unread records.
      const fields = [...model.readFields, 'write_date', 'create_date'];
      const [neverWritten, written] = await Promise.all([
        rpc.model<Row[]>(model.model, 'search_read', [
          streamDomain('created', token),
          0,
          size,
          [
            ['create_date', 'ASC'],
            ['id', 'ASC'],
          ],
          fields,
        ]),
        rpc.model<Row[]>(model.model, 'search_read', [
          streamDomain('written', token),
          0,
          size,
          [
            ['write_date', 'ASC'],
            ['id', 'ASC'],
          ],
          fields,
        ]),
      ]);
      const merged = mergeStreams(token, { created: neverWritten, written }, size);
      const records = await toRecords(model, merged.rows);
      return { records, ...(merged.next ? { nextPageToken: encodePageToken(merged.next) } : {}) };
    },

    async readByIds(entity: string, ids: readonly string[]): Promise<ConnectorRecord[]> {
      const model = modelOf(entity);
      const wanted = [...new Set(ids.map(Number).filter((id) => Number.isInteger(id) && id > 0))];
      if (wanted.length === 0) return [];
      // search first: reading an id that does not exist is an error in Tryton, not an empty answer.
      const existing = new Set(await searchIds(model, [['id', 'in', wanted]], null, null));
      return toRecords(
        model,
        await readRows(
          model,
          wanted.filter((id) => existing.has(id)),
        ),
      );
    },

    async upsertBatch(entity: string, items: readonly UpsertItem[]): Promise<UpsertResult[]> {
      const model = modelOf(entity);
      const outcomes = new Map<string, Outcome>();
      // Keys are the caller's; two items may share one, so results are matched by position.
      const keyed = items.map((item, index) => ({ ...item, key: String(index) }));
      const creates = keyed.filter((item) => item.id === undefined);
      for (let i = 0; i < creates.length; i += config.pageSize) {
        for (const [key, outcome] of await createAll(model, entity, creates.slice(i, i + config.pageSize))) {
          outcomes.set(key, outcome);
        }
      }
      for (const item of keyed.filter((candidate) => candidate.id !== undefined)) {
        outcomes.set(item.key, await writeOne(model, entity, item));
      }
      const written = [...outcomes.values()].flatMap((o) => ('id' in o && !('error' in o) ? [o.id] : []));
      const rows = await readRows(model, written);
      const records = new Map((await toRecords(model, rows)).map((r) => [r.id, r]));
      const createdAt = new Map(rows.map((row) => [String(row.id), row.create_date as TrytonDateTime]));
      return items.map((item, index): UpsertResult => {
        const outcome = outcomes.get(String(index));
        if (outcome && 'error' in outcome) return { key: item.key, ok: false, error: outcome.error };
        const record = outcome ? records.get(String(outcome.id)) : undefined;
        if (!record) {
          const error = new IntegrationError('not_found', `tryton ${entity} ${item.id ?? ''} vanished after the write`);
          return { key: item.key, ok: false, error };
        }
        if (item.id === undefined && model.afterCreate) {
          // The bridge's write is the create; what quote and confirm changed after it (number,
          // state) is Tryton's news. Answering the create's time keeps the echo memory on the
          // version the bridge wrote, so a status flow still reads the confirmed sale.
          const at = createdAt.get(record.id);
          return {
            key: item.key,
            ok: true,
            action: 'created',
            record: at ? { ...record, updatedAt: fromTrytonDateTime(at) } : record,
          };
        }
        return { key: item.key, ok: true, action: item.id === undefined ? 'created' : 'updated', record };
      });
    },

    async searchByKeys(entity: string, keys: Record<string, string>): Promise<ConnectorRecord[]> {
      const model = modelOf(entity);
      const clauses: unknown[] = [];
      for (const [field, value] of Object.entries(keys)) {
        const build = model.searchKeys[field];
        if (!build) {
          const known = Object.keys(model.searchKeys).join(', ');
          throw new IntegrationError('config_invalid', `tryton ${entity}: "${field}" is not a search key (${known})`);
        }
        if (typeof value === 'string' && value.trim() !== '') clauses.push(build(value));
      }
      if (clauses.length === 0) return [];
      const ids = await searchIds(model, ['OR', ...clauses], MAX_KEY_MATCHES, [['id', 'ASC']]);
      return toRecords(model, await readRows(model, ids));
    },

    async health() {
      try {
        await rpc.context();
        return { ok: true };
      } catch (error) {
        const detail = error instanceof IntegrationError ? `${error.code}: ${error.message}` : String(error);
        return { ok: false, detail };
      }
    },

    async close() {
      rpc.close();
    },
  };
}

function readOnly(entity: string): IntegrationError {
  return new IntegrationError('permission_denied', `tryton ${entity} is read-only in this connector`);
}

function fail(error: unknown, model: TrytonModel): IntegrationError {
  return renameFields(toIntegrationError(error), model);
}

function modelOf(entity: string): TrytonModel {
  const model = TRYTON_MODELS[entity];
  if (!model) {
    throw new IntegrationError(
      'config_invalid',
      `tryton has no entity "${entity}" (${Object.keys(TRYTON_MODELS).join(', ')})`,
    );
  }
  return model;
}

/** Names the entity field (`displayName`) instead of Tryton's (`name`) in validation errors. */
function renameFields(error: IntegrationError, model: TrytonModel): IntegrationError {
  if (!(error instanceof ValidationError)) return error;
  const fieldErrors = error.fieldErrors.map((f) => ({ ...f, field: model.fieldNames[f.field] ?? f.field }));
  return new ValidationError(error.message, fieldErrors, { cause: error.cause, details: error.details });
}
