/**
 * @sufu/gm-crypto — Chinese national cryptography (国密) for Sufu: SM3 and HMAC-SM3, SM4
 * authenticated envelopes and CBC interop, and GB/T 32918 SM2 signatures that interoperate
 * with OpenSSL and sm-crypto (which Node's built-in SM2 does not). See README.md.
 */
export { GmCryptoError, isGmCryptoError, type GmCryptoErrorCode } from './errors.ts';
export type { BytesLike } from './bytes.ts';
export { sm3, sm3Hex, hmacSm3, hmacSm3Hex, constantTimeEqual, SM3_DIGEST_LENGTH } from './sm3.ts';
export {
  sm4Seal,
  sm4Open,
  sm4EnvelopeKeyId,
  sm4EncryptCbc,
  sm4DecryptCbc,
  SM4_BLOCK_SIZE,
  SM4_ENVELOPE_VERSION,
  SM4_ENVELOPE_OVERHEAD,
  type Sm4SealOptions,
  type Sm4OpenOptions,
} from './sm4.ts';
export {
  Sm2PublicKey,
  Sm2PrivateKey,
  generateSm2KeyPair,
  importSm2PublicKey,
  importSm2PrivateKey,
} from './sm2/keys.ts';
export {
  sm2Sign,
  sm2Verify,
  sm2Backend,
  sm2NativeStatus,
  sm2Za,
  sm2Digest,
  type Sm2SignOptions,
  type Sm2VerifyOptions,
  type Sm2SignatureEncoding,
  type Sm2BackendName,
} from './sm2/sm2.ts';
export type { Sm2NativeStatus } from './sm2/native.ts';
export { DEFAULT_SM2_USER_ID, MAX_SM2_USER_ID_BYTES } from './sm2/za.ts';
