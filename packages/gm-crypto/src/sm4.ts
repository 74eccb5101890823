import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { ownBytes, toBytes, type BytesLike } from './bytes.ts';
import { GmCryptoError } from './errors.ts';
import { constantTimeEqual } from './sm3.ts';

/** SM4 block and key size in bytes (GB/T 32907-2016). */
export const SM4_BLOCK_SIZE = 16;

/** Version byte of envelopes written by {@link sm4Seal}; bumped only if the format changes. */
export const SM4_ENVELOPE_VERSION = 1;

const IV_LENGTH = 16;
const TAG_LENGTH = 32; // full HMAC-SM3 output; truncating would save 16 bytes for a weaker tag
const MAX_KEY_ID_BYTES = 255;
const ENC_LABEL = Buffer.from('sufu/gm-crypto/v1/sm4-ctr-key\x01', 'latin1');
const MAC_LABEL = Buffer.from('sufu/gm-crypto/v1/hmac-sm3-key\x01', 'latin1');

/**
 * Smallest possible envelope: version, key-ID length, IV and tag around an empty plaintext
 * (add the key ID's UTF-8 length and the plaintext length for the exact size).
 */
export const SM4_ENVELOPE_OVERHEAD = 2 + IV_LENGTH + TAG_LENGTH;

/** Options shared by {@link sm4Seal} and {@link sm4Open}. */
export interface Sm4SealOptions {
  /**
   * Associated data: authenticated, not encrypted, not stored. Bind the ciphertext to its
   * context (e.g. `"person:42:idNumber"`) so a value cannot be copied into another row or
   * column; opening then needs the same AAD.
   */
  aad?: BytesLike;
  /**
   * Names the master key (at most 255 UTF-8 bytes). Stored in clear and authenticated, so
   * key rotation can find the right key with {@link sm4EnvelopeKeyId} before opening.
   */
  keyId?: string;
}

/** Options of {@link sm4Open}. */
export interface Sm4OpenOptions {
  /** Must equal the AAD given to {@link sm4Seal}, or opening fails with `GM_ENVELOPE_AUTH_FAILED`. */
  aad?: BytesLike;
  /**
   * If set, the envelope must carry exactly this key ID (checked after the tag), so a
   * caller that keeps several keys under one master cannot be tricked into a mix-up.
   */
  keyId?: string;
}

function checkKey(key: Uint8Array, sizes: readonly number[], what: string): void {
  if (!(key instanceof Uint8Array) || !sizes.includes(key.byteLength)) {
    throw new GmCryptoError(
      'GM_INVALID_ARGUMENT',
      `${what} must be a Uint8Array of ${sizes.join(' or ')} bytes`,
    );
  }
}

function checkIv(iv: Uint8Array): void {
  if (!(iv instanceof Uint8Array) || iv.byteLength !== IV_LENGTH) {
    throw new GmCryptoError('GM_INVALID_ARGUMENT', 'iv must be a Uint8Array of 16 bytes');
  }
}

/**
 * SM4-CBC with PKCS#7 padding, byte-identical to `openssl enc -sm4-cbc -K <hex> -iv <hex>`.
 * Only for talking to systems that mandate CBC: it has no integrity, so an attacker can
 * flip plaintext bits and probe padding. For storage use {@link sm4Seal}. Use a fresh
 * random IV per message.
 */
export function sm4EncryptCbc(key: Uint8Array, iv: Uint8Array, plaintext: BytesLike): Uint8Array {
  checkKey(key, [16], 'SM4 key');
  checkIv(iv);
  const c = createCipheriv('sm4-cbc', key, iv);
  return ownBytes(Buffer.concat([c.update(toBytes(plaintext, 'plaintext')), c.final()]));
}

/**
 * Inverse of {@link sm4EncryptCbc}. A wrong key, a corrupted block or a length that is not
 * a multiple of 16 throws `GM_SM4_DECRYPT_FAILED`. A wrong key can also decrypt to garbage
 * with valid-looking padding (about 1 in 256); CBC cannot tell, which is why it is interop-only.
 */
