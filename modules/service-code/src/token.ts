import { randomBytes } from 'node:crypto';
import { sm2Sign, sm2Verify, type Sm2PrivateKey, type Sm2PublicKey } from '@sufu/gm-crypto';
import { base45Decode, base45Encode, base45Length, isBase45Alphabet } from './base45.ts';

/**
 * The 苏服码 token: a fixed 46-byte payload signed with SM2 (raw r‖s, 64 bytes), as text
 * `SFM1:` + Base45. It carries no personal data in clear — the holder appears only as a
 * pseudonym the issuer alone can resolve — so a photographed or leaked code reveals nothing,
 * and a gate holding the published public keys can check signature and expiry offline.
 *
 * Byte layout (all integers big-endian; README.md "Token format" is the normative copy):
 *
 *   off len field
 *     0   1 version          0x01
 *     1   4 kid              key id; published as 8 lowercase hex characters
 *     5   1 holder type      'P' (0x50) person, 'E' (0x45) enterprise / organisation
 *     6   8 code id          random per issued code; the single-use key at counters
 *    14  16 holder pseudonym SM4-CTR(K_kid, IV = code id ‖ nonce, holder UUID bytes)
 *    30   4 iat              issued at, Unix seconds; also "not before"
 *    34   4 exp              expires at, Unix seconds
 *    38   8 nonce            random
 *    46  64 signature        SM2 r‖s over bytes 0..45, SM3, user ID 1234567812345678
 *
 * Fixed layout rather than CBOR/COSE (MOSIP Claim 169): the same fields as a COSE_Sign1
 * would take ~30 more bytes (a QR version larger at level M) and a general CBOR parser on
 * the hot path of every scan; here parsing is a length check and fixed offsets.
 */
export const TOKEN_PREFIX = 'SFM1:';
export const TOKEN_VERSION = 1;
export const PAYLOAD_LENGTH = 46;
export const SIGNATURE_LENGTH = 64;
export const TOKEN_BYTES = PAYLOAD_LENGTH + SIGNATURE_LENGTH;
/** 5 + 165 = 170 characters, all in the QR alphanumeric set: version 7 (45×45) at level M. */
export const TOKEN_TEXT_LENGTH = TOKEN_PREFIX.length + base45Length(TOKEN_BYTES);
/** Longest input the decoder looks at; anything longer is malformed without further work. */
export const MAX_INPUT_LENGTH = 1024;
/** Longest lifetime a well-formed token may declare (offline batches are issued ahead, each ≤ this). */
export const MAX_LIFETIME_SECONDS = 600;

export type HolderType = 'person' | 'organisation';

/** Why a scanned string is refused; each maps to a problem code `service_code.<refusal>`. */
export type TokenRefusal =
  | 'malformed'
  | 'truncated'
  | 'unsupported_version'
  | 'foreign'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid';

export const TOKEN_REFUSALS: readonly TokenRefusal[] = [
  'malformed',
  'truncated',
  'unsupported_version',
  'foreign',
  'unknown_key',
  'bad_signature',
  'expired',
  'not_yet_valid',
];

/** The fields of a token. `pseudonym` is opaque outside the issuer. */
export type TokenFields = {
  version: number;
  kid: string;
  holderType: HolderType;
  /** 16 lowercase hex characters. */
  codeId: string;
  pseudonym: Uint8Array;
  /** Unix seconds. */
  iat: number;
  /** Unix seconds. */
  exp: number;
  nonce: Uint8Array;
};

export type ParsedToken = { fields: TokenFields; signed: Uint8Array; signature: Uint8Array };

/** A verification key as the verifier needs it (times in Unix seconds). */
export type VerificationKey = {
  kid: string;
  publicKey: Sm2PublicKey;
  /** Codes issued (iat) before this were not signed by this key. */
  notBefore: number;
  /** The key stopped signing at this time (retired); null while it signs or waits as `next`. */
  signedUntil: number | null;
  /** After this instant nothing signed by this key is accepted; null = until further notice. */
  notAfter: number | null;
};

export type KeyLookup = (kid: string) => VerificationKey | undefined;

export type VerifyResult =
  | { ok: true; token: ParsedToken }
  /** `token` is present when the signature was verified before the refusal (time checks). */
  | { ok: false; refusal: TokenRefusal; token?: ParsedToken };

const HOLDER_BYTE: Record<HolderType, number> = { person: 0x50, organisation: 0x45 };
const FOREIGN = /^[A-Za-z][A-Za-z0-9+.-]{0,15}:/;
const OUR_FAMILY = /^SFM(\d{1,4}):/;
const BODY_LENGTH = base45Length(TOKEN_BYTES);

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

function fail(refusal: TokenRefusal): { ok: false; refusal: TokenRefusal } {
  return { ok: false, refusal };
}

