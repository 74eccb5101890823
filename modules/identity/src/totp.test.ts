import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, otpauthUri, totpCode, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B, SHA-1 seed "12345678901234567890", last 6 of the 8-digit values.
const SEED = base32Encode(Buffer.from('12345678901234567890'));
const VECTORS: [number, string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('at %i s gives %s', (t, code) => {
    expect(totpCode(SEED, t * 1000)).toBe(code);
  });

  it('round-trips base32 like authenticator apps expect', () => {
    expect(SEED).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(SEED).toString()).toBe('12345678901234567890');
  });

  it('accepts one step of clock drift, and never the same step twice', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(verifyTotp(SEED, totpCode(SEED, now - 30_000), null, now)).toBe(step - 1);
    expect(verifyTotp(SEED, totpCode(SEED, now - 60_000), null, now)).toBeNull();
    expect(verifyTotp(SEED, totpCode(SEED, now), step, now)).toBeNull();
    expect(verifyTotp(SEED, '12345', null, now)).toBeNull();
  });

  it('builds an otpauth URI with the issuer', () => {
    expect(otpauthUri(SEED, 'clerk.xuanwu')).toBe(
      `otpauth://totp/%E8%8B%8F%E6%9C%8D%E5%8A%9E%3Aclerk.xuanwu?secret=${SEED}&issuer=%E8%8B%8F%E6%9C%8D%E5%8A%9E&algorithm=SHA1&digits=6&period=30`,
    );
  });
});
