import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { sm2 as smCrypto } from 'sm-crypto-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSm2KeyPair,
  importSm2PrivateKey,
  importSm2PublicKey,
  isGmCryptoError,
  sm2Sign,
  sm2Verify,
  Sm2PrivateKey,
  Sm2PublicKey,
  type GmCryptoErrorCode,
} from './index.ts';
import { N } from './sm2/curve.ts';
import { openssl, opensslCli, scratchDir } from './testing/openssl-cli.ts';

const h = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function codeOf(fn: () => unknown): GmCryptoErrorCode | 'no error' | 'untyped error' {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return isGmCryptoError(err) ? err.code : 'untyped error';
  }
}

const EXAMPLE_D = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
const EXAMPLE_PUB =
  '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';

describe('SM2 key formats', () => {
  const { privateKey, publicKey } = generateSm2KeyPair();

  it('round-trips PKCS#8, SEC1 and SPKI PEM/DER and hex without changing the key', () => {
    for (const sk of [
      Sm2PrivateKey.fromPem(privateKey.toPkcs8Pem()),
      Sm2PrivateKey.fromPem(privateKey.toSec1Pem()),
      Sm2PrivateKey.fromPkcs8Der(privateKey.toPkcs8Der()),
      Sm2PrivateKey.fromSec1Der(privateKey.toSec1Der()),
      Sm2PrivateKey.fromHex(privateKey.privateKeyHex.toUpperCase()),
      importSm2PrivateKey(privateKey.toRaw()),
      importSm2PrivateKey(privateKey.toPkcs8Der()),
      importSm2PrivateKey(privateKey.toSec1Der()),
    ]) {
      expect(sk.privateKeyHex).toBe(privateKey.privateKeyHex);
      expect(sk.publicKey.equals(publicKey)).toBe(true);
    }
    for (const pk of [
      Sm2PublicKey.fromPem(publicKey.toSpkiPem()),
      Sm2PublicKey.fromSpkiDer(publicKey.toSpkiDer()),
      Sm2PublicKey.fromHex(publicKey.publicKeyHex),
      Sm2PublicKey.fromHex(publicKey.publicKeyHex.slice(2)), // bare x‖y, as some SDKs print it
      Sm2PublicKey.fromHex(smCrypto.compressPublicKeyHex(publicKey.publicKeyHex)),
      importSm2PublicKey(publicKey.toRaw()),
      importSm2PublicKey(publicKey.toSpkiDer()),
    ]) {
      expect(pk.publicKeyHex).toBe(publicKey.publicKeyHex);
    }
  });

  it('exposes the forms sm-crypto and HSM APIs use: 64-hex d and 130-hex 04‖x‖y', () => {
    const sk = Sm2PrivateKey.fromHex(EXAMPLE_D);
    expect(sk.privateKeyHex).toBe(EXAMPLE_D);
    expect(sk.publicKey.publicKeyHex).toBe(EXAMPLE_PUB);
    expect(sk.publicKey.publicKeyHex).toBe(smCrypto.getPublicKeyFromPrivateKey(EXAMPLE_D));
    expect(sk.toRaw().length).toBe(32);
    expect(sk.publicKey.toRaw().length).toBe(65);
  });

  it('never prints or serialises the private scalar', () => {
    const d = privateKey.privateKeyHex;
    expect(JSON.stringify({ privateKey })).not.toContain(d);
    expect(JSON.stringify({ privateKey })).toContain(publicKey.publicKeyHex);
    expect(inspect(privateKey)).not.toContain(d);
    expect(inspect(privateKey)).toContain('redacted');
    expect(JSON.parse(JSON.stringify(publicKey))).toEqual({
      type: 'sm2-public-key',
      publicKeyHex: publicKey.publicKeyHex,
    });
  });

  it('returns copies, so mutating exported bytes cannot change a key', () => {
    const raw = publicKey.toRaw();
    raw[10] = (raw[10] ?? 0) ^ 1;
    expect(publicKey.toRaw()[10]).not.toBe(raw[10]);
    const sig = sm2Sign('m', privateKey);
    expect(sm2Verify('m', sig, publicKey)).toBe(true);
  });

  it('accepts a private key d in [1, n-2] only (GB/T 32918.1)', () => {
    const at = (d: bigint) => codeOf(() => Sm2PrivateKey.fromHex(d.toString(16).padStart(64, '0')));
    expect(at(0n)).toBe('GM_KEY_INVALID');
    expect(at(1n)).toBe('no error');
    expect(at(N - 2n)).toBe('no error');
    expect(at(N - 1n)).toBe('GM_KEY_INVALID');
    expect(at(N)).toBe('GM_KEY_INVALID');
    expect(codeOf(() => Sm2PrivateKey.fromHex('abc'))).toBe('GM_INVALID_ARGUMENT');
    expect(codeOf(() => Sm2PrivateKey.fromHex('zz'.repeat(32)))).toBe('GM_INVALID_ARGUMENT');
    expect(codeOf(() => Sm2PrivateKey.fromHex('11'.repeat(31)))).toBe('GM_KEY_INVALID');
  });

  it('rejects public keys that are not points on the SM2 curve', () => {
    const bad = h(EXAMPLE_PUB);
    bad[64] = (bad[64] ?? 0) ^ 1; // y changed
    expect(codeOf(() => Sm2PublicKey.fromRaw(bad))).toBe('GM_KEY_INVALID');
    expect(codeOf(() => Sm2PublicKey.fromRaw(Uint8Array.of(0)))).toBe('GM_KEY_INVALID'); // point at infinity
    expect(codeOf(() => Sm2PublicKey.fromRaw(new Uint8Array(65)))).toBe('GM_KEY_INVALID');
    expect(codeOf(() => Sm2PublicKey.fromHex(`05${EXAMPLE_PUB.slice(2)}`))).toBe('GM_KEY_INVALID');
    expect(codeOf(() => Sm2PublicKey.fromHex(EXAMPLE_PUB.slice(0, 100)))).toBe('GM_KEY_INVALID');
  });

  it('rejects a SEC1 key whose embedded public key belongs to another private key', () => {
    const der = privateKey.toSec1Der();
    const other = generateSm2KeyPair().publicKey.toRaw();
    der.set(other, der.length - 65);
    expect(codeOf(() => Sm2PrivateKey.fromSec1Der(der))).toBe('GM_KEY_INVALID');
  });

  it('accepts the bare SM2 algorithm OID (1.2.156.10197.1.301) some Chinese toolkits write in SPKI', () => {
    // SEQUENCE { SEQUENCE { OID sm2 [, NULL] }, BIT STRING 04‖x‖y }
    const bare = h(`3050300a06082a811ccf5501822d034200${publicKey.publicKeyHex}`);
    expect(Sm2PublicKey.fromSpkiDer(bare).equals(publicKey)).toBe(true);
    const withNull = h(`3052300c06082a811ccf5501822d0500034200${publicKey.publicKeyHex}`);
    expect(Sm2PublicKey.fromSpkiDer(withNull).equals(publicKey)).toBe(true);
    const trailing = h(`3050300a06082a811ccf5501822d034200${publicKey.publicKeyHex}00`);
    expect(codeOf(() => Sm2PublicKey.fromSpkiDer(trailing))).toBe('GM_KEY_INVALID');
  });

  it('gives typed errors for garbage, other algorithms and unsupported encodings', () => {
    expect(
      codeOf(() => importSm2PublicKey('-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----')),
    ).toBe('GM_KEY_INVALID');
    expect(
      codeOf(() => importSm2PublicKey('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')),
    ).toBe('GM_KEY_INVALID');
    expect(codeOf(() => importSm2PublicKey(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00)))).toBe(
      'GM_KEY_INVALID',
    );
    expect(codeOf(() => importSm2PrivateKey(Uint8Array.of(0x30, 0x80)))).toBe('GM_KEY_INVALID');
    expect(codeOf(() => importSm2PublicKey(42 as unknown as string))).toBe('GM_INVALID_ARGUMENT');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(codeOf(() => importSm2PublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' })))).toBe(
      'GM_KEY_NOT_SM2',
    );
    expect(() => importSm2PrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }))).toThrow(/RSA/);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => importSm2PrivateKey(p256.privateKey.export({ type: 'sec1', format: 'pem' }))).toThrow(
      /P-256/,
    );
    expect(codeOf(() => importSm2PrivateKey(p256.privateKey.export({ type: 'sec1', format: 'pem' })))).toBe(
      'GM_KEY_NOT_SM2',
    );
  });
});

