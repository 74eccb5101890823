/**
 * Base45 (RFC 9285): the text form of binary data whose alphabet is exactly the QR code's
 * alphanumeric set, so a QR encoder packs it at 5.5 bits per character instead of 8 in
 * byte mode (the EU Digital COVID Certificate and MOSIP Claim 169 use it for the same reason).
 * Two bytes become three characters; a final odd byte becomes two.
 */
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE45_ALPHABET.length; i++) DECODE[BASE45_ALPHABET.charCodeAt(i)] = i;

/** Characters needed for `bytes` bytes of data. */
export function base45Length(bytes: number): number {
  return Math.floor(bytes / 2) * 3 + (bytes % 2) * 2;
}

export function base45Encode(data: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 1 < data.length; i += 2) {
    let n = data[i]! * 256 + data[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    out += BASE45_ALPHABET[c]! + BASE45_ALPHABET[d]! + BASE45_ALPHABET[e]!;
  }
  if (i < data.length) {
    const n = data[i]!;
    out += BASE45_ALPHABET[n % 45]! + BASE45_ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

/** True when every character is in the Base45 alphabet (says nothing about the length). */
export function isBase45Alphabet(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || DECODE[c]! < 0) return false;
  }
  return true;
}

/**
 * Strict decoding: returns null (never throws) for a character outside the alphabet, a length
 * of 3k+1, or a group whose value overflows (> 65535 for three characters, > 255 for two),
 * so that every text has at most one decoding.
 */
export function base45Decode(text: string): Uint8Array | null {
  if (text.length % 3 === 1) return null;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    if (c0 >= 128 || c1 >= 128) return null;
    const a = DECODE[c0]!;
    const b = DECODE[c1]!;
    if (a < 0 || b < 0) return null;
    if (i + 2 < text.length) {
      const c2 = text.charCodeAt(i + 2);
      if (c2 >= 128) return null;
      const c = DECODE[c2]!;
      if (c < 0) return null;
      const n = a + b * 45 + c * 2025;
      if (n > 0xffff) return null;
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = a + b * 45;
      if (n > 0xff) return null;
      out[o++] = n;
    }
  }
  return out;
}
