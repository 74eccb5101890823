import { sm3Hex } from '@sufu/gm-crypto';
import { CaseErrors } from './errors.ts';

/** Upload rules: the type is decided by the content, never by the name or the declared header alone. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_TYPES = ['application/pdf', 'application/ofd', 'image/jpeg', 'image/png'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

const startsWith = (b: Buffer, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** The media type of the content by its signature, or null when it is none we accept. */
export function sniffType(content: Buffer): AcceptedType | null {
  if (startsWith(content, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // OFD (GB/T 33190) is a ZIP container whose root holds OFD.xml.
  if (startsWith(content, [0x50, 0x4b, 0x03, 0x04]) && content.subarray(0, 4096).includes('OFD.xml')) {
    return 'application/ofd';
  }
  return null;
}

/**
 * Checks an upload and returns its sniffed type and SM3 checksum. A declared type that
 * disagrees with the content is refused (415), as is content of any other kind.
 */
export function checkUpload(
  content: Buffer,
  declared: string | undefined,
): { mediaType: AcceptedType; sm3: string } {
  if (content.length === 0) throw CaseErrors.fileEmpty();
  if (content.length > MAX_FILE_BYTES) throw CaseErrors.fileTooLarge();
  const sniffed = sniffType(content);
  if (!sniffed) throw CaseErrors.fileTypeUnsupported();
  const d = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (d && d !== 'application/octet-stream' && d !== sniffed) throw CaseErrors.fileTypeMismatch();
  return { mediaType: sniffed, sm3: sm3Hex(content) };
}