/** The 46 signed bytes of a token with these fields. */
export function encodePayload(f: TokenFields): Uint8Array {
  if (!/^[0-9a-f]{8}$/.test(f.kid)) throw new Error('kid must be 8 lowercase hex characters');
  if (!/^[0-9a-f]{16}$/.test(f.codeId)) throw new Error('codeId must be 16 lowercase hex characters');
  if (f.pseudonym.length !== 16 || f.nonce.length !== 8) throw new Error('pseudonym 16 bytes, nonce 8 bytes');
  const out = Buffer.alloc(PAYLOAD_LENGTH);
  out[0] = f.version;
  out.write(f.kid, 1, 'hex');
  out[5] = HOLDER_BYTE[f.holderType];
  out.write(f.codeId, 6, 'hex');
  out.set(f.pseudonym, 14);
  out.writeUInt32BE(f.iat, 30);
  out.writeUInt32BE(f.exp, 34);
  out.set(f.nonce, 38);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Signs the fields with the private key of `fields.kid` and returns the QR text. */
export function signToken(fields: TokenFields, privateKey: Sm2PrivateKey): string {
  const payload = encodePayload(fields);
  const sig = sm2Sign(payload, privateKey, { encoding: 'raw' });
  const all = new Uint8Array(TOKEN_BYTES);
  all.set(payload, 0);
  all.set(sig, PAYLOAD_LENGTH);
  return TOKEN_PREFIX + base45Encode(all);
}

/** Random code id (8 bytes, hex) and nonce (8 bytes) for a new token. */
export function freshCodeIdentity(): { codeId: string; nonce: Uint8Array } {
  const b = randomBytes(16);
  return { codeId: b.subarray(0, 8).toString('hex'), nonce: new Uint8Array(b.subarray(8, 16)) };
}

/**
 * Structural decoding without any key: classifies every input, never throws. Order matters
 * for the refusal codes: prefix (foreign / other version / truncated prefix), alphabet,
 * length (truncated / too long), Base45 group overflow, then the fixed fields.
 */
export function parseToken(
  input: unknown,
): { ok: true; token: ParsedToken } | { ok: false; refusal: TokenRefusal } {
  if (typeof input !== 'string') return fail('malformed');
  if (input.length > MAX_INPUT_LENGTH) return fail('malformed');
  // Keyboard-wedge scanners append CR/LF or a tab; Base45 has a space, so only those are trimmed.
  const text = input.replace(/^[\r\n\t]+|[\r\n\t]+$/g, '');
  if (!text.startsWith(TOKEN_PREFIX)) {
    if (text.length === 0) return fail('malformed');
    if (TOKEN_PREFIX.startsWith(text)) return fail('truncated');
    const family = OUR_FAMILY.exec(text);
    if (family) return fail(Number(family[1]) === TOKEN_VERSION ? 'malformed' : 'unsupported_version');
    if (/^sfm\d*:/i.test(text)) return fail('malformed');
    return fail(FOREIGN.test(text) ? 'foreign' : 'malformed');
  }
  const body = text.slice(TOKEN_PREFIX.length);
  if (!isBase45Alphabet(body)) return fail('malformed');
  if (body.length < BODY_LENGTH) return fail('truncated');
  if (body.length > BODY_LENGTH) return fail('malformed');
  const bytes = base45Decode(body);
  if (!bytes || bytes.length !== TOKEN_BYTES) return fail('malformed');
  // The text prefix says version 1; a payload claiming another version is inconsistent.
  if (bytes[0] !== TOKEN_VERSION) return fail('malformed');
  const typeByte = bytes[5];
  const holderType: HolderType | undefined =
    typeByte === HOLDER_BYTE.person
      ? 'person'
      : typeByte === HOLDER_BYTE.organisation
        ? 'organisation'
        : undefined;
  if (!holderType) return fail('malformed');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const iat = view.getUint32(30);
  const exp = view.getUint32(34);
  if (exp <= iat || exp - iat > MAX_LIFETIME_SECONDS) return fail('malformed');
  return {
    ok: true,
    token: {
      fields: {
        version: TOKEN_VERSION,
        kid: hex(bytes.subarray(1, 5)),
        holderType,
        codeId: hex(bytes.subarray(6, 14)),
        pseudonym: bytes.slice(14, 30),
        iat,
        exp,
        nonce: bytes.slice(38, 46),
      },
      signed: bytes.subarray(0, PAYLOAD_LENGTH),
      signature: bytes.subarray(PAYLOAD_LENGTH),
    },
  };
}

/**
 * Full verification, online or offline: structure, key, SM2 signature, then time. The
 * signature is checked before any time field is believed, so a tampered `exp` is a bad
 * signature, not an expiry. Never throws; every failure is a typed refusal.
 *
 * @param nowSeconds Unix seconds of the verifier's clock.
 * @param skewSeconds Clock difference tolerated between issuer, phone and verifier (±30 s).
 */
export function verifyToken(
  input: unknown,
  keys: KeyLookup,
  nowSeconds: number,
  skewSeconds = 30,
): VerifyResult {
  const parsed = parseToken(input);
  if (!parsed.ok) return parsed;
  return verifyParsedToken(parsed.token, keys, nowSeconds, skewSeconds);
}

/** {@link verifyToken} for a token already through {@link parseToken} (the server looks up its kid first). */
export function verifyParsedToken(
  token: ParsedToken,
  keys: KeyLookup,
  nowSeconds: number,
  skewSeconds = 30,
): VerifyResult {
  const f = token.fields;
  let key: VerificationKey | undefined;
  try {
    key = keys(f.kid);
  } catch {
    key = undefined;
  }
  if (!key || (key.notAfter !== null && nowSeconds > key.notAfter)) return fail('unknown_key');
  if (!sm2Verify(token.signed, token.signature, key.publicKey, { encoding: 'raw' }))
    return fail('bad_signature');
  // Signed, but not at a time this key was signing (e.g. after its retirement): treat as not ours.
  if (
    f.iat + skewSeconds < key.notBefore ||
    (key.signedUntil !== null && f.iat > key.signedUntil + skewSeconds)
  )
    return { ok: false, refusal: 'unknown_key', token };
  if (nowSeconds + skewSeconds < f.iat) return { ok: false, refusal: 'not_yet_valid', token };
  if (nowSeconds >= f.exp + skewSeconds) return { ok: false, refusal: 'expired', token };
  return { ok: true, token };
}
