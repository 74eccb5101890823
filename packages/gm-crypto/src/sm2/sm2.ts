import { ownBytes, toBytes, type BytesLike } from '../bytes.ts';
import { GmCryptoError } from '../errors.ts';
import { Sm2PrivateKey, Sm2PublicKey } from './keys.ts';
import {
  nativeAddon,
  nativeStatus,
  type NativeAddon,
  type NativeKey,
  type Sm2NativeStatus,
} from './native.ts';
import { pureSign, pureVerify } from './pure.ts';
import {
  encodeDerSignature,
  encodeRawSignature,
  parseDerSignature,
  parseRawSignature,
  scalarsInRange,
  type RS,
} from './signature.ts';
import { computeE, computeZa, userIdBytes } from './za.ts';

/** `der`: ASN.1 SEQUENCE{r, s} (OpenSSL, GB/T 35276, certificates). `raw`: 64-byte r‖s (sm-crypto, many HSM/UKey APIs). */
export type Sm2SignatureEncoding = 'der' | 'raw';

/** `native`: OpenSSL inside node via the addon. `pure`: sm-crypto-v2 (TypeScript). */
export type Sm2BackendName = 'native' | 'pure';

/** Options of {@link sm2Sign}. */
export interface Sm2SignOptions {
  /**
   * Signer's distinguishing ID, bound into Z_A; the verifier must use the same one. Defaults
   * to `'1234567812345678'` (GM/T 0009), which peers assume when nothing was agreed. Strings are UTF-8.
   */
  userId?: BytesLike;
  /** Output form; default `'der'` (what `openssl pkeyutl` reads and writes). */
  encoding?: Sm2SignatureEncoding;
  /**
   * Force a backend, for tests and benchmarks. Leave unset in application code: the default
   * is native when built, else pure, and both give the same answers.
   */
  backend?: Sm2BackendName;
}

/** Options of {@link sm2Verify}; same meaning as for signing. */
export type Sm2VerifyOptions = Sm2SignOptions;

const nativePublic = new WeakMap<Sm2PublicKey, NativeKey>();
const nativePrivate = new WeakMap<Sm2PrivateKey, NativeKey>();

type Backend = { name: 'native'; addon: NativeAddon } | { name: 'pure' };

function resolveBackend(requested: Sm2BackendName | undefined): Backend {
  if (requested === 'pure') return { name: 'pure' };
  const addon = nativeAddon();
  if (addon) return { name: 'native', addon };
  if (requested === 'native') {
    throw new GmCryptoError(
      'GM_BACKEND_UNAVAILABLE',
      `native SM2 backend unavailable: ${nativeStatus().reason ?? 'unknown reason'}`,
    );
  }
  if (requested !== undefined)
    throw new GmCryptoError('GM_INVALID_ARGUMENT', `unknown SM2 backend "${String(requested)}"`);
  return { name: 'pure' };
}

function nativePublicKey(addon: NativeAddon, key: Sm2PublicKey): NativeKey | null {
  let k = nativePublic.get(key);
  if (!k) {
    // Parsing the SPKI into an EVP_PKEY costs about a third of a verify, so keep it per key object.
    const loaded = addon.loadPublicKey(key.toSpkiDer());
    if (!loaded) return null;
    k = loaded;
    nativePublic.set(key, k);
  }
  return k;
}

function nativePrivateKey(addon: NativeAddon, key: Sm2PrivateKey): NativeKey {
  let k = nativePrivate.get(key);
  if (!k) {
    const loaded = addon.loadPrivateKey(key.toPkcs8Der());
    if (!loaded) throw new GmCryptoError('GM_SIGN_FAILED', 'OpenSSL rejected the SM2 private key');
    k = loaded;
    nativePrivate.set(key, k);
  }
  return k;
}

/**
 * SM2 signature per GB/T 32918.2 (Z_A with the user ID, SM3, random k), verifiable by
 * `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:<userId>` and by sm-crypto.
 * Never uses Node's crypto.sign, which cannot set the user ID (nodejs/node#53761).
 * Throws GmCryptoError on bad arguments (e.g. a user ID over 8190 bytes).
 */
