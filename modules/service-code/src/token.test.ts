import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSm2KeyPair, sm2Verify } from '@sufu/gm-crypto';
import { BASE45_ALPHABET, base45Decode, base45Encode } from './base45.ts';
import { openHolder, pseudonymKey, sealHolder } from './pseudonym.ts';
import { qrSymbol } from './qr.ts';
import {
  freshCodeIdentity,
  parseToken,
  signToken,
  TOKEN_BYTES,
  TOKEN_PREFIX,
  TOKEN_REFUSALS,
  TOKEN_TEXT_LENGTH,
  verifyToken,
  type KeyLookup,
  type TokenFields,
  type VerificationKey,
} from './token.ts';
import { keyLookupFromPublished } from './offline.ts';

const KID = '0a1b2c3d';
const { privateKey, publicKey } = generateSm2KeyPair();
const other = generateSm2KeyPair();
const T0 = 1_800_000_000; // a fixed "now" in Unix seconds
const HOLDER = '4f1c2b3a-1111-4222-8333-944455556666';
const secret = Buffer.alloc(32, 7);

const key: VerificationKey = {
  kid: KID,
  publicKey,
  notBefore: T0 - 86400,
  signedUntil: null,
  notAfter: null,
};
const keys: KeyLookup = (kid) => (kid === KID ? key : undefined);

function fields(over: Partial<TokenFields> = {}): TokenFields {
  const { codeId, nonce } = freshCodeIdentity();
  return {
    version: 1,
    kid: KID,
    holderType: 'person',
    codeId,
    pseudonym: sealHolder(pseudonymKey(secret, KID), codeId, nonce, HOLDER),
    iat: T0,
    exp: T0 + 60,
    nonce,
    ...over,
  };
}

const token = (over: Partial<TokenFields> = {}) => signToken(fields(over), privateKey);
const bytesOf = (text: string) => base45Decode(text.slice(TOKEN_PREFIX.length))!;
const textOf = (bytes: Uint8Array) => TOKEN_PREFIX + base45Encode(bytes);

describe('Base45 (RFC 9285)', () => {
  it('matches the RFC examples and rejects what the RFC calls invalid', () => {
    const enc = (s: string) => base45Encode(new TextEncoder().encode(s));
    expect(enc('AB')).toBe('BB8');
    expect(enc('Hello!!')).toBe('%69 VD92EX0');
    expect(enc('base-45')).toBe('UJCLQE7W581');
    expect(new TextDecoder().decode(base45Decode('QED8WEX0')!)).toBe('ietf!');
    expect(base45Decode('GGW')).toBeNull(); // 65536 overflows two bytes
    expect(base45Decode('ZZ')).toBeNull(); // 1259 overflows one byte
    expect(base45Decode('A')).toBeNull(); // 3k+1 characters
    expect(base45Decode('ab')).toBeNull(); // lower case is not in the alphabet
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(base45Decode(base45Encode(b))).toEqual(b);
      }),
    );
  });
});

describe('token codec', () => {
  it('round-trips every field, and the text is 170 QR-alphanumeric characters', () => {
    const f = fields({ holderType: 'organisation' });
    const text = signToken(f, privateKey);
    expect(text.length).toBe(TOKEN_TEXT_LENGTH);
    expect(TOKEN_TEXT_LENGTH).toBe(170);
    expect([...text].every((c) => BASE45_ALPHABET.includes(c))).toBe(true);
    const p = parseToken(text);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.token.fields).toEqual({ ...f, pseudonym: f.pseudonym, nonce: f.nonce });
    expect(p.token.signed.length).toBe(46);
    expect(p.token.signature.length).toBe(64);
    // The signature is a plain GB/T 32918 signature over the 46 payload bytes.
    expect(sm2Verify(p.token.signed, p.token.signature, publicKey, { encoding: 'raw' })).toBe(true);
    expect(verifyToken(text, keys, T0 + 1)).toMatchObject({ ok: true });
  });

  it('hides the holder: the pseudonym opens only with the issuer key, and two codes share no bytes', () => {
    const a = fields();
    const b = fields();
    expect(Buffer.from(a.pseudonym).equals(Buffer.from(b.pseudonym))).toBe(false);
    expect(openHolder(pseudonymKey(secret, KID), a.codeId, a.nonce, a.pseudonym)).toBe(HOLDER);
    expect(openHolder(pseudonymKey(Buffer.alloc(32, 8), KID), a.codeId, a.nonce, a.pseudonym)).not.toBe(
      HOLDER,
    );
    expect(openHolder(pseudonymKey(secret, 'ffffffff'), a.codeId, a.nonce, a.pseudonym)).not.toBe(HOLDER);
    const text = signToken(a, privateKey);
    for (const clear of [HOLDER, HOLDER.replaceAll('-', '')]) expect(text).not.toContain(clear.toUpperCase());
  });

  it('fits a QR code at level M: version 7 (45×45), one alphanumeric segment', () => {
    const sym = qrSymbol(token());
    expect(sym.version).toBe(7);
    expect(sym.errorCorrectionLevel.bit).toBe(0); // M
    expect(sym.segments).toHaveLength(1);
    // Version 7-M holds 178 alphanumeric characters: 8 to spare.
    expect(qrSymbol(TOKEN_PREFIX + 'A'.repeat(173)).version).toBe(7);
    expect(qrSymbol(TOKEN_PREFIX + 'A'.repeat(174)).version).toBe(8);
  });
});

