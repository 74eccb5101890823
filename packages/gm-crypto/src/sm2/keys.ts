import { randomBytes } from 'node:crypto';
import { sm2 as smCrypto } from 'sm-crypto-v2';
import { bigIntToBytes, bytesToBigInt, fromHex, toHex } from '../bytes.ts';
import { GmCryptoError } from '../errors.ts';
import {
  DerError,
  TAG_BIT_STRING,
  TAG_INTEGER,
  TAG_NULL,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
  bytesEqual,
  encodeTlv,
  oidToString,
  readChildren,
  readSingle,
  readUnsignedInteger,
  type Tlv,
} from './asn1.ts';
import { N, decodePoint } from './curve.ts';

const OID_EC_PUBLIC_KEY = fromHex('2a8648ce3d0201'); // 1.2.840.10045.2.1
const OID_SM2 = fromHex('2a811ccf5501822d'); // 1.2.156.10197.1.301
const ALGORITHM_ID = encodeTlv(
  TAG_SEQUENCE,
  encodeTlv(TAG_OID, OID_EC_PUBLIC_KEY),
  encodeTlv(TAG_OID, OID_SM2),
);
const CURVE_NAMES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
  '1.2.840.113549.1.1.1': 'RSA',
  '1.3.101.112': 'Ed25519',
  '1.3.101.110': 'X25519',
};
const TAG_CONTEXT_0 = 0xa0;
const TAG_CONTEXT_1 = 0xa1;

function invalid(message: string, cause?: unknown): GmCryptoError {
  return new GmCryptoError('GM_KEY_INVALID', message, cause === undefined ? undefined : { cause });
}

function notSm2(oid: Uint8Array): GmCryptoError {
  const dotted = oidToString(oid);
  const name = CURVE_NAMES[dotted];
  return new GmCryptoError('GM_KEY_NOT_SM2', `not an SM2 key: ${name ? `${name} (${dotted})` : dotted}`);
}

/** Runs a DER parser, turning structural errors into GM_KEY_INVALID. */
function parsing<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DerError) throw invalid(`${what}: malformed DER (${err.message})`, err);
    throw err;
  }
}

/** Named-curve parameter check shared by SPKI, PKCS#8 and SEC1 ([0] parameters). */
function checkCurveParameter(param: Tlv): void {
  if (param.tag === TAG_OID) {
    if (!bytesEqual(param.value, OID_SM2)) throw notSm2(param.value);
    return;
  }
  if (param.tag === TAG_SEQUENCE) {
    throw new GmCryptoError(
      'GM_KEY_UNSUPPORTED',
      'explicit EC curve parameters are not supported; use the named SM2 curve',
    );
  }
  throw invalid('EC key without a named curve');
}

/** AlgorithmIdentifier: id-ecPublicKey + SM2 curve (what OpenSSL writes) or the bare SM2 OID some tools write. */
function checkAlgorithm(alg: Tlv): void {
  if (alg.tag !== TAG_SEQUENCE) throw invalid('AlgorithmIdentifier must be a SEQUENCE');
  const [oid, param, ...rest] = readChildren(alg.value);
  if (!oid || oid.tag !== TAG_OID || rest.length > 0) throw invalid('malformed AlgorithmIdentifier');
  if (bytesEqual(oid.value, OID_EC_PUBLIC_KEY)) {
    if (!param) throw invalid('EC key without a named curve');
    checkCurveParameter(param);
    return;
  }
  if (bytesEqual(oid.value, OID_SM2)) {
    if (param && param.tag !== TAG_NULL) checkCurveParameter(param);
    return;
  }
  throw notSm2(oid.value);
}

function bitStringBytes(tlv: Tlv): Uint8Array {
  if (tlv.tag !== TAG_BIT_STRING || tlv.value.length < 1 || tlv.value[0] !== 0)
    throw invalid('public key must be a BIT STRING with no unused bits');
  return tlv.value.subarray(1);
}

interface PemBlock {
  label: string;
  der: Uint8Array;
}

function parsePem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (const m of text.matchAll(re)) {
    const label = m[1] ?? '';
    const body = m[2] ?? '';
    if (body.includes(':')) {
      throw new GmCryptoError(
        'GM_KEY_UNSUPPORTED',
        `encrypted (Proc-Type) PEM "${label}" is not supported; decrypt it first`,
      );
    }
    const b64 = body.replace(/\s+/g, '');
    if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64))
      throw invalid(`PEM "${label}" has invalid base64`);
    blocks.push({ label, der: new Uint8Array(Buffer.from(b64, 'base64')) });
  }
  return blocks;
}

