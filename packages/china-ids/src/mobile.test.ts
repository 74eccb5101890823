import { describe, expect, it } from 'vitest';
import { generateMobile, maskMobile, mobileSegments, validateMobile, type MobileResult } from './mobile.ts';
import { createRng } from './rng.ts';

const reasonOf = (r: MobileResult) => (r.ok ? 'ok' : r.reason);

describe('validateMobile', () => {
  it('normalises the ways people write a number to the same 11 digits', () => {
    for (const v of [
      '13800138000',
      '+86 138-0013-8000',
      '+8613800138000',
      '0086 138 0013 8000',
      '8613800138000',
      ' 138 0013 8000 ',
    ]) {
      expect(validateMobile(v)).toEqual({ ok: true, value: '13800138000', segment: '138' });
    }
  });

  it('accepts current segments including 19x and the China Broadnet 192', () => {
    for (const v of ['19212345678', '19912345678', '16612345678', '14712345678', '17012345678']) {
      expect(validateMobile(v).ok).toBe(true);
    }
  });

  it('says why a number is wrong', () => {
    expect(reasonOf(validateMobile('1380013800'))).toBe('length');
    expect(reasonOf(validateMobile('138001380001'))).toBe('length');
    expect(reasonOf(validateMobile('138-0013-800O'))).toBe('characters');
    expect(reasonOf(validateMobile('12345678901'))).toBe('prefix');
    expect(reasonOf(validateMobile('15412345678'))).toBe('prefix'); // 154 never allocated
    expect(reasonOf(validateMobile('14012345678'))).toBe('prefix'); // IoT, 13-digit numbers
    expect(reasonOf(validateMobile('02584123456'))).toBe('prefix'); // a Nanjing landline
    expect(reasonOf(validateMobile('+1 415 555 0100'))).toBe('prefix');
    expect(reasonOf(validateMobile('+852 9123 4567'))).toBe('prefix');
  });

  it('quotes the rejected segment', () => {
    const r = validateMobile('15412345678');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message['zh-CN']).toContain('154');
  });
});

describe('generateMobile / maskMobile', () => {
  it('generates valid numbers on a requested segment', () => {
    const rng = createRng('mobile');
    expect(generateMobile(rng, { segment: '139' })).toMatch(/^139\d{8}$/);
    for (let i = 0; i < 50; i++) expect(validateMobile(generateMobile(rng)).ok).toBe(true);
    expect(() => generateMobile(rng, { segment: '154' })).toThrow(RangeError);
    expect(mobileSegments).toContain('192');
  });

  it('masks as 138****1234, whatever spelling came in', () => {
    expect(maskMobile('13800001234')).toBe('138****1234');
    expect(maskMobile('+86 138-0000-1234')).toBe('138****1234');
    expect(maskMobile('025841234567')).toBe('025*****4567');
    expect(maskMobile('1234567')).toBe('*******');
  });
});