describe('refusals', () => {
  const good = token();
  const bytes = bytesOf(good);

  it('refuses every single-bit flip: a key-id flip is an unknown key, any other a bad signature or malformed', () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < TOKEN_BYTES; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const b = new Uint8Array(bytes);
        b[i]! ^= 1 << bit;
        const r = verifyToken(textOf(b), keys, T0 + 1);
        expect(r.ok, `byte ${i} bit ${bit}`).toBe(false);
        if (r.ok) continue;
        const allowed = i >= 1 && i <= 4 ? ['unknown_key'] : ['bad_signature', 'malformed'];
        expect(allowed, `byte ${i} bit ${bit}: ${r.refusal}`).toContain(r.refusal);
        seen.set(r.refusal, (seen.get(r.refusal) ?? 0) + 1);
      }
    }
    expect(seen.get('unknown_key')).toBe(32);
    expect((seen.get('bad_signature') ?? 0) + (seen.get('malformed') ?? 0)).toBe(TOKEN_BYTES * 8 - 32);
  });

  it('refuses the text truncated at every length, as truncated', () => {
    for (let n = 1; n < good.length; n++) {
      const r = verifyToken(good.slice(0, n), keys, T0 + 1);
      expect(r, `length ${n}`).toMatchObject({ ok: false, refusal: 'truncated' });
    }
    expect(verifyToken('', keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
    expect(verifyToken(good + '0', keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
    expect(verifyToken(good + '\r\n', keys, T0 + 1)).toMatchObject({ ok: true }); // scanner line ending
  });

  it('checks expiry and not-before with ±30 s of clock skew', () => {
    const t = token({ iat: T0, exp: T0 + 60 });
    expect(verifyToken(t, keys, T0 - 30).ok).toBe(true);
    expect(verifyToken(t, keys, T0 - 31)).toMatchObject({ ok: false, refusal: 'not_yet_valid' });
    expect(verifyToken(t, keys, T0 + 60 + 29).ok).toBe(true);
    expect(verifyToken(t, keys, T0 + 60 + 30)).toMatchObject({ ok: false, refusal: 'expired' });
    // A refusal for time still carries the verified token (so the holder's log shows the attempt).
    const r = verifyToken(t, keys, T0 + 3600);
    expect(!r.ok && r.token?.fields.codeId).toBeTruthy();
    // Skew is configurable.
    expect(verifyToken(t, keys, T0 + 65, 0)).toMatchObject({ ok: false, refusal: 'expired' });
  });

  it('tells foreign codes, other versions and wrong keys apart', () => {
    expect(verifyToken('HC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDE', keys, T0)).toMatchObject({
      refusal: 'foreign',
    });
    expect(verifyToken('https://fuwu.example.gov.cn/qr?c=123', keys, T0)).toMatchObject({
      refusal: 'foreign',
    });
    expect(verifyToken('SFM2:' + good.slice(5), keys, T0)).toMatchObject({ refusal: 'unsupported_version' });
    expect(verifyToken('SFM1' + good.slice(5), keys, T0)).toMatchObject({ refusal: 'malformed' });
    expect(verifyToken('sfm1:' + good.slice(5), keys, T0)).toMatchObject({ refusal: 'malformed' });
    expect(verifyToken('6901234567890', keys, T0)).toMatchObject({ refusal: 'malformed' }); // a barcode
    expect(verifyToken(signToken(fields(), other.privateKey), keys, T0 + 1)).toMatchObject({
      refusal: 'bad_signature',
    });
    expect(verifyToken(signToken(fields({ kid: 'ffffffff' }), privateKey), keys, T0 + 1)).toMatchObject({
      refusal: 'unknown_key',
    });
    // Non-strings never throw either.
    for (const x of [undefined, null, 42, {}, [], new Uint8Array(3)])
      expect(verifyToken(x, keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
  });

  it('honours key validity: withdrawn keys, and codes minted after a key retired', () => {
    const t = token();
    const withdrawn: KeyLookup = () => ({ ...key, notAfter: T0 - 1 });
    expect(verifyToken(t, withdrawn, T0 + 1)).toMatchObject({ refusal: 'unknown_key' });
    const retiredEarlier: KeyLookup = () => ({ ...key, signedUntil: T0 - 3600, notAfter: T0 + 86400 });
    expect(verifyToken(t, retiredEarlier, T0 + 1)).toMatchObject({ refusal: 'unknown_key' });
    const retiredLater: KeyLookup = () => ({ ...key, signedUntil: T0 + 10, notAfter: T0 + 86400 });
    expect(verifyToken(t, retiredLater, T0 + 1).ok).toBe(true);
    const throwing: KeyLookup = () => {
      throw new Error('boom');
    };
    expect(verifyToken(t, throwing, T0 + 1)).toMatchObject({ refusal: 'unknown_key' });
  });

  it('verifies offline from the published key document', () => {
    const lookup = keyLookupFromPublished({
      keys: [
        {
          kid: KID,
          publicKeyHex: publicKey.publicKeyHex,
          notBefore: new Date((T0 - 10) * 1000).toISOString(),
          notAfter: null,
        },
        { kid: 'deadbeef', publicKeyHex: 'not a key', notBefore: 'x', notAfter: null },
      ],
    });
    expect(verifyToken(good, lookup, T0 + 1).ok).toBe(true);
    expect(lookup('deadbeef')).toBeUndefined();
  });
});

describe('fuzz: the decoder and verifier never throw and always give a typed refusal', () => {
  const good = token();
  const refusals = new Set<string>(TOKEN_REFUSALS);
  const check = (s: string) => {
    let r: ReturnType<typeof verifyToken>;
    try {
      r = verifyToken(s, keys, T0 + 1);
    } catch (e) {
      throw new Error(`threw on ${JSON.stringify(s)}: ${String(e)}`);
    }
    if (r.ok) expect(s.replace(/[\r\n\t]+$/, '')).toBe(good);
    else expect(refusals.has(r.refusal)).toBe(true);
  };

  const alphabetChar = fc.constantFrom(...BASE45_ALPHABET.split(''));
  const mutated = fc
    .array(
      fc.oneof(
        fc.record({
          op: fc.constant('set' as const),
          at: fc.nat(),
          c: fc.oneof(alphabetChar, fc.string({ minLength: 1, maxLength: 1 })),
        }),
        fc.record({ op: fc.constant('del' as const), at: fc.nat(), c: fc.constant('') }),
        fc.record({ op: fc.constant('ins' as const), at: fc.nat(), c: alphabetChar }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((ops) => {
      let s = good;
      for (const o of ops) {
        const at = o.at % (s.length + 1);
        if (o.op === 'set') s = s.slice(0, at) + o.c + s.slice(at + 1);
        else if (o.op === 'del') s = s.slice(0, at) + s.slice(at + 1);
        else s = s.slice(0, at) + o.c + s.slice(at);
      }
      return s;
    });
  const flippedBytes = fc
    .array(fc.nat({ max: TOKEN_BYTES * 8 - 1 }), { minLength: 1, maxLength: 3 })
    .map((bits) => {
      const b = new Uint8Array(bytesOf(good));
      for (const bit of bits) b[bit >> 3]! ^= 1 << (bit & 7);
      return textOf(b);
    });
  const randomTokenish = fc.oneof(
    fc.uint8Array({ minLength: TOKEN_BYTES, maxLength: TOKEN_BYTES }).map(textOf),
    fc.uint8Array({ maxLength: 200 }).map(textOf),
    fc.string({ unit: alphabetChar, maxLength: 200 }).map((s) => TOKEN_PREFIX + s),
    fc.uint8Array({ minLength: TOKEN_BYTES, maxLength: TOKEN_BYTES }).map((b) => {
      b[0] = 1;
      b.set([0x0a, 0x1b, 0x2c, 0x3d], 1); // our kid: gets as far as the signature check
      b[5] = 0x50;
      const v = new DataView(b.buffer);
      v.setUint32(30, T0);
      v.setUint32(34, T0 + 60);
      return textOf(b);
    }),
  );
  const arbitrary = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ maxLength: 2000 }),
  );

  it('10,000 random and mutated inputs', () => {
    fc.assert(fc.property(fc.oneof(mutated, flippedBytes, randomTokenish, arbitrary), check), {
      numRuns: 10_000,
    });
  });
});
