import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCreditCode, registrationAuthorities, validateCreditCode } from './credit-code.ts';
import { jiangsuCounties } from './divisions.ts';
import {
  describeIdRegion,
  generateIdNumber,
  maskIdNumber,
  upgradeLegacyIdNumber,
  validateIdNumber,
} from './id-number.ts';
import { generateMobile, maskMobile, validateMobile } from './mobile.ts';
import { provinceCodes } from './provinces.ts';
import { createRng } from './rng.ts';

/*
 * Why single substitutions are always caught (checked exhaustively below, not just sampled):
 *
 * GB 11643 (ISO 7064 MOD 11-2): Σ a_i·2^(18-i) ≡ 1 (mod 11) over all 18 positions, the check
 * character (X = 10) having weight 1. Changing one character changes the sum by (a' − a)·w with
 * 0 < |a' − a| ≤ 10 and w = 2^k mod 11 ≠ 0; 11 is prime, so the product is never ≡ 0 (mod 11).
 *
 * GB 32100 (MOD 31): Σ c_i·3^(i-1) + c_18 ≡ 0 (mod 31); the same argument with prime 31, values
 * 0..30 and weights 3^k mod 31 ≠ 0.
 *
 * Adjacent transpositions of different characters are also always caught: neighbouring weights
 * differ (2w vs w mod 11; 3w vs w mod 31; and 2 vs 1, 28 vs 1 at the check position). What is NOT
 * guaranteed: two independent substitutions can cancel (shown at the end), so a valid check never
 * proves the number belongs to anyone.
 */

const ID_ALPHABET = [...'0123456789X'];
const USCC_ALPHABET = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];
const ODD_CHARS = [...'IOSVZxa -０Ｘ'];

function substitutions(value: string, alphabet: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    for (const c of alphabet) {
      if (c.trim().toUpperCase() !== value[i]) out.push(value.slice(0, i) + c + value.slice(i + 1));
    }
  }
  return out;
}

function adjacentSwaps(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < value.length; i++) {
    if (value[i] !== value[i + 1]) out.push(value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2));
  }
  return out;
}

const seed = fc.oneof(fc.integer(), fc.string());

const idOptions = fc.record(
  {
    regionCode: fc.oneof(
      fc.constantFrom(...jiangsuCounties.map((c) => c.code)),
      fc
        .tuple(fc.constantFrom(...provinceCodes.map((p) => p.code)), fc.integer({ min: 0, max: 9999 }))
        .map(([p, n]) => p + String(n).padStart(4, '0')),
    ),
    birthDate: fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2025-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10)),
    sex: fc.constantFrom('male' as const, 'female' as const),
  },
  { requiredKeys: [] },
);

const creditOptions = fc
  .constantFrom(...registrationAuthorities.flatMap((a) => a.categories.map((c) => [a.code, c.code] as const)))
  .map(([authority, category]) => ({ authority, category }));

describe('generated values always validate', () => {
  it('ID numbers, with the requested region, birth date and sex', () => {
    fc.assert(
      fc.property(seed, idOptions, (s, options) => {
        const r = validateIdNumber(generateIdNumber(createRng(s), options));
        expect(r.ok).toBe(true);
        if (r.ok) {
          if (options.regionCode !== undefined) expect(r.regionCode).toBe(options.regionCode);
          if (options.birthDate !== undefined) expect(r.birthDate).toBe(options.birthDate);
          if (options.sex !== undefined) expect(r.sex).toBe(options.sex);
          expect(describeIdRegion(r.regionCode)).toBeDefined();
        }
      }),
    );
  });

  it('credit codes, for every authority/category pair, under both checks', () => {
    fc.assert(
      fc.property(seed, creditOptions, (s, options) => {
        const r = validateCreditCode(generateCreditCode(createRng(s), options));
        expect(r).toMatchObject({
          ok: true,
          authority: { code: options.authority },
          category: { code: options.category },
        });
      }),
    );
  });

  it('mobile numbers', () => {
    fc.assert(fc.property(seed, (s) => validateMobile(generateMobile(createRng(s))).ok));
  });
});

