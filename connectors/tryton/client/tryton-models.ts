import { IntegrationError, ValidationError } from '../../../src/errors';
import type { TrytonRpc } from './tryton-rpc';
import { decimal } from './tryton-values';
import { unitSymbols } from './unit-symbols';

/** A row as `read` returns it: Tryton field name -> decoded value. */
export type Row = Record<string, unknown> & { id: number };

/** How one connector entity maps onto a Tryton model. */
export interface TrytonModel {
  model: string;
  /** Fields `read` must return for {@link toFields}; `write_date`/`create_date` are added. */
  readFields: string[];
  /** Builds entity fields for a batch of rows (one extra read per related model, not per row). */
  toFields(rpc: TrytonRpc, rows: Row[]): Promise<Record<string, unknown>[]>;
  /** Tryton values that create a record from entity fields. Absent for read-only entities. */
  createValues?(rpc: TrytonRpc, fields: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Work after the create committed (quote and confirm a sale); throws when it failed. */
  afterCreate?(rpc: TrytonRpc, id: number, fields: Record<string, unknown>): Promise<void>;
  /** Writes entity fields onto an existing record. */
  write?(rpc: TrytonRpc, id: number, fields: Record<string, unknown>): Promise<void>;
  /** Search key -> domain clause builder. */
  searchKeys: Record<string, (value: string) => unknown[]>;
  /** Tryton field -> entity field, so validation errors name the field the mapping wrote. */
  fieldNames: Record<string, string>;
}

/** Reads `fields` of `ids` of `model`, keyed by id. */
export async function readById(
  rpc: TrytonRpc,
  model: string,
  ids: number[],
  fields: string[],
): Promise<Map<number, Row>> {
  if (ids.length === 0) return new Map();
  const rows = await rpc.model<Row[]>(model, 'read', [[...new Set(ids)], fields]);
  return new Map(rows.map((row) => [row.id, row]));
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));
/** Tryton on SQLite answers Boolean fields as 0/1. */
const bool = (value: unknown): boolean => value === true || value === 1;
const has = (fields: Record<string, unknown>, name: string): boolean => Object.hasOwn(fields, name);
const MECHANISMS = { phoneNumber: 'phone', email: 'email', website: 'website' } as const;

/** Parties as customers: name, first address, first phone/email/website. */
export const customerModel: TrytonModel = {
  model: 'party.party',
  readFields: ['name', 'code', 'active', 'addresses', 'phone', 'email', 'website'],
  async toFields(rpc, rows) {
    const firstAddress = rows
      .map((row) => (row.addresses as number[])[0])
      .filter((id): id is number => id !== undefined);
    const addresses = await readById(rpc, 'party.address', firstAddress, ['street', 'city', 'postal_code']);
    return rows.map((row) => {
      const address = addresses.get((row.addresses as number[])[0] ?? -1);
      return {
        number: str(row.code),
        displayName: str(row.name),
        addressLine1: str(address?.street),
        city: str(address?.city),
        postalCode: str(address?.postal_code),
        phoneNumber: str(row.phone),
        email: str(row.email),
        website: str(row.website),
        active: bool(row.active),
      };
    });
  },
  async createValues(_rpc, fields) {
    const address = addressValues(fields);
    const mechanisms = Object.entries(MECHANISMS)
      .filter(([field]) => str(fields[field]) !== '')
      .map(([field, type]) => ({ type, value: str(fields[field]) }));
    return {
      ...(has(fields, 'displayName') ? { name: fields.displayName } : {}),
      ...(Object.keys(address).length > 0 ? { addresses: [['create', [address]]] } : {}),
      ...(mechanisms.length > 0 ? { contact_mechanisms: [['create', mechanisms]] } : {}),
    };
  },
  async write(rpc, id, fields) {
    const [party] = await rpc.model<Row[]>('party.party', 'read', [[id], ['addresses', 'contact_mechanisms']]);
    if (!party) throw new IntegrationError('not_found', `party.party ${id} does not exist`);
    const values: Record<string, unknown> = {};
    if (has(fields, 'displayName')) values.name = fields.displayName;
    const address = addressValues(fields);
    if (Object.keys(address).length > 0) {
      const first = (party.addresses as number[])[0];
      values.addresses = first === undefined ? [['create', [address]]] : [['write', [first], address]];
    }
    const existing = await readById(rpc, 'party.contact_mechanism', party.contact_mechanisms as number[], ['type']);
    const operations: unknown[] = [];
    for (const [field, type] of Object.entries(MECHANISMS)) {
      if (!has(fields, field)) continue;
      const value = str(fields[field]);
      const current = [...existing.values()].find((row) => row.type === type);
      if (current && value === '') operations.push(['delete', [current.id]]);
      else if (current) operations.push(['write', [current.id], { value }]);
      else if (value !== '') operations.push(['create', [{ type, value }]]);
    }
    if (operations.length > 0) values.contact_mechanisms = operations;
    // Always written, even with no party-level change: it moves the party's write_date, which
    // is what listChanges reads (an address edit alone only dates the address row).
    if (!has(values, 'name')) values.active = true;
    await rpc.model('party.party', 'write', [[id], values]);
  },
  searchKeys: {
    displayName: (value) => [['name', '=', value]],
    number: (value) => [['code', '=', value]],
    email: (value) => [
      [
        'contact_mechanisms',
        'where',
        [
          ['type', '=', 'email'],
          ['value', '=', value],
        ],
      ],
    ],
    phoneNumber: (value) => [
      [
        'contact_mechanisms',
        'where',
        [
          ['type', '=', 'phone'],
          ['value', '=', value],
        ],
      ],
    ],
    website: (value) => [
      [
        'contact_mechanisms',
        'where',
        [
          ['type', '=', 'website'],
          ['value', '=', value],
        ],
      ],
    ],
  },
  fieldNames: { name: 'displayName', code: 'number', street: 'addressLine1', city: 'city', postal_code: 'postalCode' },
};

