import type { LocalizedMessage } from './messages.ts';
import type { Rng } from './rng.ts';

/** Why a mobile number was rejected. */
export type MobileInvalidReason = 'length' | 'characters' | 'prefix';

export interface ValidMobile {
  readonly ok: true;
  /** Eleven digits, without country code, spaces or dashes: the one form to store and send SMS to. */
  readonly value: string;
  /** The three-digit number segment (号段). */
  readonly segment: string;
}

export interface InvalidMobile {
  readonly ok: false;
  readonly reason: MobileInvalidReason;
  readonly message: LocalizedMessage;
}

export type MobileResult = ValidMobile | InvalidMobile;

/**
 * Eleven-digit mainland mobile segments allocated by MIIT (工业和信息化部 电信网码号资源), as known
 * to us in 2026 (from general knowledge, not a checked list; MIIT adds segments every few years):
 * all of 13x and 18x; data/IoT-with-SMS 145–149; 15x except 154; 162, 165–167 (incl. MVNO); 170–178
 * (170/171 MVNO, 174 satellite); 190–193 and 195–199 (192 = China Broadnet). 140–144 are 13-digit IoT
 * numbers and never 11-digit phones. The carrier is not reported: since 携号转网 (2019) a segment no
 * longer tells you the operator.
 */
export const mobileSegments: readonly string[] = [
  ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'],
  ...['145', '146', '147', '148', '149'],
  ...['150', '151', '152', '153', '155', '156', '157', '158', '159'],
  ...['162', '165', '166', '167'],
  ...['170', '171', '172', '173', '174', '175', '176', '177', '178'],
  ...['180', '181', '182', '183', '184', '185', '186', '187', '188', '189'],
  ...['190', '191', '192', '193', '195', '196', '197', '198', '199'],
];
const segmentSet = new Set(mobileSegments);

function fail(reason: MobileInvalidReason, zh: string, en: string): InvalidMobile {
  return { ok: false, reason, message: { 'zh-CN': zh, en } };
}

/** Strips what people and address books add around a number: spaces, dashes and the +86/0086 prefix. */
function stripDecoration(value: string): { digits: string; foreign: boolean } {
  let text = value.replace(/[\s\u3000-]/g, '');
  let foreign = false;
  if (text.startsWith('+86')) text = text.slice(3);
  else if (text.startsWith('0086')) text = text.slice(4);
  else if (/^86\d{11}$/.test(text)) text = text.slice(2);
  else if (text.startsWith('+') || text.startsWith('00')) foreign = true;
  return { digits: text, foreign };
}

/**
 * Validates a mainland mobile number as people type or paste it ("+86 138-0013-8000", "0086…",
 * "138 0013 8000") and normalises it to 11 digits, so the same phone is never stored twice in two
 * spellings and SMS codes go to a number that can receive them. Non-mainland numbers are rejected
 * with reason 'prefix': SMS verification on the platform goes through mainland carriers only.
 */
export function validateMobile(value: string): MobileResult {
  const { digits, foreign } = stripDecoration(typeof value === 'string' ? value : '');
  if (foreign) {
    return fail(
      'prefix',
      '仅支持中国大陆手机号码（+86）',
      'Only mainland-China mobile numbers (+86) are accepted.',
    );
  }
  if (!/^\d*$/.test(digits)) {
    return fail('characters', '手机号码只能包含数字', 'A mobile number contains digits only.');
  }
  if (digits.length !== 11) {
    return fail(
      'length',
      `手机号码应为11位，当前为${digits.length}位`,
      `A mobile number has 11 digits; this one has ${digits.length}.`,
    );
  }
  const segment = digits.slice(0, 3);
  if (!segmentSet.has(segment)) {
    return fail(
      'prefix',
      `“${segment}”不是中国大陆手机号段`,
      `"${segment}" is not a mainland-China mobile number segment.`,
    );
  }
  return { ok: true, value: digits, segment };
}

/** A synthetic valid mobile number for tests and demo data. */
export function generateMobile(rng: Rng, options: { readonly segment?: string } = {}): string {
  const segment = options.segment ?? rng.pick(mobileSegments);
  if (!segmentSet.has(segment)) throw new RangeError(`generateMobile: unknown segment ${segment}`);
  return segment + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/**
 * Masks a mobile number for display as 138****1234 (standards-cn §8.4): enough for a user to recognise
 * their own number, not enough to call it. A valid number is normalised first, so "+86 138 0013 8000"
 * masks the same way as 13800138000; anything else keeps at most its first 3 and last 4 characters.
 */
export function maskMobile(value: string): string {
  const result = validateMobile(value);
  const text = result.ok ? result.value : typeof value === 'string' ? value.trim() : '';
  if (text.length <= 7) return '*'.repeat(text.length);
  return text.slice(0, 3) + '*'.repeat(text.length - 7) + text.slice(text.length - 4);
}
