import { describe, expect, it } from 'vitest';
import { constantTimeEqual, hmacSm3, hmacSm3Hex, sm3, sm3Hex } from './index.ts';
import { openssl, opensslCli } from './testing/openssl-cli.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('SM3 (GB/T 32905-2016)', () => {
  it('gives the standard example 1 digest for "abc"', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('gives the standard example 2 digest for the 64-byte "abcd…abcd"', () => {
    expect(sm3Hex('abcd'.repeat(16))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('returns 32 plain bytes, and hashes strings as UTF-8', () => {
    const d = sm3('苏服办');
    expect(d).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(d)).toBe(false);
    expect(d.length).toBe(32);
    expect(hex(d)).toBe(sm3Hex(new TextEncoder().encode('苏服办')));
  });
});

describe('HMAC-SM3', () => {
  it.skipIf(!opensslCli.ok)(`matches \`openssl dgst -sm3 -hmac\` (${opensslCli.reason})`, () => {
    const data = new TextEncoder().encode('身份证号 320102199001011234');
    const out = openssl(['dgst', '-sm3', '-hmac', 'blind-index-key'], data);
    expect(out.status).toBe(0);
    expect(out.stdout.toString()).toContain(hmacSm3Hex('blind-index-key', data));
  });

  it.skipIf(!opensslCli.ok)(
    `matches openssl for a binary key longer than a block (${opensslCli.reason})`,
    () => {
      const key = new Uint8Array(100).map((_, i) => (i * 37) & 0xff);
      const out = openssl(
        ['dgst', '-sm3', '-mac', 'HMAC', '-macopt', `hexkey:${hex(key)}`],
        new Uint8Array([1, 2, 3]),
      );
      expect(out.status).toBe(0);
      expect(out.stdout.toString()).toContain(hex(hmacSm3(key, new Uint8Array([1, 2, 3]))));
    },
  );

  it('differs per key (so one key cannot be used to forge tags of another)', () => {
    expect(hmacSm3Hex('k1', 'x')).not.toBe(hmacSm3Hex('k2', 'x'));
  });
});

describe('constantTimeEqual', () => {
  it('is true only for identical bytes and false for different lengths', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});
