import QRCode from 'qrcode';
import { BASE45_ALPHABET } from './base45.ts';

/**
 * QR images of a code, always at error-correction level M (15 % of the symbol may be
 * damaged — a scratched phone screen or glare — and the code still reads). A token's text is
 * entirely in the QR alphanumeric set, so it is passed as one alphanumeric segment: 170
 * characters fit version 7 (45×45 modules) at level M, whose capacity is 178.
 */
export const QR_ERROR_CORRECTION = 'M' as const;
/** Quiet zone in modules; ISO/IEC 18004 asks for 4. */
export const QR_MARGIN = 4;

function segmentsOf(text: string): QRCode.QRCodeSegment[] {
  for (let i = 0; i < text.length; i++) {
    if (!BASE45_ALPHABET.includes(text[i]!)) return [{ data: Buffer.from(text, 'utf8'), mode: 'byte' }];
  }
  return [{ data: text, mode: 'alphanumeric' }];
}

/** The symbol (version, modules) the images below are drawn from. */
export function qrSymbol(text: string): QRCode.QRCode {
  return QRCode.create(segmentsOf(text), { errorCorrectionLevel: QR_ERROR_CORRECTION });
}

/**
 * A compact SVG (one path of horizontal runs, ~2 KB) drawn from the symbol directly: the
 * qrcode package's own SVG renderer costs about three times as much as building the symbol.
 */
export function qrSvg(text: string): string {
  const { modules } = qrSymbol(text);
  const n = modules.size;
  const size = n + 2 * QR_MARGIN;
  let d = '';
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!modules.data[y * n + x]) {
        x++;
        continue;
      }
      let end = x + 1;
      while (end < n && modules.data[y * n + end]) end++;
      d += `M${x + QR_MARGIN} ${y + QR_MARGIN}h${end - x}v1h-${end - x}z`;
      x = end;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<path fill="#fff" d="M0 0h${size}v${size}H0z"/><path fill="#000" d="${d}"/></svg>`
  );
}

/** A PNG data URL (6 px per module), for clients that prefer a bitmap. */
export function qrPngDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(segmentsOf(text), {
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    margin: QR_MARGIN,
    scale: 6,
  });
}

/** The PNG bytes (for tests and printing). */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(segmentsOf(text), {
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    margin: QR_MARGIN,
    scale: 6,
    type: 'png',
  });
}
