// Just enough strict DER for SM2 keys and signatures. Strict on purpose: OpenSSL rejects
// non-canonical signature DER, and both SM2 backends must accept exactly the same inputs.

/** Thrown internally on any DER violation; callers turn it into false or a GmCryptoError. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

/** Universal DER tags used by SM2 keys and signatures. */
export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_NULL = 0x05;
export const TAG_OID = 0x06;
export const TAG_SEQUENCE = 0x30;

/** One decoded element; `value` is a view into the input (no copy). */
export interface Tlv {
  tag: number;
  value: Uint8Array;
  /** Offset just past this element in the buffer it was read from. */
  end: number;
}

/** Reads one element at `offset`, enforcing minimal length encoding and bounds. */
export function readTlv(buf: Uint8Array, offset: number): Tlv {
  if (offset + 2 > buf.length) throw new DerError('truncated');
  const tag = buf[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used here');
  let len = buf[offset + 1] as number;
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3) throw new DerError('bad length');
    if (pos + n > buf.length) throw new DerError('truncated');
    if (buf[pos] === 0) throw new DerError('non-minimal length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[pos + i] as number);
    pos += n;
    if (len < 0x80) throw new DerError('non-minimal length');
  }
  if (pos + len > buf.length) throw new DerError('truncated');
  return { tag, value: buf.subarray(pos, pos + len), end: pos + len };
}

/** Reads exactly one element spanning the whole buffer (no trailing bytes). */
export function readSingle(buf: Uint8Array, tag: number): Uint8Array {
  const tlv = readTlv(buf, 0);
  if (tlv.tag !== tag) throw new DerError(`expected tag 0x${tag.toString(16)}`);
  if (tlv.end !== buf.length) throw new DerError('trailing bytes');
  return tlv.value;
}

/** Splits a constructed value into its elements. */
export function readChildren(value: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let off = 0;
  while (off < value.length) {
    const tlv = readTlv(value, off);
    out.push(tlv);
    off = tlv.end;
  }
  return out;
}

/** Non-negative INTEGER content with minimal encoding, as big-endian magnitude bytes. */
export function readUnsignedInteger(value: Uint8Array): Uint8Array {
  if (value.length === 0) throw new DerError('empty INTEGER');
  const first = value[0] as number;
  if (first & 0x80) throw new DerError('negative INTEGER');
  if (value.length > 1 && first === 0 && ((value[1] as number) & 0x80) === 0)
    throw new DerError('non-minimal INTEGER');
  return first === 0 && value.length > 1 ? value.subarray(1) : value;
}

function encodeLength(len: number): Uint8Array {
  if (len < 0x80) return Uint8Array.of(len);
  if (len < 0x100) return Uint8Array.of(0x81, len);
  if (len < 0x10000) return Uint8Array.of(0x82, len >> 8, len & 0xff);
  throw new RangeError('DER element too long');
}

/** Encodes one element with a minimal (DER) length. */
export function encodeTlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const lenBytes = encodeLength(len);
  const out = new Uint8Array(1 + lenBytes.length + len);
  out[0] = tag;
  out.set(lenBytes, 1);
  let off = 1 + lenBytes.length;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Minimal INTEGER from unsigned big-endian bytes (leading zeros stripped, 0x00 added if the top bit is set). */
export function encodeUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  const body = m.length === 0 ? Uint8Array.of(0) : m;
  return (body[0] as number) & 0x80
    ? encodeTlv(TAG_INTEGER, Uint8Array.of(0), body)
    : encodeTlv(TAG_INTEGER, body);
}

/** Dotted form of OID content bytes, for error messages. */
export function oidToString(value: Uint8Array): string {
  if (value.length === 0) return '(empty OID)';
  const first = value[0] as number;
  const parts: number[] = [first < 80 ? Math.floor(first / 40) : 2, first < 80 ? first % 40 : first - 80];
  let acc = 0;
  for (let i = 1; i < value.length; i++) {
    const b = value[i] as number;
    acc = acc * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(acc);
      acc = 0;
    }
  }
  return parts.join('.');
}

/** Plain equality for public data (OIDs, points); use constantTimeEqual for secrets. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
