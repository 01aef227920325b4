import { ENTITY_SETS } from './erp-entities';
import type { ErpStore } from './erp-store';
import { validateWrite } from './validate-write';

const PRODUCTS = ['Bicycle', 'Touring Bike', 'Helmet', 'Pedal Set', 'Saddle', 'Chain', 'Front Wheel', 'Rear Wheel'];
const VARIANTS = ['', 'Pro', 'Sport', 'Junior', 'XL', 'Classic'];
const SERVICES = ['Installation', 'Annual Maintenance', 'Training Day', 'Extended Warranty', 'Support Plan'];

/**
 * Creates `count` deterministic items numbered from `1000`: Inventory goods with stock, every
 * tenth a Service (no stock, unlimited), and item `1007` blocked. Prices and costs are fixed
 * functions of the position, with margins between 20 % and 48 % so any seeded item passes the
 * default 10 % minimum at list price. No randomness: seeds of other sets are unaffected.
 *
 * @example
 * const ids = seedItems(store, 50); // item 1000 is "Bicycle", unitPrice 100, unitCost 80, inventory 20
 */
export function seedItems(store: ErpStore, count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const service = i % 10 === 9;
    const name = service
      ? SERVICES[Math.floor(i / 10) % SERVICES.length]
      : `${PRODUCTS[i % PRODUCTS.length]} ${VARIANTS[Math.floor(i / PRODUCTS.length) % VARIANTS.length]}`.trim();
    const unitPrice = 100 + ((i * 37) % 900);
    const margin = 0.2 + ((i * 7) % 29) / 100;
    const body = {
      displayName: name,
      displayName2: service ? 'Service, billed per unit' : `Catalogue item ${1000 + i}`,
      type: service ? 'Service' : 'Inventory',
      unitPrice,
      unitCost: Math.round(unitPrice * (1 - margin) * 100) / 100,
      inventory: service ? 0 : 20 + ((i * 13) % 180),
      blocked: i === 7,
    };
    const result = validateWrite(ENTITY_SETS.items, body, 'create', store.exists.bind(store));
    if (!result.ok) throw new Error(`seedItems produced an invalid item: ${result.issues[0]?.message}`);
    ids.push(store.create('items', result.values).data.id as string);
  }
  return ids;
}
