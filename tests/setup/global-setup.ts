/** Starts the shared services the suite needs (Redis); filled in by the queue work. */
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