describe('a single mistyped character is always rejected', () => {
  it('ID numbers: every position × every other character, exhaustively for sampled valid numbers', () => {
    fc.assert(
      fc.property(seed, idOptions, (s, options) => {
        const id = generateIdNumber(createRng(s), options);
        for (const wrong of substitutions(id, [...ID_ALPHABET, ...ODD_CHARS])) {
          expect(validateIdNumber(wrong).ok, wrong).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('ID numbers: any substituted code point, including arbitrary Unicode', () => {
    fc.assert(
      fc.property(
        seed,
        fc.nat(17),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
        (s, i, c) => {
          const id = generateIdNumber(createRng(s));
          fc.pre(c.trim().toUpperCase() !== id[i]);
          expect(validateIdNumber(id.slice(0, i) + c + id.slice(i + 1)).ok).toBe(false);
        },
      ),
    );
  });

  it('credit codes: every position × every other character, exhaustively for sampled valid codes', () => {
    fc.assert(
      fc.property(seed, creditOptions, (s, options) => {
        const code = generateCreditCode(createRng(s), options);
        for (const wrong of substitutions(code, [...USCC_ALPHABET, ...ODD_CHARS])) {
          expect(validateCreditCode(wrong).ok, wrong).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the real reference codes too', () => {
    for (const code of ['91350100M000100Y43', '11100000000013338W', '11440232MB2D06811W']) {
      for (const wrong of substitutions(code, USCC_ALPHABET))
        expect(validateCreditCode(wrong).ok, wrong).toBe(false);
    }
    for (const id of ['11010519491231002X', '440524188001010014', '320102199003071239']) {
      for (const wrong of substitutions(id, ID_ALPHABET))
        expect(validateIdNumber(wrong).ok, wrong).toBe(false);
    }
  });
});

describe('swapping two neighbouring characters is always rejected', () => {
  it('ID numbers and credit codes', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const rng = createRng(s);
        for (const wrong of adjacentSwaps(generateIdNumber(rng)))
          expect(validateIdNumber(wrong).ok, wrong).toBe(false);
        for (const wrong of adjacentSwaps(generateCreditCode(rng))) {
          expect(validateCreditCode(wrong).ok, wrong).toBe(false);
        }
      }),
    );
  });
});

describe('what a check character cannot do', () => {
  it('two mistyped digits can cancel out and give another valid number', () => {
    const id = '320102199003071239';
    const found = substitutions(id.slice(0, 17), ID_ALPHABET.slice(0, 10))
      .flatMap((once) => substitutions(once, ID_ALPHABET.slice(0, 10)).map((twice) => twice + id[17]))
      .find((candidate) => candidate !== id && validateIdNumber(candidate).ok);
    expect(found).toBeDefined();
  });
});

describe('validators and maskers never throw on arbitrary input', () => {
  it('on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        for (const r of [
          validateIdNumber(text),
          upgradeLegacyIdNumber(text),
          validateCreditCode(text),
          validateMobile(text),
        ]) {
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(r.message['zh-CN'].length * r.message.en.length).toBeGreaterThan(0);
        }
        maskIdNumber(text);
        maskMobile(text);
        describeIdRegion(text);
      }),
    );
  });

  it('on strings that look almost right', () => {
    const almost = fc.stringMatching(/^[+\d\sXx-]{10,20}$/);
    fc.assert(
      fc.property(almost, (text) => {
        validateIdNumber(text);
        upgradeLegacyIdNumber(text);
        validateCreditCode(text);
        validateMobile(text);
      }),
    );
  });

  it('on values that are not strings at all (from untyped JavaScript callers)', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const text = value as string;
        expect(validateIdNumber(text).ok).toBe(false);
        expect(validateCreditCode(text).ok).toBe(false);
        expect(typeof validateMobile(text).ok).toBe('boolean');
        expect(typeof maskIdNumber(text)).toBe('string');
        expect(typeof maskMobile(text)).toBe('string');
      }),
    );
  });
});
