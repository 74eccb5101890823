import { bigIntToBytes, bytesToBigInt, concatBytes } from '../bytes.ts';

/**
 * SM2 recommended curve (GB/T 32918.5-2017), y² = x³ + ax + b over F_p. Kept here (not taken
 * from a library) because Z_A hashes a, b and G, and key import must validate points itself.
 */
export const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
/** Curve coefficient a = p − 3. */
export const A = P - 3n;
/** Curve coefficient b. */
export const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
/** Group order n: signatures need 1 ≤ r, s < n and private keys 1 ≤ d ≤ n − 2. */
export const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
/** Base point G (x). */
export const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
/** Base point G (y). */
export const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

/** a ‖ b ‖ xG ‖ yG, the constant middle of Z_A. */
export const CURVE_ZA_BYTES = concatBytes(
  bigIntToBytes(A, 32),
  bigIntToBytes(B, 32),
  bigIntToBytes(GX, 32),
  bigIntToBytes(GY, 32),
);

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

function curveRhs(x: bigint): bigint {
  return mod(x * x * x + A * x + B, P);
}

/** True if (x, y) is an affine point of the SM2 curve (so not the point at infinity). */
export function isOnCurve(x: bigint, y: bigint): boolean {
  if (x < 0n || x >= P || y < 0n || y >= P) return false;
  return mod(y * y, P) === curveRhs(x);
}

/**
 * Decodes SEC1 point bytes (04‖x‖y, or 02/03‖x) to 04‖x‖y, validating that the point is on
 * the curve. Returns undefined for anything else (including the 0x00 point at infinity).
 * h = 1 for SM2, so every curve point is in the prime-order group.
 */
export function decodePoint(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length === 65 && bytes[0] === 0x04) {
    const x = bytesToBigInt(bytes.subarray(1, 33));
    const y = bytesToBigInt(bytes.subarray(33, 65));
    return isOnCurve(x, y) ? new Uint8Array(bytes) : undefined;
  }
  if (bytes.length === 33 && (bytes[0] === 0x02 || bytes[0] === 0x03)) {
    const x = bytesToBigInt(bytes.subarray(1, 33));
    if (x >= P) return undefined;
    const rhs = curveRhs(x);
    // p ≡ 3 (mod 4), so a square root is rhs^((p+1)/4) when one exists.
    let y = modPow(rhs, (P + 1n) / 4n, P);
    if (mod(y * y, P) !== rhs) return undefined;
    if ((y & 1n) !== BigInt((bytes[0] ?? 2) & 1)) y = P - y;
    return concatBytes(Uint8Array.of(0x04), bigIntToBytes(x, 32), bigIntToBytes(y, 32));
  }
  return undefined;
}
