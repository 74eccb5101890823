import { createCipheriv } from 'node:crypto';
import { hmacSm3 } from '@sufu/gm-crypto';

/**
 * The holder pseudonym inside a token: the holder's UUID encrypted with SM4-CTR under a key
 * derived from the platform secret and the signing key id, with IV = code id ‖ nonce. Because
 * the IV is fresh for every code, two codes of the same person share no bytes: a gate that
 * collects codes cannot link them (unlike a keyed hash, which is stable per key epoch), and
 * the issuer resolves the holder without a lookup table. Integrity comes from the SM2
 * signature over the whole payload, so no MAC is needed here. Only the issuer (which holds
 * SUFU_SECRET_KEY) can open it; every server process must share that secret.
 */
export function pseudonymKey(secret: Uint8Array, kid: string): Buffer {
  return Buffer.from(hmacSm3(secret, `sufu:service-code:pseudonym:v1:${kid}`).subarray(0, 16));
}

function crypt(key: Buffer, codeId: string, nonce: Uint8Array, data: Uint8Array): Uint8Array {
  const iv = Buffer.concat([Buffer.from(codeId, 'hex'), nonce]);
  const c = createCipheriv('sm4-ctr', key, iv);
  return new Uint8Array(c.update(data));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sealHolder(key: Buffer, codeId: string, nonce: Uint8Array, holderId: string): Uint8Array {
  if (!UUID.test(holderId)) throw new Error('holder id must be a UUID');
  return crypt(key, codeId, nonce, Buffer.from(holderId.replaceAll('-', ''), 'hex'));
}

export function openHolder(key: Buffer, codeId: string, nonce: Uint8Array, pseudonym: Uint8Array): string {
  const h = Buffer.from(crypt(key, codeId, nonce, pseudonym)).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
