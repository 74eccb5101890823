import { describe, expect, it } from 'vitest';
import { checkCardNumber, domainOfProfile, maskCardNumber, maskPersonName } from './cards.ts';

describe('linked card numbers (demo-level formats)', () => {
  it('accepts a 9-character social security card number, or the holder’s own ID number', () => {
    expect(checkCardNumber('social-security', 'a1234 5678', null)).toEqual({
      ok: true,
      number: 'A12345678',
      masked: 'A12**5678',
    });
    expect(checkCardNumber('social-security', '320102199003071239', '320102199003071239')).toMatchObject({
      ok: true,
      masked: '320102********1239',
    });
    // A valid ID number that is someone else's, an invalid one, and wrong lengths.
    expect(checkCardNumber('social-security', '320583198511110025', '320102199003071239').ok).toBe(false);
    expect(checkCardNumber('social-security', '320102199003071238', null).ok).toBe(false);
    expect(checkCardNumber('social-security', 'A1234567', null).ok).toBe(false);
    expect(checkCardNumber('social-security', 'ABC123456', null).ok).toBe(false);
  });

  it('checks medical e-voucher ids and transport card numbers', () => {
    expect(checkCardNumber('medical', 'E3201-0000-0000-0000-1234', null)).toMatchObject({ ok: true });
    expect(checkCardNumber('medical', 'E32', null).ok).toBe(false);
    expect(checkCardNumber('medical', 'E3201000000000000123!', null).ok).toBe(false);
    expect(checkCardNumber('transport', '3104 3201 0001 2345 678', null)).toEqual({
      ok: true,
      number: '3104320100012345678',
      masked: '310432*********5678',
    });
    expect(checkCardNumber('transport', '31043201A', null).ok).toBe(false);
    expect(checkCardNumber('transport', '123', null).ok).toBe(false);
  });

  it('masks numbers and names so the clear value never reaches a screen that does not need it', () => {
    expect(maskCardNumber('12345678')).toBe('1*****78');
    expect(maskCardNumber('1234')).toBe('1*34');
    expect(maskPersonName('张伟')).toBe('张*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧**娜');
    expect(maskPersonName('王')).toBe('*');
  });

  it('maps card-domain scanner profiles to their domain', () => {
    expect(domainOfProfile('medical')).toBe('medical');
    expect(domainOfProfile('transport')).toBe('transport');
    expect(domainOfProfile('social-security')).toBe('social-security');
    expect(domainOfProfile('gate')).toBeNull();
    expect(domainOfProfile('counter')).toBeNull();
  });
});
