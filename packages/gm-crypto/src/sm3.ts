import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ownBytes, toBytes, type BytesLike } from './bytes.ts';
import { GmCryptoError } from './errors.ts';

/** SM3 digest length in bytes (256 bits). */
export const SM3_DIGEST_LENGTH = 32;

/**
 * SM3 (GB/T 32905-2016) digest. Uses the OpenSSL inside Node (≈ `openssl speed sm3`
 * throughput, ~2.5× the pure-JS libraries), which is why no JS SM3 is shipped here.
 * Strings are hashed as UTF-8, so Chinese text hashes the same as on every other platform.
 */
export function sm3(data: BytesLike): Uint8Array {
  return ownBytes(createHash('sm3').update(toBytes(data)).digest());
}

/** SM3 as lowercase hex: the form most Chinese APIs and `openssl dgst -sm3` print. */
export function sm3Hex(data: BytesLike): string {
  return createHash('sm3').update(toBytes(data)).digest('hex');
}

/**
 * HMAC-SM3 (RFC 2104 with SM3). This is the 密评-accepted integrity/blind-index primitive:
 * use it for audit-log tags and for searchable hashes of SM4-encrypted fields, with a key
 * that never equals an encryption key. A string key is taken as UTF-8.
 */
export function hmacSm3(key: BytesLike, data: BytesLike): Uint8Array {
  const k = toBytes(key, 'key');
  return ownBytes(createHmac('sm3', k).update(toBytes(data)).digest());
}

/** HMAC-SM3 as lowercase hex, the form `openssl dgst -sm3 -hmac` prints (handy for blind indexes in text columns). */
export function hmacSm3Hex(key: BytesLike, data: BytesLike): string {
  return createHmac('sm3', toBytes(key, 'key')).update(toBytes(data)).digest('hex');
}

/**
 * Compares MACs/tags without an early exit, so response timing does not reveal how many
 * leading bytes of a forged tag were right. Different lengths return false at once (a
 * length is not secret). Never use `===` or `Buffer.equals` on secrets.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) {
    throw new GmCryptoError('GM_INVALID_ARGUMENT', 'constantTimeEqual expects two Uint8Arrays');
  }
  if (a.byteLength !== b.byteLength) return false;
  return timingSafeEqual(a, b);
}
