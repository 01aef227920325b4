/** A pseudo-random source returning floats in [0, 1), like `Math.random` but reproducible. */
export type Prng = () => number;

/**
 * Creates a seeded pseudo-random generator (mulberry32). The mock must give the same data
 * and the same injected faults for the same seed, so nothing in it may use `Math.random`.
 *
 * @example
 * const random = createPrng(42);
 * random(); // always the same first value for seed 42
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
