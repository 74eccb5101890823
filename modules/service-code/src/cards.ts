import { validateIdNumber } from '@sufu/china-ids';
import type { CardDomain, ScannerProfile } from './tables.ts';

/**
 * Linked cards (卡码融合): a holder binds a social security card, a medical insurance
 * e-voucher or a transport card to their 苏服码 account, so a scanner of that domain (a
 * hospital, a metro gate) receives the linked number instead of the holder carrying the
 * card. The number formats below are demo-level plausibility rules, not the issuers' specs:
 *
 * - social-security (江苏社会保障卡): the 9-character card number (up to two capital
 *   letters, then digits) or the holder's own 公民身份号码 (the 社会保障号码 is the ID number);
 * - medical (医保电子凭证): 20–32 capital letters and digits (the NHSA's voucher id format
 *   is not public);
 * - transport (交通联合卡 / 金陵通 etc.): 10–20 digits.
 *
 * Spaces and hyphens are dropped and letters upper-cased before checking.
 */
export type CardCheck = { ok: true; number: string; masked: string } | { ok: false; reason: string };

export function normaliseCardNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function maskCardNumber(number: string): string {
  if (number.length <= 8)
    return number.slice(0, 1) + '*'.repeat(Math.max(0, number.length - 3)) + number.slice(-2);
  const keepStart = number.length >= 18 ? 6 : 3;
  return number.slice(0, keepStart) + '*'.repeat(number.length - keepStart - 4) + number.slice(-4);
}

export function checkCardNumber(domain: CardDomain, raw: string, holderIdNumber: string | null): CardCheck {
  const number = normaliseCardNumber(raw);
  switch (domain) {
    case 'social-security': {
      if (/^(?=.{9}$)[A-Z]{0,2}\d+$/.test(number))
        return { ok: true, number, masked: maskCardNumber(number) };
      if (number.length === 18) {
        const v = validateIdNumber(number);
        if (!v.ok) return { ok: false, reason: 'not a valid 公民身份号码' };
        if (holderIdNumber && number !== holderIdNumber.toUpperCase())
          return { ok: false, reason: 'the 社会保障号码 must be your own ID number' };
        return { ok: true, number, masked: maskCardNumber(number) };
      }
      return { ok: false, reason: '9-character card number or your 18-character ID number' };
    }
    case 'medical':
      return /^[0-9A-Z]{20,32}$/.test(number)
        ? { ok: true, number, masked: maskCardNumber(number) }
        : { ok: false, reason: '20–32 letters and digits' };
    case 'transport':
      return /^\d{10,20}$/.test(number)
        ? { ok: true, number, masked: maskCardNumber(number) }
        : { ok: false, reason: '10–20 digits' };
  }
}

/** The card domain a scanner profile serves, if it is a card-domain profile. */
export function domainOfProfile(profile: ScannerProfile): CardDomain | null {
  return profile === 'medical' || profile === 'transport' || profile === 'social-security' ? profile : null;
}

/** 张伟 → 张*, 欧阳娜娜 → 欧**娜; organisations are public and not masked. */
export function maskPersonName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
