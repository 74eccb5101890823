import { Sm2PublicKey } from '@sufu/gm-crypto';
import type { KeyLookup, VerificationKey } from './token.ts';

/**
 * Offline verification for gates and kiosks: turn the document published at
 * `/.well-known/service-code-keys` (fetched while online, refreshed at least as often as its
 * Cache-Control says) into a key lookup for `verifyToken`, so signature and expiry are
 * checked with no network. Entries that do not parse are skipped, never thrown.
 */
export type PublishedKeyInput = {
  kid: string;
  publicKeyHex: string;
  notBefore: string;
  notAfter: string | null;
  retiredAt?: string | null | undefined;
};

export function keyLookupFromPublished(doc: { keys: readonly PublishedKeyInput[] }): KeyLookup {
  const keys = new Map<string, VerificationKey>();
  const sec = (iso: string | null | undefined): number | null => {
    if (!iso) return null;
    const t = Date.parse(iso);
    return Number.isFinite(t) ? Math.floor(t / 1000) : null;
  };
  for (const k of doc.keys) {
    try {
      keys.set(k.kid, {
        kid: k.kid,
        publicKey: Sm2PublicKey.fromHex(k.publicKeyHex),
        notBefore: sec(k.notBefore) ?? 0,
        // Offline verifiers cannot know when other servers reloaded; allow a minute after retirement.
        signedUntil: k.retiredAt ? (sec(k.retiredAt) ?? 0) + 60 : null,
        notAfter: sec(k.notAfter),
      });
    } catch {
      // not an SM2 key: ignore the entry
    }
  }
  return (kid) => keys.get(kid);
}
