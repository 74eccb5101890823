import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GmCryptoError,
  isGmCryptoError,
  SM4_ENVELOPE_OVERHEAD,
  sm4DecryptCbc,
  sm4EncryptCbc,
  sm4EnvelopeKeyId,
  sm4Open,
  sm4Seal,
  type GmCryptoErrorCode,
} from './index.ts';
import { openssl, opensslCli, scratchDir } from './testing/openssl-cli.ts';

const h = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const utf8 = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

function codeOf(fn: () => unknown): GmCryptoErrorCode | 'no error' | 'untyped error' {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return isGmCryptoError(err) ? err.code : 'untyped error';
  }
}

describe('SM4 block cipher (GB/T 32907-2016)', () => {
  const key = h('0123456789abcdeffedcba9876543210');

  it('encrypts the standard example to 681edf34d206965e86b3e94f536e4246 (ECB)', () => {
    const ecb = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(hex(Buffer.concat([ecb.update(key), ecb.final()]))).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('sm4EncryptCbc with a zero IV yields the same first block (CBC = ECB on block one)', () => {
    const ct = sm4EncryptCbc(key, new Uint8Array(16), key);
    expect(ct.length).toBe(32); // one full block of PKCS#7 padding follows
    expect(hex(ct.subarray(0, 16))).toBe('681edf34d206965e86b3e94f536e4246');
  });
});

describe('SM4-CBC (PKCS#7) for interop', () => {
  const key = randomBytes(16);
  const iv = randomBytes(16);

  it('round-trips every length around the block size', () => {
    for (let n = 0; n <= 48; n++) {
      const pt = randomBytes(n);
      const ct = sm4EncryptCbc(key, iv, pt);
      expect(ct.length).toBe((Math.floor(n / 16) + 1) * 16);
      expect(hex(sm4DecryptCbc(key, iv, ct))).toBe(hex(pt));
    }
  });

  it('rejects bad key/IV sizes and bad ciphertext lengths with typed errors', () => {
    expect(codeOf(() => sm4EncryptCbc(new Uint8Array(15), iv, 'x'))).toBe('GM_INVALID_ARGUMENT');
    expect(codeOf(() => sm4EncryptCbc(key, new Uint8Array(8), 'x'))).toBe('GM_INVALID_ARGUMENT');
    expect(codeOf(() => sm4DecryptCbc(key, iv, new Uint8Array(17)))).toBe('GM_SM4_DECRYPT_FAILED');
    expect(codeOf(() => sm4DecryptCbc(key, iv, new Uint8Array(0)))).toBe('GM_SM4_DECRYPT_FAILED');
  });

  it('reports broken padding as GM_SM4_DECRYPT_FAILED, not a crash', () => {
    const ct = sm4EncryptCbc(key, iv, 'sixteen bytes!!!');
    const last = ct.length - 1;
    ct[last] = (ct[last] ?? 0) ^ 0xff; // garbles the final (padding) block
    expect(codeOf(() => sm4DecryptCbc(key, iv, ct))).toBe('GM_SM4_DECRYPT_FAILED');
  });

  describe.skipIf(!opensslCli.ok)(`against \`openssl enc -sm4-cbc\` (${opensslCli.reason})`, () => {
    const tmp = scratchDir();
    afterAll(() => tmp.cleanup());
    const pt = new TextEncoder().encode('江苏政务服务网 interop check, not a multiple of 16');

    it('openssl decrypts what we encrypt', () => {
      const out = openssl([
        'enc',
        '-d',
        '-sm4-cbc',
        '-K',
        hex(key),
        '-iv',
        hex(iv),
        '-in',
        tmp.write('ours.bin', sm4EncryptCbc(key, iv, pt)),
      ]);
      expect(out.stderr).toBe('');
      expect(utf8(out.stdout)).toBe(utf8(pt));
    });

    it('we decrypt what openssl encrypts, byte-identical to our own ciphertext', () => {
      const out = openssl([
        'enc',
        '-sm4-cbc',
        '-K',
        hex(key),
        '-iv',
        hex(iv),
        '-in',
        tmp.write('pt.txt', pt),
      ]);
      expect(out.status).toBe(0);
      expect(hex(out.stdout)).toBe(hex(sm4EncryptCbc(key, iv, pt)));
      expect(utf8(sm4DecryptCbc(key, iv, out.stdout))).toBe(utf8(pt));
    });
  });
});

describe('sm4Seal / sm4Open (SM4-CTR + HMAC-SM3 envelope)', () => {
  const master = randomBytes(16);

  it('round-trips text, binary, empty input and a 32-byte master key', () => {
    expect(utf8(sm4Open(master, sm4Seal(master, '320102199001011234')))).toBe('320102199001011234');
    const bin = randomBytes(1000);
    expect(hex(sm4Open(master, sm4Seal(master, bin)))).toBe(hex(bin));
    expect(sm4Open(master, sm4Seal(master, new Uint8Array(0))).length).toBe(0);
    const big = randomBytes(32);
    expect(utf8(sm4Open(big, sm4Seal(big, '手机号 13800000000'), {}))).toBe('手机号 13800000000');
  });

  it('has a compact self-describing layout: version, key id, iv, ciphertext, 32-byte tag', () => {
    const env = sm4Seal(master, 'abc', { keyId: 'pii-2026' });
    expect(env.length).toBe(SM4_ENVELOPE_OVERHEAD + 'pii-2026'.length + 3);
    expect(env[0]).toBe(1);
    expect(env[1]).toBe(8);
    expect(sm4EnvelopeKeyId(env)).toBe('pii-2026');
    expect(sm4EnvelopeKeyId(sm4Seal(master, 'abc'))).toBe('');
  });

  it('matches the documented derivation and MAC input exactly (README is the spec)', () => {
    const aad = new TextEncoder().encode('person:42:idNumber');
    const env = sm4Seal(master, 'secret', { aad, keyId: 'k1' });
    const kEnc = createHmac('sm3', master)
      .update('sufu/gm-crypto/v1/sm4-ctr-key\x01', 'latin1')
      .digest()
      .subarray(0, 16);
    const kMac = createHmac('sm3', master).update('sufu/gm-crypto/v1/hmac-sm3-key\x01', 'latin1').digest();
    const headerLen = 2 + 2 + 16;
    const iv = env.subarray(4, headerLen);
    const ct = env.subarray(headerLen, env.length - 32);
    const aadLen = Buffer.alloc(8);
    aadLen.writeBigUInt64BE(BigInt(aad.length));
    const tag = createHmac('sm3', kMac)
      .update(env.subarray(0, headerLen))
      .update(aadLen)
      .update(aad)
      .update(ct)
      .digest();
    expect(hex(env.subarray(env.length - 32))).toBe(hex(tag));
    const d = createDecipheriv('sm4-ctr', kEnc, iv);
    expect(Buffer.concat([d.update(ct), d.final()]).toString()).toBe('secret');
  });

  it('uses a fresh IV: sealing the same value twice gives different envelopes', () => {
    expect(hex(sm4Seal(master, 'same'))).not.toBe(hex(sm4Seal(master, 'same')));
  });

  it('rejects every single-bit flip of an envelope with a typed error', () => {
    const env = sm4Seal(master, 'flip me', { aad: 'ctx', keyId: 'k-1' });
    const seen = new Set<string>();
    for (let bit = 0; bit < env.length * 8; bit++) {
      const bad = new Uint8Array(env);
      bad[bit >> 3] = (bad[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      const code = codeOf(() => sm4Open(master, bad, { aad: 'ctx' }));
      expect(code, `bit ${bit}`).toMatch(/^GM_ENVELOPE_/);
      seen.add(code);
    }
    // version flips -> unsupported version; length-byte flips -> truncated or bad tag; the rest -> bad tag
    expect([...seen].sort()).toEqual([
      'GM_ENVELOPE_AUTH_FAILED',
      'GM_ENVELOPE_MALFORMED',
      'GM_ENVELOPE_UNSUPPORTED_VERSION',
    ]);
  });

  it('rejects every truncation and any appended byte', () => {
    const env = sm4Seal(master, 'truncate me', { keyId: 'k' });
    for (let n = 0; n < env.length; n++) {
      expect(
        codeOf(() => sm4Open(master, env.subarray(0, n))),
        `length ${n}`,
      ).toMatch(/^GM_ENVELOPE_(MALFORMED|AUTH_FAILED)$/);
    }
    const longer = new Uint8Array(env.length + 1);
    longer.set(env);
    expect(codeOf(() => sm4Open(master, longer))).toBe('GM_ENVELOPE_AUTH_FAILED');
  });

  it('fails authentication for a wrong key, a wrong or missing AAD', () => {
    const env = sm4Seal(master, 'bound', { aad: 'person:1' });
    expect(codeOf(() => sm4Open(randomBytes(16), env, { aad: 'person:1' }))).toBe('GM_ENVELOPE_AUTH_FAILED');
    expect(codeOf(() => sm4Open(master, env, { aad: 'person:2' }))).toBe('GM_ENVELOPE_AUTH_FAILED');
    expect(codeOf(() => sm4Open(master, env))).toBe('GM_ENVELOPE_AUTH_FAILED');
    expect(utf8(sm4Open(master, env, { aad: 'person:1' }))).toBe('bound');
  });

  it('checks an expected key id after authentication', () => {
    const env = sm4Seal(master, 'x', { keyId: 'old' });
    expect(codeOf(() => sm4Open(master, env, { keyId: 'new' }))).toBe('GM_ENVELOPE_KEY_ID_MISMATCH');
    expect(utf8(sm4Open(master, env, { keyId: 'old' }))).toBe('x');
  });

  it('validates master keys and key ids', () => {
    expect(codeOf(() => sm4Seal(new Uint8Array(24), 'x'))).toBe('GM_INVALID_ARGUMENT');
    expect(codeOf(() => sm4Seal(master, 'x', { keyId: 'k'.repeat(256) }))).toBe('GM_INVALID_ARGUMENT');
    expect(codeOf(() => sm4Open(master, 'not bytes' as unknown as Uint8Array))).toBe('GM_INVALID_ARGUMENT');
    const err = (() => {
      try {
        sm4Open(master, new Uint8Array(10));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(GmCryptoError);
    expect(err).toMatchObject({ name: 'GmCryptoError', code: 'GM_ENVELOPE_MALFORMED' });
  });

  it('property: any plaintext/AAD round-trips, and any bit flip is rejected', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.nat(),
        (pt, aad, pos) => {
          const env = sm4Seal(master, pt, { aad, keyId: 'p' });
          expect(hex(sm4Open(master, env, { aad }))).toBe(hex(pt));
          const bit = pos % (env.length * 8);
          const bad = new Uint8Array(env);
          bad[bit >> 3] = (bad[bit >> 3] ?? 0) ^ (1 << (bit & 7));
          expect(codeOf(() => sm4Open(master, bad, { aad }))).toMatch(/^GM_ENVELOPE_/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