export function sm2Sign(
  message: BytesLike,
  privateKey: Sm2PrivateKey,
  options: Sm2SignOptions = {},
): Uint8Array {
  if (!Sm2PrivateKey.isSm2PrivateKey(privateKey)) {
    throw new GmCryptoError(
      'GM_INVALID_ARGUMENT',
      'privateKey must be an Sm2PrivateKey (see importSm2PrivateKey)',
    );
  }
  const encoding = options.encoding ?? 'der';
  if (encoding !== 'der' && encoding !== 'raw')
    throw new GmCryptoError('GM_INVALID_ARGUMENT', `unknown signature encoding "${String(encoding)}"`);
  const id = userIdBytes(options.userId);
  const msg = toBytes(message, 'message');
  const backend = resolveBackend(options.backend);
  let rs: RS;
  if (backend.name === 'native') {
    const der = backend.addon.sign(nativePrivateKey(backend.addon, privateKey), id, msg);
    if (!der) throw new GmCryptoError('GM_SIGN_FAILED', 'OpenSSL SM2 signing failed');
    rs = parseDerSignature(der);
  } else {
    rs = pureSign(privateKey, computeE(privateKey.publicKey, id, msg));
  }
  return encoding === 'der' ? encodeDerSignature(rs) : encodeRawSignature(rs);
}

/**
 * Verifies an SM2 signature. Returns false — never throws — for anything wrong with the
 * input: bad or non-canonical DER, trailing bytes, wrong length, r or s outside [1, n-1],
 * another key, another user ID, a non-key object. Verification sits on request paths where an
 * attacker controls the bytes, and a throw there tends to become a 500 or a skipped check.
 * (Only an explicitly requested but unavailable `backend` throws: that is configuration.)
 */
export function sm2Verify(
  message: BytesLike,
  signature: Uint8Array,
  publicKey: Sm2PublicKey,
  options: Sm2VerifyOptions = {},
): boolean {
  const opts: Sm2VerifyOptions = typeof options === 'object' && options !== null ? options : {};
  const backend = resolveBackend(opts.backend);
  try {
    if (!Sm2PublicKey.isSm2PublicKey(publicKey) || !(signature instanceof Uint8Array)) return false;
    const encoding = opts.encoding ?? 'der';
    let rs: RS;
    if (encoding === 'der') rs = parseDerSignature(signature);
    else if (encoding === 'raw') rs = parseRawSignature(signature);
    else return false;
    if (!scalarsInRange(rs)) return false;
    const id = userIdBytes(opts.userId);
    const msg = toBytes(message, 'message');
    if (backend.name === 'native') {
      const key = nativePublicKey(backend.addon, publicKey);
      if (!key) return false;
      return backend.addon.verify(key, id, msg, encoding === 'der' ? signature : encodeDerSignature(rs));
    }
    return pureVerify(publicKey, computeE(publicKey, id, msg), rs);
  } catch {
    return false;
  }
}

/** Which backend sm2Sign/sm2Verify use by default in this process; log it at startup. */
export function sm2Backend(): Sm2BackendName {
  return nativeAddon() ? 'native' : 'pure';
}

/** Why the native backend is (not) available, e.g. for a health endpoint or a test skip message. */
export function sm2NativeStatus(): Sm2NativeStatus {
  return nativeStatus();
}

/**
 * Z_A for a key and user ID. Needed when an HSM/UKey signs a precomputed digest: compute
 * e = SM3(Z_A ‖ M) here (see {@link sm2Digest}) and hand e to the device.
 */
export function sm2Za(publicKey: Sm2PublicKey, userId?: BytesLike): Uint8Array {
  return new Uint8Array(computeZa(publicKey, userIdBytes(userId)));
}

/** e = SM3(Z_A ‖ M), the 32 bytes an SM2 device signs when it takes a digest instead of the message. */
export function sm2Digest(message: BytesLike, publicKey: Sm2PublicKey, userId?: BytesLike): Uint8Array {
  return ownBytes(computeE(publicKey, userIdBytes(userId), toBytes(message, 'message')));
}
