import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';

const take = (seed: string | number, n: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('gives the same stream for the same seed, so seeded demo data is reproducible', () => {
    expect(take('sufu-demo', 20)).toEqual(take('sufu-demo', 20));
    expect(take(42, 5)).toEqual(take('42', 5));
  });

  it('gives unrelated streams for similar seeds', () => {
    expect(take('seed-a', 5)).not.toEqual(take('seed-b', 5));
  });

  it('stays in range and covers both ends of int()', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    for (let i = 0; i < 1000; i++) {
      const f = rng.next();
      expect(f >= 0 && f < 1).toBe(true);
    }
  });

  it('is roughly uniform (each of 10 buckets within 20% of 1000 over 10 000 draws)', () => {
    const rng = createRng('uniform');
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const k = rng.int(0, 9);
      buckets[k] = (buckets[k] ?? 0) + 1;
    }
    for (const b of buckets) expect(Math.abs(b - 1000)).toBeLessThan(200);
  });

  it('picks only from the array and honours chance() extremes', () => {
    const rng = createRng('pick');
    const items = ['a', 'b', 'c'] as const;
    for (let i = 0; i < 100; i++) expect(items).toContain(rng.pick(items));
    expect(Array.from({ length: 50 }, () => rng.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 50 }, () => rng.chance(1)).every(Boolean)).toBe(true);
  });

  it('refuses arguments that would give meaningless output', () => {
    const rng = createRng('bad');
    expect(() => rng.int(5, 4)).toThrow(RangeError);
    expect(() => rng.int(0.5, 4)).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(() => rng.chance(1.5)).toThrow(RangeError);
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });
});
