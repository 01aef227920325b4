import { UniqueValueConflict } from './unique-value-conflict';

type Properties = Readonly<Record<string, string | null | undefined>>;

const normalise = (value: string): string => value.trim().toLowerCase();

/**
 * Value-to-id maps for the unique properties of one object type (contact `email`, company
 * `tax_id`). Matching is trimmed and case-insensitive, as HubSpot treats emails.
 *
 * @example
 * const index = new UniqueIndex(['email']);
 * index.add({ email: 'Ann@Example.com' }, '1001');
 * index.get('email', 'ann@example.com'); // '1001'
 */
export class UniqueIndex {
  private readonly maps = new Map<string, Map<string, string>>();

  constructor(readonly properties: readonly string[]) {
    for (const property of properties) this.maps.set(property, new Map());
  }

  /** Id of the object holding `value`, if any. */
  get(property: string, value: string): string | undefined {
    return this.maps.get(property)?.get(normalise(value));
  }

  /** Throws {@link UniqueValueConflict} when a value in `properties` belongs to another id. */
  assertFree(properties: Properties, self?: string): void {
    for (const [property, map] of this.maps) {
      const value = properties[property];
      const owner = value ? map.get(normalise(value)) : undefined;
      if (owner !== undefined && owner !== self) throw new UniqueValueConflict(property, owner);
    }
  }

  /** Registers the unique values of `properties` for `id`. */
  add(properties: Properties, id: string): void {
    for (const [property, map] of this.maps) {
      const value = properties[property];
      if (value) map.set(normalise(value), id);
    }
  }

  /** Forgets the unique values of `properties` held by `id`. */
  remove(properties: Properties, id: string): void {
    for (const [property, map] of this.maps) {
      const value = properties[property];
      if (value && map.get(normalise(value)) === id) map.delete(normalise(value));
    }
  }
}
