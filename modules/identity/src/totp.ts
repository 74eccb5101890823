import { createHmac, randomBytes } from 'node:crypto';

/**
 * RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30 s), the second
 * factor that staff and administrators must use; compatible with any authenticator app.
 */
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Buffer {
  const clean = s.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = B32.indexOf(ch);
    if (idx < 0) throw new Error('invalid base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function hotp(secret: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 1_000_000).padStart(6, '0');
}

export const totpCounter = (atMs: number) => Math.floor(atMs / 1000 / 30);

export function totpCode(secretB32: string, atMs = Date.now()): string {
  return hotp(base32Decode(secretB32), totpCounter(atMs));
}

/**
 * Checks a code within ±1 step of clock drift and returns the matched counter, which
 * the caller stores so that the same code can never be used twice.
 */
export function verifyTotp(
  secretB32: string,
  code: string,
  lastUsedCounter: number | null,
  atMs = Date.now(),
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const secret = base32Decode(secretB32);
  const now = totpCounter(atMs);
  for (const c of [now - 1, now, now + 1]) {
    if (lastUsedCounter !== null && c <= lastUsedCounter) continue;
    if (hotp(secret, c) === code) return c;
  }
  return null;
}

export function otpauthUri(secretB32: string, accountName: string, issuer = '苏服办'): string {
  const label = encodeURIComponent(`${issuer}:${accountName}`);
  return `otpauth://totp/${label}?secret=${secretB32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
