/**
 * A small seeded pseudo-random generator (sfc32, seeded by the cyrb128 string hash).
 *
 * Test data and demo seeds must be reproducible: the same seed gives the same people, enterprises and
 * phone numbers on every machine, so a failing test or a demo screenshot can be regenerated. Math.random
 * cannot be seeded, and crypto randomness is not needed for synthetic data.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p (0 ≤ p ≤ 1). */
  chance(p: number): boolean;
}

/** cyrb128: spreads any string over 128 bits so that similar seeds ("a", "b") give unrelated streams. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * Creates a deterministic generator. A number seed is hashed through its decimal text, so
 * `createRng(7)` and `createRng('7')` give the same stream; that keeps seeds copy-pasteable from
 * logs and environment variables.
 */
export function createRng(seed: string | number): Rng {
  if (typeof seed === 'number' && !Number.isFinite(seed)) {
    throw new RangeError(`createRng: seed must be a finite number or a string, got ${seed}`);
  }
  let [a, b, c, d] = cyrb128(String(seed));
  const next = (): number => {
    const t0 = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const t = (t0 + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 still carry structure from the seed words; discard them.
  for (let i = 0; i < 15; i++) next();

  return {
    next,
    int(min, max) {
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
        throw new RangeError(`rng.int: need integers min ≤ max, got ${min}, ${max}`);
      }
      if (max - min >= 2 ** 32) throw new RangeError('rng.int: range wider than 2^32 is not supported');
      return min + Math.floor(next() * (max - min + 1));
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('rng.pick: empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    chance(p) {
      if (!(p >= 0 && p <= 1)) throw new RangeError(`rng.chance: p must be in [0, 1], got ${p}`);
      return next() < p;
    },
  };
}