export function sm4DecryptCbc(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  checkKey(key, [16], 'SM4 key');
  checkIv(iv);
  if (!(ciphertext instanceof Uint8Array))
    throw new GmCryptoError('GM_INVALID_ARGUMENT', 'ciphertext must be a Uint8Array');
  if (ciphertext.byteLength === 0 || ciphertext.byteLength % SM4_BLOCK_SIZE !== 0) {
    throw new GmCryptoError(
      'GM_SM4_DECRYPT_FAILED',
      'SM4-CBC ciphertext length must be a positive multiple of 16',
    );
  }
  try {
    const d = createDecipheriv('sm4-cbc', key, iv);
    return ownBytes(Buffer.concat([d.update(ciphertext), d.final()]));
  } catch (cause) {
    throw new GmCryptoError(
      'GM_SM4_DECRYPT_FAILED',
      'SM4-CBC decryption failed (bad padding: wrong key or corrupted data)',
      { cause },
    );
  }
}

interface DerivedKeys {
  enc: Uint8Array;
  mac: Uint8Array;
}

/**
 * One master key, two independent subkeys, so the cipher key is never also the MAC key.
 * This is HKDF-Expand (RFC 5869) with HMAC-SM3, PRK = master key, one output block:
 *   K_enc = HMAC-SM3(master, "sufu/gm-crypto/v1/sm4-ctr-key"  ‖ 0x01)[0..16)
 *   K_mac = HMAC-SM3(master, "sufu/gm-crypto/v1/hmac-sm3-key" ‖ 0x01)        (32 bytes)
 * HKDF-Extract is skipped because the master key must already be uniformly random.
 */
function deriveKeys(masterKey: Uint8Array): DerivedKeys {
  checkKey(masterKey, [16, 32], 'SM4 master key');
  const enc = createHmac('sm3', masterKey).update(ENC_LABEL).digest().subarray(0, 16);
  const mac = createHmac('sm3', masterKey).update(MAC_LABEL).digest();
  return { enc, mac };
}

function encodeKeyId(keyId: string | undefined): Uint8Array {
  if (keyId === undefined) return new Uint8Array(0);
  if (typeof keyId !== 'string') throw new GmCryptoError('GM_INVALID_ARGUMENT', 'keyId must be a string');
  const bytes = Buffer.from(keyId, 'utf8');
  if (bytes.byteLength > MAX_KEY_ID_BYTES) {
    throw new GmCryptoError('GM_INVALID_ARGUMENT', `keyId must be at most ${MAX_KEY_ID_BYTES} UTF-8 bytes`);
  }
  return bytes;
}

