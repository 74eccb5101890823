import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckChar,
  generateCreditCode,
  orgCodeCheckChar,
  registrationAuthorities,
  validateCreditCode,
  type CreditCodeResult,
} from './credit-code.ts';
import { createRng } from './rng.ts';

const reasonOf = (r: CreditCodeResult) => (r.ok ? 'ok' : r.reason);
/** Completes 16 characters with a correct inner (GB 11714) and outer (GB 32100) check. */
const withChecks = (first16: string) => {
  const first17 = first16 + orgCodeCheckChar(first16.slice(8, 16));
  return first17 + creditCodeCheckChar(first17);
};

describe('validateCreditCode', () => {
  it("accepts the standard's worked example and parses its parts", () => {
    expect(validateCreditCode('91350100M000100Y43')).toMatchObject({
      ok: true,
      authority: { code: '9', name: '工商（市场监管）' },
      category: { code: '1', name: '企业', nameEn: 'Enterprise' },
      regionCode: '350100',
      orgCode: 'M000100Y4',
    });
  });

  it('accepts real government bodies, registered nationally (100000) and locally', () => {
    for (const code of [
      '11100000000013338W',
      '11100000000013127D',
      '11330105002500287C',
      '11440232MB2D06811W',
    ]) {
      expect(validateCreditCode(code)).toMatchObject({ ok: true, category: { name: '机关' } });
    }
    expect(validateCreditCode('11100000000013338W')).toMatchObject({
      regionCode: '100000',
      orgCode: '000013338',
    });
    expect(validateCreditCode('91320102MA1N2P3Q0K')).toMatchObject({ ok: true, regionCode: '320102' });
  });

  it("rejects the standard's invalid form, whose last character is the excluded letter Z", () => {
    const r = validateCreditCode('91350100M000100Y4Z');
    expect(r).toMatchObject({ ok: false, reason: 'characters' });
    if (!r.ok) expect(r.message['zh-CN']).toContain('I、O、S、V、Z');
  });

  it('names the expected check character when a character was mistyped', () => {
    const r = validateCreditCode('91350100M000100Y44');
    expect(r).toMatchObject({ ok: false, reason: 'check_char' });
    if (!r.ok) expect(r.message.en).toContain('"3"');
  });

  it('normalises case and surrounding spaces', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toMatchObject({
      ok: true,
      value: '91350100M000100Y43',
    });
  });

  it('says which part is wrong', () => {
    expect(reasonOf(validateCreditCode('91350100M000100Y4'))).toBe('length');
    expect(reasonOf(validateCreditCode('91350100M000100Y4-'))).toBe('characters');
    expect(reasonOf(validateCreditCode('9135O100M000100Y43'))).toBe('characters'); // letter O for zero
    expect(reasonOf(validateCreditCode(withChecks('B1320102MA1N2P3Q')))).toBe('registration_authority');
    expect(reasonOf(validateCreditCode(withChecks('94320102MA1N2P3Q')))).toBe('category');
    expect(reasonOf(validateCreditCode(withChecks('19320102MA1N2P3Q')))).toBe('ok'); // 机构编制-其他 exists
    expect(reasonOf(validateCreditCode(withChecks('91990102MA1N2P3Q')))).toBe('region');
    expect(reasonOf(validateCreditCode(withChecks('9132A102MA1N2P3Q')))).toBe('region');
    // Correct outer check, wrong inner organisation-code check.
    const badInner = '91350100M000100Y5';
    expect(reasonOf(validateCreditCode(badInner + creditCodeCheckChar(badInner)))).toBe('org_code_check');
  });
});

describe('generateCreditCode', () => {
  it('makes enterprise codes valid under both checks, in the MA style of post-2015 licences', () => {
    const rng = createRng('uscc');
    for (let i = 0; i < 50; i++) {
      const code = generateCreditCode(rng);
      expect(code).toMatch(/^91\d{6}MA/);
      expect(validateCreditCode(code)).toMatchObject({ ok: true, category: { name: '企业' } });
    }
  });

  it('makes a Jiangsu government body code starting 11 + region', () => {
    const code = generateCreditCode(createRng('gov'), {
      authority: '1',
      category: '1',
      regionCode: '320000',
    });
    expect(code.startsWith('11320000')).toBe(true);
    expect(validateCreditCode(code)).toMatchObject({
      ok: true,
      authority: { name: '机构编制' },
      category: { name: '机关' },
    });
  });

  it('can make every authority/category pair of GB 32100 Appendix A', () => {
    const rng = createRng('pairs');
    for (const a of registrationAuthorities) {
      for (const c of a.categories) {
        const r = validateCreditCode(generateCreditCode(rng, { authority: a.code, category: c.code }));
        expect(r).toMatchObject({ ok: true, authority: { code: a.code }, category: { code: c.code } });
      }
    }
  });

  it('refuses options that could never validate', () => {
    const rng = createRng('bad');
    expect(() => generateCreditCode(rng, { authority: 'Z' })).toThrow(RangeError);
    expect(() => generateCreditCode(rng, { authority: '9', category: '9' })).toThrow(RangeError);
    expect(() => generateCreditCode(rng, { regionCode: '990000' })).toThrow(RangeError);
  });
});
