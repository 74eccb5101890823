import { bigIntToBytes, bytesToBigInt } from '../bytes.ts';
import {
  DerError,
  encodeTlv,
  encodeUnsignedInteger,
  readChildren,
  readSingle,
  readUnsignedInteger,
  TAG_INTEGER,
  TAG_SEQUENCE,
} from './asn1.ts';
import { N } from './curve.ts';

/** An SM2 signature as the two scalars of GB/T 32918.2. */
export interface RS {
  r: bigint;
  s: bigint;
}

/** GB/T 32918.2 §7.1 B1/B2: r and s must lie in [1, n-1]. */
export function scalarsInRange({ r, s }: RS): boolean {
  return r >= 1n && r < N && s >= 1n && s < N;
}

/**
 * Strict DER `SEQUENCE { INTEGER r, INTEGER s }`: minimal lengths and integers, no trailing
 * bytes, magnitudes of at most 32 bytes. Throws DerError otherwise.
 */
export function parseDerSignature(sig: Uint8Array): RS {
  const children = readChildren(readSingle(sig, TAG_SEQUENCE));
  if (children.length !== 2) throw new DerError('signature must hold exactly two INTEGERs');
  const [rTlv, sTlv] = children as [(typeof children)[0], (typeof children)[0]];
  if (rTlv.tag !== TAG_INTEGER || sTlv.tag !== TAG_INTEGER)
    throw new DerError('signature must hold INTEGERs');
  const r = readUnsignedInteger(rTlv.value);
  const s = readUnsignedInteger(sTlv.value);
  if (r.length > 32 || s.length > 32) throw new DerError('signature scalar too long');
  return { r: bytesToBigInt(r), s: bytesToBigInt(s) };
}

/** 64-byte `r ‖ s` (each 32 bytes big-endian), the form sm-crypto and many HSMs use. */
export function parseRawSignature(sig: Uint8Array): RS {
  if (sig.length !== 64) throw new DerError('raw signature must be 64 bytes');
  return { r: bytesToBigInt(sig.subarray(0, 32)), s: bytesToBigInt(sig.subarray(32)) };
}

/** Canonical DER, the form OpenSSL and certificates expect (minimal INTEGERs, so it round-trips through the strict parser). */
export function encodeDerSignature({ r, s }: RS): Uint8Array {
  return encodeTlv(
    TAG_SEQUENCE,
    encodeUnsignedInteger(bigIntToBytes(r, 32)),
    encodeUnsignedInteger(bigIntToBytes(s, 32)),
  );
}

/** Fixed-width 64-byte r‖s, for peers that do not speak ASN.1 (sm-crypto, many HSM/UKey APIs). */
export function encodeRawSignature({ r, s }: RS): Uint8Array {
  const out = new Uint8Array(64);
  out.set(bigIntToBytes(r, 32), 0);
  out.set(bigIntToBytes(s, 32), 32);
  return out;
}