function addressValues(fields: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (has(fields, 'addressLine1')) values.street = str(fields.addressLine1);
  if (has(fields, 'city')) values.city = str(fields.city);
  if (has(fields, 'postalCode')) values.postal_code = str(fields.postalCode);
  return values;
}

/** Product templates with their variants; one variant is created with each template. */
export const itemModel: TrytonModel = {
  model: 'product.template',
  readFields: ['name', 'code', 'type', 'list_price', 'salable', 'default_uom', 'products', 'account_category'],
  async toFields(rpc, rows) {
    const uoms = await unitSymbols(rpc, rows);
    const variants = await readById(
      rpc,
      'product.product',
      rows.flatMap((r) => r.products as number[]),
      ['code'],
    );
    return rows.map((row) => ({
      name: str(row.name),
      code: str(row.code),
      type: row.type,
      listPrice: row.list_price == null ? null : str(row.list_price),
      salable: bool(row.salable),
      unit: str(uoms.get(row.default_uom as number)),
      accountCategoryId: str(row.account_category),
      variants: (row.products as number[]).map((id) => ({ id: String(id), code: str(variants.get(id)?.code) })),
    }));
  },
  async createValues(rpc, fields) {
    const symbol = str(fields.unit) || 'u';
    const [uom] = await rpc.model<number[]>('product.uom', 'search', [[['symbol', '=', symbol]], 0, 1, null]);
    if (uom === undefined) {
      throw new ValidationError(`no unit of measure "${symbol}"`, [{ field: 'unit', message: 'unknown unit' }]);
    }
    const salable = fields.salable !== false;
    return {
      ...itemValues(fields),
      type: fields.type ?? 'goods',
      default_uom: uom,
      salable,
      ...(salable ? { sale_uom: uom } : {}),
      // Without it Tryton creates a template with no variant, which no sale line can use.
      products: [['create', [{}]]],
    };
  },
  async write(rpc, id, fields) {
    await rpc.model('product.template', 'write', [[id], itemValues(fields)]);
  },
  searchKeys: { name: (value) => [['name', '=', value]], code: (value) => [['code', '=', value]] },
  fieldNames: {
    name: 'name',
    code: 'code',
    list_price: 'listPrice',
    type: 'type',
    default_uom: 'unit',
    account_category: 'accountCategoryId',
  },
};

function itemValues(fields: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (has(fields, 'name')) values.name = fields.name;
  if (has(fields, 'code')) values.code = fields.code === '' ? null : fields.code;
  if (has(fields, 'type')) values.type = fields.type;
  if (has(fields, 'salable')) values.salable = fields.salable;
  if (has(fields, 'listPrice') && fields.listPrice != null) values.list_price = decimal(str(fields.listPrice));
  if (has(fields, 'accountCategoryId')) {
    values.account_category = str(fields.accountCategoryId) === '' ? null : Number(fields.accountCategoryId);
  }
  return values;
}
