import { hmacSm3, sm4Open, sm4Seal } from '@sufu/gm-crypto';

/**
 * Small secrets kept in the database (TOTP seeds) are sealed with gm-crypto's SM4
 * envelope (SM4-CTR with an HMAC-SM3 tag) under a key derived from the platform secret
 * for this purpose, bound to what they belong to (the additional data), so a database
 * dump alone reveals nothing and a sealed value cannot be moved to another account.
 */
export type Sealer = { seal(plain: string, aad: string): string; open(sealed: string, aad: string): string };

export function createSealer(masterKey: Buffer, purpose: string): Sealer {
  const key = hmacSm3(masterKey, `sufu:seal:${purpose}`);
  return {
    seal: (plain, aad) => Buffer.from(sm4Seal(key, plain, { aad, keyId: purpose })).toString('base64url'),
    open: (sealed, aad) =>
      Buffer.from(sm4Open(key, Buffer.from(sealed, 'base64url'), { aad, keyId: purpose })).toString('utf8'),
  };
}
