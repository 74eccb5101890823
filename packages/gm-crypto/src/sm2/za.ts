import { createHash } from 'node:crypto';
import { toBytes, toHex, type BytesLike } from '../bytes.ts';
import { GmCryptoError } from '../errors.ts';
import { CURVE_ZA_BYTES } from './curve.ts';
import type { Sm2PublicKey } from './keys.ts';

/** GM/T 0009 / GB/T 35276 default distinguishing identifier; what every interoperating peer assumes. */
export const DEFAULT_SM2_USER_ID = '1234567812345678';

/**
 * ENTL is a 16-bit count of ID *bits*; OpenSSL 3 refuses IDs of 8191 bytes or more, so both
 * backends cap at 8190 bytes to keep identical behaviour.
 */
export const MAX_SM2_USER_ID_BYTES = 8190;

/** User ID bytes (strings as UTF-8; default ID when undefined), or a GmCryptoError if too long. */
export function userIdBytes(userId: BytesLike | undefined): Uint8Array {
  const id = toBytes(userId ?? DEFAULT_SM2_USER_ID, 'userId');
  if (id.byteLength > MAX_SM2_USER_ID_BYTES) {
    throw new GmCryptoError(
      'GM_INVALID_ARGUMENT',
      `SM2 user ID must be at most ${MAX_SM2_USER_ID_BYTES} bytes`,
    );
  }
  return id;
}

const MAX_CACHED_IDS_PER_KEY = 8;
const zaCache = new WeakMap<Sm2PublicKey, Map<string, Uint8Array>>();

/**
 * Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5). Cached per key
 * and ID (a handful of IDs per key, so attacker-chosen IDs cannot grow memory).
 */
export function computeZa(publicKey: Sm2PublicKey, id: Uint8Array): Uint8Array {
  let perKey = zaCache.get(publicKey);
  const cacheKey = toHex(id);
  const hit = perKey?.get(cacheKey);
  if (hit) return hit;
  const bits = id.byteLength * 8;
  const point = publicKey.toRaw();
  const za = createHash('sm3')
    .update(Uint8Array.of((bits >> 8) & 0xff, bits & 0xff))
    .update(id)
    .update(CURVE_ZA_BYTES)
    .update(point.subarray(1))
    .digest();
  if (!perKey) {
    perKey = new Map();
    zaCache.set(publicKey, perKey);
  }
  if (perKey.size >= MAX_CACHED_IDS_PER_KEY) perKey.clear();
  perKey.set(cacheKey, za);
  return za;
}

/** e = SM3(Z_A ‖ M), the value the curve arithmetic actually signs. */
export function computeE(publicKey: Sm2PublicKey, id: Uint8Array, message: Uint8Array): Uint8Array {
  return createHash('sm3').update(computeZa(publicKey, id)).update(message).digest();
}
