import { describe, expect, it } from 'vitest';
import {
  describeIdRegion,
  generateIdNumber,
  idNumberCheckChar,
  maskIdNumber,
  upgradeLegacyIdNumber,
  validateIdNumber,
  type IdNumberResult,
} from './id-number.ts';
import { createRng } from './rng.ts';

const TODAY = { today: '2026-11-27' };
/** Appends the correct check character, to build numbers that fail only where a test wants. */
const withCheck = (first17: string) => first17 + idNumberCheckChar(first17);
const reasonOf = (r: IdNumberResult) => (r.ok ? 'ok' : r.reason);

describe('validateIdNumber', () => {
  it("accepts the standard's own examples and the reference's synthetic Jiangsu numbers", () => {
    for (const id of ['11010519491231002X', '440524188001010014', '34052419800101001X']) {
      expect(validateIdNumber(id, TODAY).ok).toBe(true);
    }
    expect(validateIdNumber('320102199003071239', TODAY)).toEqual({
      ok: true,
      value: '320102199003071239',
      regionCode: '320102',
      birthDate: '1990-03-07',
      sex: 'male',
    });
    expect(validateIdNumber('320583198511110025', TODAY)).toMatchObject({ ok: true, sex: 'female' });
    expect(validateIdNumber('321302200002294569', TODAY)).toMatchObject({
      ok: true,
      birthDate: '2000-02-29',
    });
  });

  it('normalises a lower-case x and surrounding spaces to the stored form', () => {
    expect(validateIdNumber('  11010519491231002x ', TODAY)).toMatchObject({
      ok: true,
      value: '11010519491231002X',
    });
  });

  it('names the expected check character when a digit was mistyped', () => {
    const r = validateIdNumber('320102199003071238', TODAY);
    expect(r).toMatchObject({ ok: false, reason: 'check_digit' });
    if (!r.ok) {
      expect(r.message['zh-CN']).toContain('“9”');
      expect(r.message.en).toContain('"9"');
    }
  });

  it('says why a number is wrong', () => {
    expect(reasonOf(validateIdNumber('32010219900307123', TODAY))).toBe('length');
    expect(reasonOf(validateIdNumber('', TODAY))).toBe('length');
    expect(reasonOf(validateIdNumber('3201021990030712X9', TODAY))).toBe('characters');
    expect(reasonOf(validateIdNumber('32010２199003071239', TODAY))).toBe('characters'); // full-width digit
    expect(reasonOf(validateIdNumber(withCheck('99010219900307123'), TODAY))).toBe('region');
    expect(reasonOf(validateIdNumber(withCheck('00000019900307123'), TODAY))).toBe('region');
    expect(reasonOf(validateIdNumber(withCheck('92010219900307123'), TODAY))).toBe('region'); // foreigner card
    expect(reasonOf(validateIdNumber(withCheck('32010219900230123'), TODAY))).toBe('birth_date');
    expect(reasonOf(validateIdNumber(withCheck('32010219011301123'), TODAY))).toBe('birth_date');
    expect(reasonOf(validateIdNumber(withCheck('32010217991231123'), TODAY))).toBe('birth_date');
    expect(reasonOf(validateIdNumber(withCheck('32010220261128123'), TODAY))).toBe('future_birth_date');
    expect(reasonOf(validateIdNumber(withCheck('32010220261127123'), TODAY))).toBe('ok'); // born today
  });

  it('hints at the upgrade when given a 15-digit legacy number', () => {
    const r = validateIdNumber('110105491231002', TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message['zh-CN']).toContain('15位');
  });

  it('accepts historical address codes, so residents with old IDs are not locked out', () => {
    expect(validateIdNumber(withCheck('32068419800101123'), TODAY)).toMatchObject({
      ok: true,
      regionCode: '320684',
    });
    expect(validateIdNumber(withCheck('32010119800101123'), TODAY).ok).toBe(true);
  });

  it('accepts residence-permit numbers of Hong Kong, Macao and Taiwan residents', () => {
    for (const prefix of ['810000', '820000', '830000']) {
      expect(validateIdNumber(withCheck(`${prefix}19800101123`), TODAY).ok).toBe(true);
    }
  });

  it('gives messages in both locales', () => {
    const r = validateIdNumber('abc', TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(r.message.en).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});

describe('upgradeLegacyIdNumber', () => {
  it("upgrades the standard's example to its 18-character form", () => {
    expect(upgradeLegacyIdNumber('110105491231002', TODAY)).toMatchObject({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('rejects what is not a legacy number', () => {
    expect(reasonOf(upgradeLegacyIdNumber('11010549123100', TODAY))).toBe('length');
    expect(reasonOf(upgradeLegacyIdNumber('11010549123100X', TODAY))).toBe('characters');
    expect(reasonOf(upgradeLegacyIdNumber('110105491331002', TODAY))).toBe('birth_date');
  });
});

describe('describeIdRegion', () => {
  it('names a current Jiangsu county in both languages', () => {
    expect(describeIdRegion('320583')).toMatchObject({
      exact: true,
      label: { 'zh-CN': '江苏省苏州市昆山市', en: 'Kunshan City, Suzhou, Jiangsu Province' },
    });
  });

  it('names a historical Jiangsu code by its current city, flagged as not exact', () => {
    expect(describeIdRegion('320684')).toMatchObject({ exact: false, label: { 'zh-CN': '江苏省南通市' } });
    expect(describeIdRegion('329999')).toMatchObject({ exact: false, label: { 'zh-CN': '江苏省' } });
  });

  it('names only the province elsewhere, and nothing for an invalid prefix', () => {
    expect(describeIdRegion('440524')).toMatchObject({
      jiangsuPath: [],
      exact: false,
      label: { 'zh-CN': '广东省' },
    });
    expect(describeIdRegion('830000')?.label.en).toBe('Residence permit for Taiwan residents');
    expect(describeIdRegion('990000')).toBeUndefined();
    expect(describeIdRegion('32')).toBeUndefined();
  });
});

describe('generateIdNumber', () => {
  it('honours the requested region, birth date and sex', () => {
    const rng = createRng('id-options');
    const id = generateIdNumber(rng, { regionCode: '320102', birthDate: '1990-03-07', sex: 'female' });
    expect(validateIdNumber(id)).toMatchObject({
      ok: true,
      regionCode: '320102',
      birthDate: '1990-03-07',
      sex: 'female',
    });
  });

  it('defaults to a current Jiangsu county and an adult born 1950–2005', () => {
    const rng = createRng('id-defaults');
    for (let i = 0; i < 50; i++) {
      const r = validateIdNumber(generateIdNumber(rng));
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(describeIdRegion(r.regionCode)?.exact).toBe(true);
        expect(r.birthDate >= '1950-01-01' && r.birthDate <= '2005-12-31').toBe(true);
      }
    }
  });

  it('is deterministic for a seed', () => {
    const a = createRng('same');
    const b = createRng('same');
    expect(Array.from({ length: 5 }, () => generateIdNumber(a))).toEqual(
      Array.from({ length: 5 }, () => generateIdNumber(b)),
    );
  });

  it('refuses options that could never validate', () => {
    const rng = createRng('bad');
    expect(() => generateIdNumber(rng, { regionCode: '990000' })).toThrow(RangeError);
    expect(() => generateIdNumber(rng, { regionCode: '3201' })).toThrow(RangeError);
    expect(() => generateIdNumber(rng, { birthDate: '2026-02-30' })).toThrow(RangeError);
    expect(() => generateIdNumber(rng, { birthDate: '2999-01-01' })).toThrow(RangeError);
  });
});

describe('maskIdNumber', () => {
  it('keeps the address code and the last four by default (standards-cn §8.4)', () => {
    expect(maskIdNumber('320102199003071239')).toBe('320102********1239');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
  });

  it('supports the stricter 3/4 and 1/1 variants', () => {
    expect(maskIdNumber('320102199003071239', { keepStart: 3, keepEnd: 4 })).toBe('320***********1239');
    expect(maskIdNumber('320102199003071239', { keepStart: 1, keepEnd: 1 })).toBe('3****************9');
  });

  it('never reveals a value too short to mask', () => {
    expect(maskIdNumber('3201021')).toBe('*******');
    expect(maskIdNumber('')).toBe('');
  });
});
