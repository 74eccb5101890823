import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Small secrets kept in the database (TOTP seeds) are sealed with SM4-CTR and an
 * HMAC-SM3 tag (encrypt-then-MAC) under keys derived from the platform secret, so a
 * database dump alone does not reveal them.
 */
export type Sealer = { seal(plain: string, aad: string): string; open(sealed: string, aad: string): string };

export function createSealer(masterKey: Buffer, purpose: string): Sealer {
  const encKey = createHmac('sm3', masterKey).update(`sufu:${purpose}:enc`).digest().subarray(0, 16);
  const macKey = createHmac('sm3', masterKey).update(`sufu:${purpose}:mac`).digest();
  return {
    seal(plain, aad) {
      const iv = randomBytes(16);
      const c = createCipheriv('sm4-ctr', encKey, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      const tag = createHmac('sm3', macKey).update(Buffer.from(aad)).update(iv).update(ct).digest();
      return `v1.${iv.toString('base64url')}.${ct.toString('base64url')}.${tag.toString('base64url')}`;
    },
    open(sealed, aad) {
      const [v, ivB, ctB, tagB] = sealed.split('.');
      if (v !== 'v1' || !ivB || !ctB || !tagB) throw new Error('sealed value is malformed');
      const iv = Buffer.from(ivB, 'base64url');
      const ct = Buffer.from(ctB, 'base64url');
      const tag = Buffer.from(tagB, 'base64url');
      const expected = createHmac('sm3', macKey).update(Buffer.from(aad)).update(iv).update(ct).digest();
      if (tag.length !== expected.length || !timingSafeEqual(tag, expected))
        throw new Error('sealed value failed its integrity check');
      const d = createDecipheriv('sm4-ctr', encKey, iv);
      return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
    },
  };
}
