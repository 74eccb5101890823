import { hmacSm3, sm4Open, sm4Seal } from '@sufu/gm-crypto';

/**
 * Secrets the provider must read back in clear (client secrets, which oidc-provider compares
 * itself; private signing keys) are sealed with the SM4 envelope of gm-crypto under a key
 * derived from the platform secret for that purpose, and bound to their row (additional
 * data), so a database dump alone reveals nothing and a sealed value cannot be moved.
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

/** A purpose-bound subkey of the platform secret (HMAC-SM3), so no two uses share key material. */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hmacSm3(masterKey, `sufu:sso:${purpose}`));
}

/** HMAC-SM3 of `data` under `key`, base64url: pairwise subjects and form tokens. */
export function mac(key: Buffer, data: string): string {
  return Buffer.from(hmacSm3(key, data)).toString('base64url');
}
