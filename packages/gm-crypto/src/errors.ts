/**
 * Stable machine-readable codes. Callers branch on these (e.g. to answer 400 for a tampered
 * envelope instead of 500), so a code, once published, keeps its meaning.
 */
export type GmCryptoErrorCode =
  /** A key, IV, user ID or option has the wrong type, length or range: a caller bug, not an attack. */
  | 'GM_INVALID_ARGUMENT'
  /** CBC ciphertext whose length or PKCS#7 padding is wrong (wrong key, or corrupted data). */
  | 'GM_SM4_DECRYPT_FAILED'
  /** The envelope is too short or its lengths do not add up (truncated or not an envelope). */
  | 'GM_ENVELOPE_MALFORMED'
  /** The envelope's version byte is not one this code can open. */
  | 'GM_ENVELOPE_UNSUPPORTED_VERSION'
  /** The HMAC-SM3 tag does not match: wrong key, wrong AAD, or tampered data. */
  | 'GM_ENVELOPE_AUTH_FAILED'
  /** The envelope authenticated, but names a different key ID than the caller expected. */
  | 'GM_ENVELOPE_KEY_ID_MISMATCH'
  /** Key bytes/PEM that do not parse, are out of range, or are not a point on the curve. */
  | 'GM_KEY_INVALID'
  /** A well-formed key of another curve or algorithm (e.g. P-256, RSA) offered as an SM2 key. */
  | 'GM_KEY_NOT_SM2'
  /** A key format we recognise but deliberately do not handle (encrypted PKCS#8, explicit curve parameters). */
  | 'GM_KEY_UNSUPPORTED'
  /** The signing backend failed unexpectedly (should not happen; report it). */
  | 'GM_SIGN_FAILED'
  /** A specific backend was requested but is not available in this process. */
  | 'GM_BACKEND_UNAVAILABLE';

/**
 * The only error type this package throws on purpose. Crypto failures must be distinguishable
 * from crashes so that services can map them to client errors and audit them, and must never
 * leak why a MAC failed beyond "it failed".
 */
export class GmCryptoError extends Error {
  /** Stable code; see {@link GmCryptoErrorCode}. */
  readonly code: GmCryptoErrorCode;

  constructor(code: GmCryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GmCryptoError';
    this.code = code;
  }
}

/**
 * Type guard for catch blocks, so callers can narrow `unknown` without `instanceof` pitfalls
 * when two copies of the package end up installed.
 */
export function isGmCryptoError(value: unknown, code?: GmCryptoErrorCode): value is GmCryptoError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { name?: unknown; code?: unknown };
  return v.name === 'GmCryptoError' && typeof v.code === 'string' && (code === undefined || v.code === code);
}