function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * An SM2 public key as plain bytes (uncompressed point 04‖x‖y), validated to lie on the
 * curve at construction. Deliberately not a Node `KeyObject`: Node mis-handles SM2 keys
 * (wrong signature scheme, no user ID, no JWK), and plain bytes serialise, compare and
 * cross worker/process boundaries trivially.
 */
export class Sm2PublicKey {
  readonly #raw: Uint8Array;
  #spki: Uint8Array | undefined;

  private constructor(raw: Uint8Array) {
    this.#raw = raw;
  }

  /** From SEC1 point bytes: 65-byte 04‖x‖y or 33-byte compressed 02/03‖x. */
  static fromRaw(point: Uint8Array): Sm2PublicKey {
    if (!(point instanceof Uint8Array))
      throw new GmCryptoError('GM_INVALID_ARGUMENT', 'public key must be a Uint8Array');
    const raw = decodePoint(point);
    if (!raw) throw invalid('SM2 public key is not a valid point on the SM2 curve');
    return new Sm2PublicKey(raw);
  }

  /**
   * From hex as the sm-crypto libraries and many Chinese APIs print it: `04‖x‖y` (130 chars),
   * compressed `02/03‖x` (66), or bare `x‖y` (128).
   */
  static fromHex(hex: string): Sm2PublicKey {
    const bytes = fromHex(typeof hex === 'string' ? hex.trim() : hex, 'SM2 public key hex');
    if (bytes.length === 64) {
      const withPrefix = new Uint8Array(65);
      withPrefix[0] = 0x04;
      withPrefix.set(bytes, 1);
      return Sm2PublicKey.fromRaw(withPrefix);
    }
    return Sm2PublicKey.fromRaw(bytes);
  }

  /** From a DER SubjectPublicKeyInfo, e.g. `openssl pkey -pubout -outform DER`. */
  static fromSpkiDer(der: Uint8Array): Sm2PublicKey {
    if (!(der instanceof Uint8Array))
      throw new GmCryptoError('GM_INVALID_ARGUMENT', 'SPKI must be a Uint8Array');
    return parsing('SM2 SubjectPublicKeyInfo', () => {
      const [alg, bits, ...rest] = readChildren(readSingle(der, TAG_SEQUENCE));
      if (!alg || !bits || rest.length > 0) throw invalid('malformed SubjectPublicKeyInfo');
      checkAlgorithm(alg);
      return Sm2PublicKey.fromRaw(bitStringBytes(bits));
    });
  }

  /** From a `-----BEGIN PUBLIC KEY-----` PEM (SPKI), as written by `openssl pkey -pubout`. */
  static fromPem(pem: string): Sm2PublicKey {
    if (typeof pem !== 'string') throw new GmCryptoError('GM_INVALID_ARGUMENT', 'PEM must be a string');
    const block = parsePem(pem).find((b) => b.label === 'PUBLIC KEY');
    if (!block) throw invalid('no "PUBLIC KEY" PEM block found');
    return Sm2PublicKey.fromSpkiDer(block.der);
  }