describe.skipIf(!opensslCli.ok)(`SM2 key formats against the openssl CLI (${opensslCli.reason})`, () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());
  beforeAll(() => {
    expect(openssl(['genpkey', '-algorithm', 'SM2', '-out', tmp.path('k.pem')]).status).toBe(0);
  });

  it('our PKCS#8 and SPKI PEMs are byte-identical to what openssl writes for the same key', () => {
    const sk = importSm2PrivateKey(tmp.read('k.pem').toString());
    expect(sk.toPkcs8Pem()).toBe(tmp.read('k.pem').toString());
    const pub = openssl(['pkey', '-in', tmp.path('k.pem'), '-pubout']);
    expect(sk.publicKey.toSpkiPem()).toBe(pub.stdout.toString());
  });

  it('imports openssl’s SEC1 form ("SM2 PRIVATE KEY" from `openssl ec`)', () => {
    const sec1 = openssl(['ec', '-in', tmp.path('k.pem')]);
    expect(sec1.stdout.toString()).toContain('-----BEGIN SM2 PRIVATE KEY-----');
    const sk = importSm2PrivateKey(sec1.stdout.toString());
    expect(sk.privateKeyHex).toBe(importSm2PrivateKey(tmp.read('k.pem').toString()).privateKeyHex);
  });

  it('openssl reads our SEC1 "EC PRIVATE KEY" PEM as the same key', () => {
    const sk = generateSm2KeyPair().privateKey;
    const out = openssl(['pkey', '-in', tmp.write('ours-sec1.pem', sk.toSec1Pem())]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.toString()).toBe(sk.toPkcs8Pem());
  });

  it('imports openssl’s compressed-point SPKI', () => {
    const out = openssl([
      'ec',
      '-in',
      tmp.path('k.pem'),
      '-pubout',
      '-conv_form',
      'compressed',
      '-outform',
      'DER',
    ]);
    expect(out.status, out.stderr).toBe(0);
    const pk = Sm2PublicKey.fromSpkiDer(new Uint8Array(out.stdout));
    expect(pk.equals(importSm2PrivateKey(tmp.read('k.pem').toString()).publicKey)).toBe(true);
  });

  it('refuses encrypted PKCS#8 and explicit-parameter keys with GM_KEY_UNSUPPORTED', () => {
    const enc = openssl([
      'pkcs8',
      '-topk8',
      '-in',
      tmp.path('k.pem'),
      '-v2',
      'aes-256-cbc',
      '-passout',
      'pass:x',
    ]);
    expect(codeOf(() => importSm2PrivateKey(enc.stdout.toString()))).toBe('GM_KEY_UNSUPPORTED');
    const explicit = openssl([
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:SM2',
      '-pkeyopt',
      'ec_param_enc:explicit',
    ]);
    expect(explicit.status, explicit.stderr).toBe(0);
    expect(codeOf(() => importSm2PrivateKey(explicit.stdout.toString()))).toBe('GM_KEY_UNSUPPORTED');
  });

  it('keeps hex forms consistent with openssl’s text dump', () => {
    const sk = importSm2PrivateKey(tmp.read('k.pem').toString());
    const text = openssl(['pkey', '-in', tmp.path('k.pem'), '-noout', '-text']).stdout.toString();
    const grab = (label: string): string =>
      (new RegExp(`${label}:\\n((?:[ \\t]+[0-9a-f:]+\\n)+)`).exec(text)?.[1] ?? '').replace(/[\s:]/g, '');
    expect(grab('priv').replace(/^00/, '').padStart(64, '0')).toBe(sk.privateKeyHex);
    expect(grab('pub')).toBe(sk.publicKey.publicKeyHex);
    expect(hex(sk.publicKey.toRaw())).toBe(sk.publicKey.publicKeyHex);
  });
});
