import { createPrivateKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import fc from 'fast-check';
import { sm2 as smCrypto } from 'sm-crypto-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SM2_USER_ID,
  generateSm2KeyPair,
  importSm2PrivateKey,
  importSm2PublicKey,
  isGmCryptoError,
  MAX_SM2_USER_ID_BYTES,
  sm2Backend,
  sm2Digest,
  sm2NativeStatus,
  sm2Sign,
  sm2Verify,
  sm2Za,
  Sm2PrivateKey,
  Sm2PublicKey,
  type Sm2BackendName,
} from './index.ts';
import { N } from './sm2/curve.ts';
import { nativeAddon } from './sm2/native.ts';
import { encodeDerSignature, parseDerSignature } from './sm2/signature.ts';
import { openssl, opensslCli, scratchDir } from './testing/openssl-cli.ts';

const h = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

// GM/T 0003.5-2012 / GB/T 32918.5-2017 example on the recommended curve.
const EXAMPLE = {
  d: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  pub: '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  message: 'message digest',
  za: 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
  e: 'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640',
  k: '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};
const exampleKey = Sm2PrivateKey.fromHex(EXAMPLE.d);
const exampleDer = encodeDerSignature({ r: BigInt(`0x${EXAMPLE.r}`), s: BigInt(`0x${EXAMPLE.s}`) });

const native = sm2NativeStatus();
if (!native.available)
  console.warn(`[gm-crypto tests] native SM2 backend not tested: ${native.reason ?? 'unavailable'}`);

describe('SM2 standard example (GM/T 0003.5, recommended curve)', () => {
  it('derives the published public key from the published private key', () => {
    expect(exampleKey.publicKey.publicKeyHex).toBe(EXAMPLE.pub);
  });

  it('computes the published Z_A (default ID) and e = SM3(Z_A ‖ M)', () => {
    expect(hex(sm2Za(exampleKey.publicKey))).toBe(EXAMPLE.za);
    expect(hex(sm2Za(exampleKey.publicKey, DEFAULT_SM2_USER_ID))).toBe(EXAMPLE.za);
    expect(hex(sm2Digest(EXAMPLE.message, exampleKey.publicKey))).toBe(EXAMPLE.e);
    // and sm-crypto-v2's independent Z_A agrees
    expect(hex(smCrypto.getZ(EXAMPLE.pub))).toBe(EXAMPLE.za);
  });

  it('reproduces the published (r, s) exactly when the standard’s k is forced into the pure arithmetic', () => {
    // The public API draws k at random; sm-crypto-v2's pointPool lets a test inject k and k·G.
    const kG = smCrypto.getPublicKeyFromPrivateKey(EXAMPLE.k);
    const pool = () => [{ k: BigInt(`0x${EXAMPLE.k}`), x1: BigInt(`0x${kG.slice(2, 66)}`) }];
    const fromE = smCrypto.doSignature(sm2Digest(EXAMPLE.message, exampleKey.publicKey), EXAMPLE.d, {
      hash: false,
      pointPool: pool(),
    });
    expect(fromE).toBe(EXAMPLE.r + EXAMPLE.s);
    const fromMessage = smCrypto.doSignature(EXAMPLE.message, EXAMPLE.d, { hash: true, pointPool: pool() });
    expect(fromMessage).toBe(EXAMPLE.r + EXAMPLE.s);
  });
});

const backends: { name: Sm2BackendName; available: boolean; reason: string }[] = [
  { name: 'pure', available: true, reason: '' },
  { name: 'native', available: native.available, reason: native.reason ?? '' },
];

describe('default backend', () => {
  it('is native exactly when the addon loaded', () => {
    expect(sm2Backend()).toBe(native.available ? 'native' : 'pure');
  });

  it('refuses an explicit native request when the addon is absent, instead of silently using pure', () => {
    if (native.available) return;
    expect(() => sm2Verify('m', new Uint8Array(0), exampleKey.publicKey, { backend: 'native' })).toThrow(
      /unavailable/,
    );
  });
});

describe.each(backends)('SM2 with the $name backend', ({ name, available, reason }) => {
  const opts = { backend: name };

  describe.skipIf(!available)(
    available ? 'sign/verify' : `SKIPPED — native addon unavailable: ${reason}`,
    () => {
      const alice = generateSm2KeyPair();
      const mallory = generateSm2KeyPair();
      const message = utf8('苏服办 电子证照 No. 320100-2026-000042');

      it('accepts the standard’s example signature and rejects it for another message or ID', () => {
        expect(sm2Verify(EXAMPLE.message, exampleDer, exampleKey.publicKey, opts)).toBe(true);
        expect(sm2Verify('message digesT', exampleDer, exampleKey.publicKey, opts)).toBe(false);
        expect(
          sm2Verify(EXAMPLE.message, exampleDer, exampleKey.publicKey, {
            ...opts,
            userId: 'ALICE123@YAHOO.COM',
          }),
        ).toBe(false);
      });

      it('round-trips DER (default) and raw r‖s signatures', () => {
        const der = sm2Sign(message, alice.privateKey, opts);
        expect(der[0]).toBe(0x30);
        expect(der.length).toBeGreaterThanOrEqual(8);
        expect(der.length).toBeLessThanOrEqual(72);
        expect(sm2Verify(message, der, alice.publicKey, opts)).toBe(true);
        const raw = sm2Sign(message, alice.privateKey, { ...opts, encoding: 'raw' });
        expect(raw.length).toBe(64);
        expect(sm2Verify(message, raw, alice.publicKey, { ...opts, encoding: 'raw' })).toBe(true);
        // the encodings are not interchangeable
        expect(sm2Verify(message, raw, alice.publicKey, opts)).toBe(false);
        expect(sm2Verify(message, der, alice.publicKey, { ...opts, encoding: 'raw' })).toBe(false);
      });

      it('signs randomly (two signatures differ) yet both verify', () => {
        const a = sm2Sign(message, alice.privateKey, opts);
        const b = sm2Sign(message, alice.privateKey, opts);
        expect(hex(a)).not.toBe(hex(b));
        expect(
          sm2Verify(message, a, alice.publicKey, opts) && sm2Verify(message, b, alice.publicKey, opts),
        ).toBe(true);
      });

      it('treats a string message as its UTF-8 bytes', () => {
        const sig = sm2Sign('办件结果', alice.privateKey, opts);
        expect(sm2Verify(utf8('办件结果'), sig, alice.publicKey, opts)).toBe(true);
      });

      it('binds the user ID: default = "1234567812345678", custom IDs only verify with the same ID', () => {
        const dflt = sm2Sign(message, alice.privateKey, opts);
        expect(sm2Verify(message, dflt, alice.publicKey, { ...opts, userId: '1234567812345678' })).toBe(true);
        const custom = sm2Sign(message, alice.privateKey, { ...opts, userId: 'ALICE123@YAHOO.COM' });
        expect(sm2Verify(message, custom, alice.publicKey, { ...opts, userId: 'ALICE123@YAHOO.COM' })).toBe(
          true,
        );
        expect(
          sm2Verify(message, custom, alice.publicKey, { ...opts, userId: utf8('ALICE123@YAHOO.COM') }),
        ).toBe(true);
        expect(sm2Verify(message, custom, alice.publicKey, opts)).toBe(false);
        expect(sm2Verify(message, custom, alice.publicKey, { ...opts, userId: 'alice123@yahoo.com' })).toBe(
          false,
        );
      });

      it('supports the empty ID and IDs up to 8190 bytes; longer IDs are a typed error to sign and false to verify', () => {
        const empty = sm2Sign(message, alice.privateKey, { ...opts, userId: '' });
        expect(sm2Verify(message, empty, alice.publicKey, { ...opts, userId: '' })).toBe(true);
        expect(sm2Verify(message, empty, alice.publicKey, opts)).toBe(false);
        const longest = 'x'.repeat(MAX_SM2_USER_ID_BYTES);
        const sig = sm2Sign(message, alice.privateKey, { ...opts, userId: longest });
        expect(sm2Verify(message, sig, alice.publicKey, { ...opts, userId: longest })).toBe(true);
        const tooLong = `${longest}x`;
        expect(() => sm2Sign(message, alice.privateKey, { ...opts, userId: tooLong })).toThrow(
          expect.objectContaining({ code: 'GM_INVALID_ARGUMENT' }),
        );
        expect(sm2Verify(message, sig, alice.publicKey, { ...opts, userId: tooLong })).toBe(false);
      });

      it('rejects a signature made by another key', () => {
        expect(sm2Verify(message, sm2Sign(message, mallory.privateKey, opts), alice.publicKey, opts)).toBe(
          false,
        );
      });

      describe('malformed signatures → false, never a throw', () => {
        // Collection runs even for skipped suites, so signatures are made lazily inside the tests.
        let cached: Uint8Array | undefined;
        const goodSig = (): Uint8Array => (cached ??= sm2Sign(message, alice.privateKey, opts));
        const withByte = (good: Uint8Array, i: number, v: number): Uint8Array => {
          const c = new Uint8Array(good);
          c[i] = v;
          return c;
        };
        const rs = (good: Uint8Array) => parseDerSignature(good);
        const rLen = (good: Uint8Array): number => good[3] ?? 0;
        const cases: [string, (good: Uint8Array) => unknown][] = [
          ['r = 0', (g) => encodeDerSignature({ r: 0n, s: rs(g).s })],
          ['s = 0', (g) => encodeDerSignature({ r: rs(g).r, s: 0n })],
          ['r = n', (g) => encodeDerSignature({ r: N, s: rs(g).s })],
          ['s = n', (g) => encodeDerSignature({ r: rs(g).r, s: N })],
          ['s = n + 1', (g) => encodeDerSignature({ r: rs(g).r, s: N + 1n })],
          [
            's + n where it fits in 256 bits (same s mod n)',
            (g) =>
              encodeDerSignature({ r: rs(g).r, s: rs(g).s + N < 2n ** 256n ? rs(g).s + N : 2n ** 256n - 1n }),
          ],
          ['r = 2^256 - 1', (g) => encodeDerSignature({ r: 2n ** 256n - 1n, s: rs(g).s })],
          ['r and s swapped', (g) => encodeDerSignature({ r: rs(g).s, s: rs(g).r })],
          [
            'n - s (not a valid malleation in SM2)',
            (g) => encodeDerSignature({ r: rs(g).r, s: N - rs(g).s }),
          ],
          ['empty', () => new Uint8Array(0)],
          ['a lone SEQUENCE tag', () => Uint8Array.of(0x30)],
          ['empty SEQUENCE', () => Uint8Array.of(0x30, 0x00)],
          ['SET instead of SEQUENCE', (g) => withByte(g, 0, 0x31)],
          ['BIT STRING instead of INTEGER', (g) => withByte(g, 2, 0x03)],
          ['outer length too long', (g) => withByte(g, 1, (g[1] ?? 0) + 1)],
          ['outer length too short', (g) => withByte(g, 1, (g[1] ?? 0) - 1)],
          ['r length too long', (g) => withByte(g, 3, rLen(g) + 1)],
          [
            'long-form outer length (non-minimal)',
            (g) => Uint8Array.of(0x30, 0x81, g[1] ?? 0, ...g.subarray(2)),
          ],
          [
            'r with a superfluous leading zero',
            (g) => encodeRaw(Uint8Array.of(0x00, 0x01), g.subarray(4 + rLen(g))),
          ],
          [
            'negative r',
            (g) => encodeRaw(Uint8Array.of(0x80, ...new Uint8Array(31).fill(1)), g.subarray(4 + rLen(g))),
          ],
          ['one INTEGER only', (g) => Uint8Array.of(0x30, rLen(g) + 2, ...g.subarray(2, 4 + rLen(g)))],
          ['three INTEGERs', (g) => Uint8Array.of(0x30, (g[1] ?? 0) + 3, ...g.subarray(2), 0x02, 0x01, 0x01)],
          ['trailing zero byte', (g) => Uint8Array.of(...g, 0x00)],
          ['a second signature appended', (g) => Uint8Array.of(...g, ...g)],
          ['raw bytes given as DER', () => sm2Sign(message, alice.privateKey, { ...opts, encoding: 'raw' })],
          ['hex string instead of bytes', (g) => hex(g)],
          ['null', () => null],
          ['a number', () => 42],
        ];
        it.each(cases)('%s', (_label, make) => {
          const sig = make(goodSig());
          let result: boolean | undefined;
          expect(() => {
            result = sm2Verify(message, sig as Uint8Array, alice.publicKey, opts);
          }).not.toThrow();
          expect(result).toBe(false);
        });

        it('every truncation of a valid signature', () => {
          const good = goodSig();
          for (let n = 0; n < good.length; n++)
            expect(sm2Verify(message, good.subarray(0, n), alice.publicKey, opts)).toBe(false);
        });

        it('raw signatures of the wrong length, or with r/s out of range', () => {
          const raw = sm2Sign(message, alice.privateKey, { ...opts, encoding: 'raw' });
          const ro = { ...opts, encoding: 'raw' as const };
          expect(sm2Verify(message, raw.subarray(0, 63), alice.publicKey, ro)).toBe(false);
          expect(sm2Verify(message, Uint8Array.of(...raw, 0), alice.publicKey, ro)).toBe(false);
          expect(sm2Verify(message, new Uint8Array(64), alice.publicKey, ro)).toBe(false);
          expect(sm2Verify(message, new Uint8Array(64).fill(0xff), alice.publicKey, ro)).toBe(false);
        });

        it('things that are not keys, messages or options', () => {
          const good = goodSig();
          const bogus = [
            null,
            {},
            { publicKeyHex: alice.publicKey.publicKeyHex },
            alice.privateKey,
            alice.publicKey.publicKeyHex,
          ];
          for (const key of bogus)
            expect(sm2Verify(message, good, key as unknown as Sm2PublicKey, opts)).toBe(false);
          expect(sm2Verify(42 as unknown as string, good, alice.publicKey, opts)).toBe(false);
          expect(
            sm2Verify(message, good, alice.publicKey, { ...opts, encoding: 'pem' as unknown as 'der' }),
          ).toBe(false);
          expect(sm2Verify(message, good, alice.publicKey, { ...opts, userId: 7 as unknown as string })).toBe(
            false,
          );
        });
      });

      it('rejects Node crypto.sign SM2 signatures under the default ID (why Node’s SM2 is not used)', () => {
        // Re-imported from PEM, Node signs real SM2 but with an EMPTY ID (nodejs/node#53761) ...
        const nodeSig = nodeSign('sm3', message, createPrivateKey(alice.privateKey.toPkcs8Pem()));
        expect(sm2Verify(message, nodeSig, alice.publicKey, opts)).toBe(false);
        expect(sm2Verify(message, nodeSig, alice.publicKey, { ...opts, userId: '' })).toBe(true);
        // ... and with an `ec`/SM2 KeyObject it is ECDSA on the SM2 curve, not SM2 at all.
        const ec = generateKeyPairSync('ec', { namedCurve: 'SM2' });
        const ecdsa = nodeSign('sm3', message, ec.privateKey);
        const ecPub = importSm2PublicKey(ec.publicKey.export({ type: 'spki', format: 'pem' }));
        expect(sm2Verify(message, ecdsa, ecPub, opts)).toBe(false);
        expect(sm2Verify(message, ecdsa, ecPub, { ...opts, userId: '' })).toBe(false);
      });

      it('interoperates with sm-crypto-v2 both ways (hash:true, der:true, userId)', () => {
        const theirs = smCrypto.doSignature(message, alice.privateKey.privateKeyHex, {
          hash: true,
          der: true,
          userId: 'ALICE123@YAHOO.COM',
        });
        expect(
          sm2Verify(message, h(theirs), alice.publicKey, { ...opts, userId: 'ALICE123@YAHOO.COM' }),
        ).toBe(true);
        const ours = sm2Sign(message, alice.privateKey, opts);
        expect(
          smCrypto.doVerifySignature(message, hex(ours), alice.publicKey.publicKeyHex, {
            hash: true,
            der: true,
          }),
        ).toBe(true);
        const oursRaw = sm2Sign(message, alice.privateKey, { ...opts, encoding: 'raw' });
        expect(
          smCrypto.doVerifySignature(message, hex(oursRaw), alice.publicKey.publicKeyHex, { hash: true }),
        ).toBe(true);
      });

      it('property: random messages verify, and any changed message bit or signature bit fails without throwing', () => {
        fc.assert(
          fc.property(
            fc.uint8Array({ minLength: 0, maxLength: 300 }),
            fc.nat(),
            fc.nat(),
            (msg, mbit, sbit) => {
              const sig = sm2Sign(msg, alice.privateKey, opts);
              expect(sm2Verify(msg, sig, alice.publicKey, opts)).toBe(true);
              if (msg.length > 0) {
                const m2 = new Uint8Array(msg);
                const b = mbit % (msg.length * 8);
                m2[b >> 3] = (m2[b >> 3] ?? 0) ^ (1 << (b & 7));
                expect(sm2Verify(m2, sig, alice.publicKey, opts)).toBe(false);
              }
              const s2 = new Uint8Array(sig);
              const b = sbit % (sig.length * 8);
              s2[b >> 3] = (s2[b >> 3] ?? 0) ^ (1 << (b & 7));
              expect(sm2Verify(msg, s2, alice.publicKey, opts)).toBe(false);
            },
          ),
          { numRuns: 60 },
        );
      });

      it('property: arbitrary bytes are never a valid signature and never throw', () => {
        fc.assert(
          fc.property(
            fc.uint8Array({ maxLength: 80 }),
            fc.constantFrom('der' as const, 'raw' as const),
            (sig, encoding) => {
              expect(sm2Verify(message, sig, alice.publicKey, { ...opts, encoding })).toBe(false);
            },
          ),
          { numRuns: 300 },
        );
      });

      describe.skipIf(!opensslCli.ok)(`interop with the openssl CLI (${opensslCli.reason})`, () => {
        const tmp = scratchDir();
        afterAll(() => tmp.cleanup());
        let key: Sm2PrivateKey;
        let pub: Sm2PublicKey;
        const msgFile = (): string => tmp.write('msg.txt', message);
        const opensslVerify = (pubPem: string, sig: Uint8Array, id = DEFAULT_SM2_USER_ID, msg = message) =>
          openssl([
            'pkeyutl',
            '-verify',
            '-pubin',
            '-inkey',
            tmp.write('v-pub.pem', pubPem),
            '-rawin',
            '-in',
            tmp.write('v-msg', msg),
            '-digest',
            'sm3',
            '-pkeyopt',
            `distid:${id}`,
            '-sigfile',
            tmp.write('v-sig.der', sig),
          ]);
        const opensslSign = (keyPem: string, id = DEFAULT_SM2_USER_ID): Uint8Array => {
          const out = openssl([
            'pkeyutl',
            '-sign',
            '-inkey',
            tmp.write('s-key.pem', keyPem),
            '-rawin',
            '-in',
            msgFile(),
            '-digest',
            'sm3',
            '-pkeyopt',
            `distid:${id}`,
          ]);
          expect(out.status, out.stderr).toBe(0);
          return new Uint8Array(out.stdout);
        };

        beforeAll(() => {
          expect(openssl(['genpkey', '-algorithm', 'SM2', '-out', tmp.path('k.pem')]).status).toBe(0);
          expect(
            openssl(['pkey', '-in', tmp.path('k.pem'), '-pubout', '-out', tmp.path('pub.pem')]).status,
          ).toBe(0);
          key = importSm2PrivateKey(tmp.read('k.pem').toString());
          pub = importSm2PublicKey(tmp.read('pub.pem').toString());
        });

        it('imports `openssl genpkey -algorithm SM2` keys: the private key’s public half equals pub.pem', () => {
          expect(key.publicKey.equals(pub)).toBe(true);
        });

        it('openssl pkeyutl -verify (distid 1234567812345678) accepts our signature, and rejects it for a changed message', () => {
          const sig = sm2Sign(message, key, opts);
          const ok = opensslVerify(tmp.read('pub.pem').toString(), sig);
          expect(ok.stdout.toString()).toContain('Signature Verified Successfully');
          expect(ok.status).toBe(0);
          const bad = opensslVerify(
            tmp.read('pub.pem').toString(),
            sig,
            DEFAULT_SM2_USER_ID,
            utf8('tampered'),
          );
          expect(bad.status).not.toBe(0);
        });

        it('openssl verifies our signature with a custom ID, and not with the default one', () => {
          const sig = sm2Sign(message, key, { ...opts, userId: 'ALICE123@YAHOO.COM' });
          expect(opensslVerify(pub.toSpkiPem(), sig, 'ALICE123@YAHOO.COM').status).toBe(0);
          expect(opensslVerify(pub.toSpkiPem(), sig).status).not.toBe(0);
        });

        it('we verify openssl pkeyutl -sign signatures (default and custom ID)', () => {
          const pem = tmp.read('k.pem').toString();
          expect(sm2Verify(message, opensslSign(pem), pub, opts)).toBe(true);
          const custom = opensslSign(pem, 'ALICE123@YAHOO.COM');
          expect(sm2Verify(message, custom, pub, { ...opts, userId: 'ALICE123@YAHOO.COM' })).toBe(true);
          expect(sm2Verify(message, custom, pub, opts)).toBe(false);
        });

        it('we verify `openssl dgst -sm3 -sign -sigopt distid:…` signatures too', () => {
          const out = openssl([
            'dgst',
            '-sm3',
            '-sign',
            tmp.path('k.pem'),
            '-sigopt',
            `distid:${DEFAULT_SM2_USER_ID}`,
            msgFile(),
          ]);
          expect(out.status, out.stderr).toBe(0);
          expect(sm2Verify(message, new Uint8Array(out.stdout), pub, opts)).toBe(true);
        });

        it('openssl signs with our exported PKCS#8 and SEC1 PEMs and verifies against our SPKI PEM', () => {
          const mine = generateSm2KeyPair();
          for (const pem of [mine.privateKey.toPkcs8Pem(), mine.privateKey.toSec1Pem()]) {
            const sig = opensslSign(pem);
            expect(sm2Verify(message, sig, mine.publicKey, opts)).toBe(true);
            expect(opensslVerify(mine.publicKey.toSpkiPem(), sig).status).toBe(0);
          }
        });
      });
    },
  );
});

describe.skipIf(!native.available)(
  native.available
    ? 'pure and native backends agree'
    : `SKIPPED — pure/native agreement: ${native.reason ?? ''}`,
  () => {
    const { privateKey, publicKey } = generateSm2KeyPair();

    it('each verifies the other’s signatures, for several user IDs and both encodings', () => {
      for (const userId of [undefined, '', 'ALICE123@YAHOO.COM', '张三@江苏'] as const) {
        for (const encoding of ['der', 'raw'] as const) {
          const p = sm2Sign('cross', privateKey, { backend: 'pure', userId, encoding });
          const n = sm2Sign('cross', privateKey, { backend: 'native', userId, encoding });
          expect(sm2Verify('cross', p, publicKey, { backend: 'native', userId, encoding })).toBe(true);
          expect(sm2Verify('cross', n, publicKey, { backend: 'pure', userId, encoding })).toBe(true);
        }
      }
    });

    it('property: identical accept/reject on mutated signatures, even when OpenSSL parses the raw bytes itself', () => {
      const addon = nativeAddon();
      const spkiKey = addon?.loadPublicKey(publicKey.toSpkiDer());
      if (!addon || !spkiKey) throw new Error('addon vanished');
      const id = utf8(DEFAULT_SM2_USER_ID);
      const msg = utf8('agree');
      const good = sm2Sign(msg, privateKey);
      const mutation = fc.oneof(
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({
          kind: fc.constant('append' as const),
          bytes: fc.uint8Array({ minLength: 1, maxLength: 3 }),
        }),
        fc.record({
          kind: fc.constant('set' as const),
          at: fc.nat(),
          value: fc.integer({ min: 0, max: 255 }),
        }),
      );
      fc.assert(
        fc.property(mutation, (m) => {
          let sig: Uint8Array;
          if (m.kind === 'flip') {
            sig = new Uint8Array(good);
            const b = m.at % (sig.length * 8);
            sig[b >> 3] = (sig[b >> 3] ?? 0) ^ (1 << (b & 7));
          } else if (m.kind === 'cut') sig = good.subarray(0, m.at % good.length);
          else if (m.kind === 'append') sig = Uint8Array.of(...good, ...m.bytes);
          else {
            sig = new Uint8Array(good);
            sig[m.at % sig.length] = m.value;
          }
          const pure = sm2Verify(msg, sig, publicKey, { backend: 'pure' });
          expect(sm2Verify(msg, sig, publicKey, { backend: 'native' })).toBe(pure);
          expect(addon.verify(spkiKey, id, msg, sig)).toBe(pure); // OpenSSL's own DER checks, no TS pre-validation
        }),
        { numRuns: 400 },
      );
    });
  },
);

function encodeRaw(rContent: Uint8Array, sTlv: Uint8Array): Uint8Array {
  // SEQUENCE { INTEGER <rContent as given, possibly non-canonical>, <s TLV> }
  const rTlv = Uint8Array.of(0x02, rContent.length, ...rContent);
  return Uint8Array.of(0x30, rTlv.length + sTlv.length, ...rTlv, ...sTlv);
}

describe('typed errors on import of non-SM2 keys', () => {
  it('a P-256 key is GM_KEY_NOT_SM2, never accepted as SM2', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pubPem = p256.publicKey.export({ type: 'spki', format: 'pem' });
    const privPem = p256.privateKey.export({ type: 'pkcs8', format: 'pem' });
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (err) {
        return isGmCryptoError(err) ? err.code : 'untyped';
      }
      return undefined;
    };
    expect(code(() => importSm2PublicKey(pubPem))).toBe('GM_KEY_NOT_SM2');
    expect(code(() => importSm2PrivateKey(privPem))).toBe('GM_KEY_NOT_SM2');
    // The bare P-256 point is not on the SM2 curve either.
    const point = new Uint8Array(p256.publicKey.export({ type: 'spki', format: 'der' })).subarray(-65);
    expect(code(() => Sm2PublicKey.fromRaw(point))).toBe('GM_KEY_INVALID');
  });
});
