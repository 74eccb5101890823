// Pure-TypeScript SM2 via sm-crypto-v2 (noble-curves arithmetic). We hand it e = SM3(Z_A ‖ M)
// computed with Node's native SM3 (hash: false), so it only does the curve maths, and we
// validate encodings and ranges ourselves before it sees anything: its own DER decoder is
// lenient and its verify does not range-check r and s (and throws for s ≥ n).
import { sm2 as smCrypto } from 'sm-crypto-v2';
import type { Sm2PrivateKey, Sm2PublicKey } from './keys.ts';
import type { RS } from './signature.ts';

type PrecomputedPoint = ReturnType<typeof smCrypto.precomputePublicKey>;
const precomputed = new WeakMap<Sm2PublicKey, PrecomputedPoint>();

function pointFor(publicKey: Sm2PublicKey): PrecomputedPoint {
  let p = precomputed.get(publicKey);
  if (!p) {
    // Window tables make t·P about 6× faster; cached per key object, so reuse key objects.
    p = smCrypto.precomputePublicKey(publicKey.publicKeyHex);
    precomputed.set(publicKey, p);
  }
  return p;
}

/** Signs the 32-byte e; k comes from sm-crypto-v2's CSPRNG-backed keygen. */
export function pureSign(privateKey: Sm2PrivateKey, e: Uint8Array): RS {
  const hex = smCrypto.doSignature(e, privateKey.privateKeyHex, { hash: false, der: false });
  return { r: BigInt(`0x${hex.slice(0, 64)}`), s: BigInt(`0x${hex.slice(64)}`) };
}

/** Verifies (r, s) over e; the caller has already checked 1 ≤ r, s < n. */
export function pureVerify(publicKey: Sm2PublicKey, e: Uint8Array, sig: RS): boolean {
  const raw = sig.r.toString(16).padStart(64, '0') + sig.s.toString(16).padStart(64, '0');
  return smCrypto.doVerifySignature(e, raw, pointFor(publicKey), { hash: false, der: false });
}
