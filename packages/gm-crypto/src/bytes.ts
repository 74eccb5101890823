import { GmCryptoError } from './errors.ts';

/** Message/plaintext input: bytes as-is, strings as UTF-8. */
export type BytesLike = Uint8Array | string;

const encoder = new TextEncoder();

/** Strings are UTF-8 encoded; bytes pass through (no copy). */
export function toBytes(data: BytesLike, what = 'data'): Uint8Array {
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof Uint8Array) return data;
  throw new GmCryptoError('GM_INVALID_ARGUMENT', `${what} must be a Uint8Array or a string`);
}

/**
 * Node returns Buffers that may be views into a shared 8 KiB pool; handing such a view out
 * would expose unrelated memory through `.buffer`. Small results are copied, large ones
 * (which Node allocates on their own) are re-viewed without a copy.
 */
export function ownBytes(buf: Uint8Array): Uint8Array {
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength) {
    return new Uint8Array(buf.buffer, 0, buf.byteLength);
  }
  return new Uint8Array(buf);
}

/** Lowercase hex, the interchange form of keys and digests in Chinese SDKs and `openssl` output. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strict hex: even length, hex digits only (Buffer.from(…, 'hex') silently truncates). */
export function fromHex(hex: string, what = 'hex'): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new GmCryptoError('GM_INVALID_ARGUMENT', `${what} must be an even-length hex string`);
  }
  return ownBytes(Buffer.from(hex, 'hex'));
}

/** Joins byte arrays into one fresh array (no shared backing memory with the inputs). */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Big-endian bytes → bigint, for curve scalars and coordinates. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

/** Fixed-width big-endian encoding; throws if the value does not fit. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  if (value < 0n) throw new RangeError('negative');
  const hex = value.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError('value does not fit');
  return fromHex(hex);
}