  /** Lowercase hex of 04‖x‖y: the interchange form of sm-crypto, HSM APIs and database columns. */
  get publicKeyHex(): string {
    return toHex(this.#raw);
  }

  /** 65-byte 04‖x‖y (a copy, so callers cannot mutate the key). */
  toRaw(): Uint8Array {
    return new Uint8Array(this.#raw);
  }

  /** DER SubjectPublicKeyInfo (id-ecPublicKey + SM2 curve, exactly what OpenSSL writes). */
  toSpkiDer(): Uint8Array {
    this.#spki ??= encodeTlv(
      TAG_SEQUENCE,
      ALGORITHM_ID,
      encodeTlv(TAG_BIT_STRING, Uint8Array.of(0), this.#raw),
    );
    return new Uint8Array(this.#spki);
  }

  /** `-----BEGIN PUBLIC KEY-----` PEM, usable as `openssl pkeyutl -verify -pubin -inkey`. */
  toSpkiPem(): string {
    return toPem('PUBLIC KEY', this.toSpkiDer());
  }

  /** Same point, regardless of how either key was imported. */
  equals(other: Sm2PublicKey): boolean {
    return other instanceof Sm2PublicKey && bytesEqual(this.#raw, other.#raw);
  }

  /** JSON form, so a key can sit in config or an API response without a custom serializer. */
  toJSON(): { type: 'sm2-public-key'; publicKeyHex: string } {
    return { type: 'sm2-public-key', publicKeyHex: this.publicKeyHex };
  }

  /** Brand check that also works for values typed `unknown` (used by never-throwing verify). */
  static isSm2PublicKey(value: unknown): value is Sm2PublicKey {
    return typeof value === 'object' && value !== null && #raw in value;
  }
}

/**
 * An SM2 private key (scalar d) with its public key. Not a `KeyObject`, for the same reasons
 * as {@link Sm2PublicKey}; `toJSON` and `util.inspect` never print d, so a key that ends up
 * in a log line does not leak. For 密评 level 3, production keys belong in an HSM/KMS.
 */
export class Sm2PrivateKey {
  readonly #d: Uint8Array;
  /** The matching public key (d·G). */
  readonly publicKey: Sm2PublicKey;

  private constructor(d: Uint8Array, publicKey: Sm2PublicKey) {
    this.#d = d;
    this.publicKey = publicKey;
  }

  /** From the 32-byte scalar d; must lie in [1, n-2] as GB/T 32918.1 requires. */
  static fromRaw(d: Uint8Array): Sm2PrivateKey {
    if (!(d instanceof Uint8Array) || d.length === 0 || d.length > 32) {
      throw invalid('SM2 private key must be at most 32 bytes');
    }
    const value = bytesToBigInt(d);
    if (value < 1n || value > N - 2n) throw invalid('SM2 private key is out of range [1, n-2]');
    const dBytes = bigIntToBytes(value, 32);
    const pubHex = smCrypto.getPublicKeyFromPrivateKey(toHex(dBytes));
    return new Sm2PrivateKey(dBytes, Sm2PublicKey.fromHex(pubHex));
  }

  /** From 64 hex chars of d, as sm-crypto and most Chinese SDKs hand keys around. */
  static fromHex(hex: string): Sm2PrivateKey {
    const bytes = fromHex(typeof hex === 'string' ? hex.trim() : hex, 'SM2 private key hex');
    if (bytes.length !== 32) throw invalid('SM2 private key hex must be 64 characters');
    return Sm2PrivateKey.fromRaw(bytes);
  }

  /** From DER PKCS#8 (`PRIVATE KEY`, RFC 5208/5958), what `openssl genpkey -algorithm SM2` writes. */
  static fromPkcs8Der(der: Uint8Array): Sm2PrivateKey {
    if (!(der instanceof Uint8Array))
      throw new GmCryptoError('GM_INVALID_ARGUMENT', 'PKCS#8 must be a Uint8Array');
    return parsing('SM2 PKCS#8 key', () => {
      const [version, alg, key, ...extra] = readChildren(readSingle(der, TAG_SEQUENCE));
      if (!version || version.tag !== TAG_INTEGER || !alg || !key || key.tag !== TAG_OCTET_STRING) {
        throw invalid('malformed PKCS#8 PrivateKeyInfo');
      }
      // RFC 5958 allows [0] attributes and [1] publicKey after the key; nothing else.
      if (extra.some((e) => e.tag !== 0xa0 && e.tag !== 0x81))
        throw invalid('unexpected field in PKCS#8 PrivateKeyInfo');
      const v = bytesToBigInt(readUnsignedInteger(version.value));
      if (v !== 0n && v !== 1n) throw invalid('unsupported PKCS#8 version');
      checkAlgorithm(alg);
      return parseSec1(key.value, false);
    });
  }

  /** From DER SEC1 `ECPrivateKey` (`EC PRIVATE KEY` / `SM2 PRIVATE KEY`), what `openssl ec` and older tools write. */
  static fromSec1Der(der: Uint8Array): Sm2PrivateKey {
    if (!(der instanceof Uint8Array))
      throw new GmCryptoError('GM_INVALID_ARGUMENT', 'SEC1 key must be a Uint8Array');
    return parsing('SM2 SEC1 key', () => parseSec1(der, true));
  }

  /**
   * From PEM: `PRIVATE KEY` (PKCS#8), or SEC1 as `EC PRIVATE KEY` / `SM2 PRIVATE KEY` (what
   * `openssl ec` writes; a leading parameters block is ignored). Encrypted keys are refused
   * with `GM_KEY_UNSUPPORTED`.
   */
  static fromPem(pem: string): Sm2PrivateKey {
    if (typeof pem !== 'string') throw new GmCryptoError('GM_INVALID_ARGUMENT', 'PEM must be a string');
    const blocks = parsePem(pem);
    for (const b of blocks) {
      if (b.label === 'PRIVATE KEY') return Sm2PrivateKey.fromPkcs8Der(b.der);
      // OpenSSL 3 `openssl ec` labels SEC1 SM2 keys "SM2 PRIVATE KEY"; other tools say "EC PRIVATE KEY".
      if (b.label === 'EC PRIVATE KEY' || b.label === 'SM2 PRIVATE KEY')
        return Sm2PrivateKey.fromSec1Der(b.der);
      if (b.label === 'ENCRYPTED PRIVATE KEY') {
        throw new GmCryptoError(
          'GM_KEY_UNSUPPORTED',
          'encrypted PKCS#8 is not supported; decrypt it first (openssl pkey -in k.pem)',
        );
      }
    }
    throw invalid('no "PRIVATE KEY" or "EC PRIVATE KEY" PEM block found');
  }

  /** 64 lowercase hex chars of d. Named loudly because it is the secret. */
  get privateKeyHex(): string {
    return toHex(this.#d);
  }

  /** 32-byte d (a copy). */
  toRaw(): Uint8Array {
    return new Uint8Array(this.#d);
  }

  /** DER SEC1 ECPrivateKey with curve parameters and public key, as OpenSSL writes it. */
  toSec1Der(): Uint8Array {
    return encodeSec1(this.#d, this.publicKey.toRaw(), true);
  }

  /** `-----BEGIN EC PRIVATE KEY-----` PEM, for tools that predate PKCS#8. */
  toSec1Pem(): string {
    return toPem('EC PRIVATE KEY', this.toSec1Der());
  }

  /** DER PKCS#8 PrivateKeyInfo, byte-identical in layout to `openssl genpkey -algorithm SM2`. */
  toPkcs8Der(): Uint8Array {
    const inner = encodeSec1(this.#d, this.publicKey.toRaw(), false);
    return encodeTlv(
      TAG_SEQUENCE,
      encodeTlv(TAG_INTEGER, Uint8Array.of(0)),
      ALGORITHM_ID,
      encodeTlv(TAG_OCTET_STRING, inner),
    );
  }

  /** `-----BEGIN PRIVATE KEY-----` PEM, usable as `openssl pkeyutl -sign -inkey`. */
  toPkcs8Pem(): string {
    return toPem('PRIVATE KEY', this.toPkcs8Der());
  }

  /** Serialises the public half only: a private key must never reach JSON by accident. */
  toJSON(): { type: 'sm2-private-key'; publicKeyHex: string } {
    return { type: 'sm2-private-key', publicKeyHex: this.publicKey.publicKeyHex };
  }

  /** Keeps d out of console.log / util.inspect output. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Sm2PrivateKey { publicKeyHex: '${this.publicKey.publicKeyHex}', d: [redacted] }`;
  }

  /** Brand check that also works for values typed `unknown`. */
  static isSm2PrivateKey(value: unknown): value is Sm2PrivateKey {
    return typeof value === 'object' && value !== null && #d in value;
  }
}

function encodeSec1(d: Uint8Array, pub: Uint8Array, withParams: boolean): Uint8Array {
  const parts = [encodeTlv(TAG_INTEGER, Uint8Array.of(1)), encodeTlv(TAG_OCTET_STRING, d)];
  if (withParams) parts.push(encodeTlv(TAG_CONTEXT_0, encodeTlv(TAG_OID, OID_SM2)));
  parts.push(encodeTlv(TAG_CONTEXT_1, encodeTlv(TAG_BIT_STRING, Uint8Array.of(0), pub)));
  return encodeTlv(TAG_SEQUENCE, ...parts);
}

/** SEC1 ECPrivateKey; standalone keys must name their curve, inside PKCS#8 the AlgorithmIdentifier did. */
function parseSec1(der: Uint8Array, requireParams: boolean): Sm2PrivateKey {
  const children = readChildren(readSingle(der, TAG_SEQUENCE));
  const [version, key, ...optional] = children;
  if (!version || version.tag !== TAG_INTEGER || !key || key.tag !== TAG_OCTET_STRING)
    throw invalid('malformed ECPrivateKey');
  if (bytesToBigInt(readUnsignedInteger(version.value)) !== 1n)
    throw invalid('unsupported ECPrivateKey version');
  let params: Tlv | undefined;
  let pub: Uint8Array | undefined;
  for (const opt of optional) {
    if (opt.tag === TAG_CONTEXT_0 && !params && !pub) {
      const [inner, ...rest] = readChildren(opt.value);
      if (!inner || rest.length > 0) throw invalid('malformed ECPrivateKey parameters');
      params = inner;
    } else if (opt.tag === TAG_CONTEXT_1 && !pub) {
      const [bits, ...rest] = readChildren(opt.value);
      if (!bits || rest.length > 0) throw invalid('malformed ECPrivateKey public key');
      pub = bitStringBytes(bits);
    } else {
      throw invalid('unexpected field in ECPrivateKey');
    }
  }
  if (params) checkCurveParameter(params);
  else if (requireParams) throw invalid('EC PRIVATE KEY does not name its curve');
  const sk = Sm2PrivateKey.fromRaw(key.value);
  if (pub) {
    const embedded = decodePoint(pub);
    if (!embedded || !bytesEqual(embedded, sk.publicKey.toRaw()))
      throw invalid('embedded public key does not match the private key');
  }
  return sk;
}

/**
 * A fresh SM2 key pair. d is drawn from Node's CSPRNG by rejection sampling into [1, n-2]
 * (uniform; no modulo bias), and the public key is computed from it.
 */
export function generateSm2KeyPair(): { privateKey: Sm2PrivateKey; publicKey: Sm2PublicKey } {
  for (;;) {
    const candidate = randomBytes(32);
    const d = bytesToBigInt(candidate);
    if (d >= 1n && d <= N - 2n) {
      const privateKey = Sm2PrivateKey.fromRaw(candidate);
      return { privateKey, publicKey: privateKey.publicKey };
    }
  }
}

/**
 * Accepts whatever form a public key arrives in: PEM text, hex (04‖x‖y, 02/03‖x or x‖y),
 * SPKI DER bytes or raw point bytes. Errors are GmCryptoError (`GM_KEY_INVALID`, `GM_KEY_NOT_SM2`, …).
 */
export function importSm2PublicKey(input: string | Uint8Array): Sm2PublicKey {
  if (typeof input === 'string') {
    return input.includes('-----BEGIN') ? Sm2PublicKey.fromPem(input) : Sm2PublicKey.fromHex(input);
  }
  if (input instanceof Uint8Array) {
    return input[0] === TAG_SEQUENCE ? Sm2PublicKey.fromSpkiDer(input) : Sm2PublicKey.fromRaw(input);
  }
  throw new GmCryptoError('GM_INVALID_ARGUMENT', 'public key must be a PEM/hex string or a Uint8Array');
}

/**
 * Accepts PEM (PKCS#8 or SEC1), 64-char hex of d, DER (PKCS#8, else SEC1) or 32 raw bytes.
 * Errors are GmCryptoError.
 */
export function importSm2PrivateKey(input: string | Uint8Array): Sm2PrivateKey {
  if (typeof input === 'string') {
    return input.includes('-----BEGIN') ? Sm2PrivateKey.fromPem(input) : Sm2PrivateKey.fromHex(input);
  }
  if (input instanceof Uint8Array) {
    if (input[0] !== TAG_SEQUENCE || input.length === 32) return Sm2PrivateKey.fromRaw(input);
    try {
      return Sm2PrivateKey.fromPkcs8Der(input);
    } catch (err) {
      // A SEC1 key fails PKCS#8 parsing structurally (its first INTEGER is 1 and then an OCTET STRING follows).
      if (err instanceof GmCryptoError && err.code === 'GM_KEY_INVALID')
        return Sm2PrivateKey.fromSec1Der(input);
      throw err;
    }
  }
  throw new GmCryptoError('GM_INVALID_ARGUMENT', 'private key must be a PEM/hex string or a Uint8Array');
}
