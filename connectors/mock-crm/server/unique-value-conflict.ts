/**
 * Thrown by the store when a write would give two objects the same value of a unique
 * property; the routes turn it into HubSpot's CONFLICT error naming the existing id.
 *
 * @example
 * throw new UniqueValueConflict('email', '1042');
 */
export class UniqueValueConflict extends Error {
  constructor(
    readonly property: string,
    readonly existingId: string,
  ) {
    super(`an object with this ${property} already exists (id ${existingId})`);
    this.name = 'UniqueValueConflict';
  }
}