function computeTag(
  macKey: Uint8Array,
  header: Uint8Array,
  aad: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array {
  const aadLen = Buffer.alloc(8);
  aadLen.writeBigUInt64BE(BigInt(aad.byteLength));
  return createHmac('sm3', macKey).update(header).update(aadLen).update(aad).update(ciphertext).digest();
}

/**
 * Authenticated SM4 encryption for data at rest (密评 "重要数据存储机密性/完整性").
 * Node 20's OpenSSL 3.0 has no SM4-GCM, so this is encrypt-then-MAC: SM4-CTR under a
 * random 128-bit IV, then HMAC-SM3 over
 *   version ‖ keyIdLen ‖ keyId ‖ iv ‖ uint64be(aad.length) ‖ aad ‖ ciphertext.
 * Envelope bytes: `0x01 ‖ keyIdLen(1) ‖ keyId ‖ iv(16) ‖ ciphertext(len(plaintext)) ‖ tag(32)`.
 * `masterKey` is 16 or 32 random bytes (from a KMS or `randomBytes`), never a password;
 * the cipher and MAC keys are derived from it (see README).
 */
export function sm4Seal(
  masterKey: Uint8Array,
  plaintext: BytesLike,
  options: Sm4SealOptions = {},
): Uint8Array {
  const keys = deriveKeys(masterKey);
  const keyId = encodeKeyId(options.keyId);
  const aad = options.aad === undefined ? new Uint8Array(0) : toBytes(options.aad, 'aad');
  const pt = toBytes(plaintext, 'plaintext');
  const iv = randomBytes(IV_LENGTH);

  const headerLen = 2 + keyId.byteLength + IV_LENGTH;
  const out = Buffer.allocUnsafeSlow(headerLen + pt.byteLength + TAG_LENGTH);
  out[0] = SM4_ENVELOPE_VERSION;
  out[1] = keyId.byteLength;
  out.set(keyId, 2);
  out.set(iv, 2 + keyId.byteLength);
  const cipher = createCipheriv('sm4-ctr', keys.enc, iv);
  const ct = cipher.update(pt);
  cipher.final(); // CTR is a stream mode: final() emits nothing
  out.set(ct, headerLen);
  const header = out.subarray(0, headerLen);
  out.set(computeTag(keys.mac, header, aad, ct), headerLen + ct.byteLength);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

interface ParsedEnvelope {
  header: Uint8Array;
  keyId: Uint8Array;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

function parseEnvelope(envelope: Uint8Array): ParsedEnvelope {
  if (!(envelope instanceof Uint8Array))
    throw new GmCryptoError('GM_INVALID_ARGUMENT', 'envelope must be a Uint8Array');
  if (envelope.byteLength < SM4_ENVELOPE_OVERHEAD) {
    throw new GmCryptoError('GM_ENVELOPE_MALFORMED', 'SM4 envelope is truncated');
  }
  if (envelope[0] !== SM4_ENVELOPE_VERSION) {
    throw new GmCryptoError(
      'GM_ENVELOPE_UNSUPPORTED_VERSION',
      `unsupported SM4 envelope version ${envelope[0] ?? -1}`,
    );
  }
  const keyIdLen = envelope[1] ?? 0;
  const headerLen = 2 + keyIdLen + IV_LENGTH;
  if (envelope.byteLength < headerLen + TAG_LENGTH) {
    throw new GmCryptoError('GM_ENVELOPE_MALFORMED', 'SM4 envelope is truncated');
  }
  return {
    header: envelope.subarray(0, headerLen),
    keyId: envelope.subarray(2, 2 + keyIdLen),
    iv: envelope.subarray(2 + keyIdLen, headerLen),
    ciphertext: envelope.subarray(headerLen, envelope.byteLength - TAG_LENGTH),
    tag: envelope.subarray(envelope.byteLength - TAG_LENGTH),
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the key ID of an envelope without any key, so a service holding several keys
 * (rotation) knows which one to open it with. The ID is not yet authenticated here;
 * {@link sm4Open} authenticates it. Empty string when the sealer gave none.
 */
export function sm4EnvelopeKeyId(envelope: Uint8Array): string {
  const { keyId } = parseEnvelope(envelope);
  try {
    return strictUtf8.decode(keyId);
  } catch (cause) {
    throw new GmCryptoError('GM_ENVELOPE_MALFORMED', 'SM4 envelope key ID is not UTF-8', { cause });
  }
}

/**
 * Verifies and decrypts an {@link sm4Seal} envelope. The tag is checked (in constant time)
 * before anything is decrypted, so tampered data is never released. Every failure is a
 * {@link GmCryptoError}: `GM_ENVELOPE_MALFORMED` (truncated), `GM_ENVELOPE_UNSUPPORTED_VERSION`,
 * `GM_ENVELOPE_AUTH_FAILED` (wrong key/AAD, any modified bit) or `GM_ENVELOPE_KEY_ID_MISMATCH`.
 */
export function sm4Open(
  masterKey: Uint8Array,
  envelope: Uint8Array,
  options: Sm4OpenOptions = {},
): Uint8Array {
  const keys = deriveKeys(masterKey);
  const aad = options.aad === undefined ? new Uint8Array(0) : toBytes(options.aad, 'aad');
  const env = parseEnvelope(envelope);
  const expected = computeTag(keys.mac, env.header, aad, env.ciphertext);
  if (!constantTimeEqual(expected, env.tag)) {
    throw new GmCryptoError(
      'GM_ENVELOPE_AUTH_FAILED',
      'SM4 envelope authentication failed (wrong key or AAD, or tampered data)',
    );
  }
  if (options.keyId !== undefined) {
    const want = encodeKeyId(options.keyId);
    if (!constantTimeEqual(want, env.keyId)) {
      throw new GmCryptoError(
        'GM_ENVELOPE_KEY_ID_MISMATCH',
        'SM4 envelope was sealed under a different key ID',
      );
    }
  }
  const decipher = createDecipheriv('sm4-ctr', keys.enc, env.iv);
  const pt = decipher.update(env.ciphertext);
  decipher.final();
  return ownBytes(pt);
}
