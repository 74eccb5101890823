/** The service-code module (苏服码): short-lived SM2-signed codes, verification, scan log, linked cards. */
export {
  createServiceCodeModule,
  type ServiceCodeModule,
  type ServiceCodeDeps,
  type ServiceCodeApi,
} from './service-code.module.ts';
export { serviceCodeMigrations } from '../migrations/index.ts';
export type { ServiceCodeHolder, ServiceCodeIdentity, VerifyResponse, IssuedCode } from './service.ts';
export type { RegisterScannerClient } from './routes.ts';
export type { PublishedKey, PublishedKeySet } from './keys.ts';
export type { ScannerProfile, CardDomain } from './tables.ts';
export {
  TOKEN_PREFIX,
  TOKEN_BYTES,
  TOKEN_TEXT_LENGTH,
  PAYLOAD_LENGTH,
  SIGNATURE_LENGTH,
  TOKEN_REFUSALS,
  parseToken,
  verifyToken,
  type TokenFields,
  type TokenRefusal,
  type VerifyResult,
  type VerificationKey,
  type KeyLookup,
} from './token.ts';
export { keyLookupFromPublished } from './offline.ts';
export { base45Encode, base45Decode } from './base45.ts';
export { qrSvg, qrPng, qrPngDataUrl, qrSymbol } from './qr.ts';
