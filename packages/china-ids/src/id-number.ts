import { civilFromDays, daysFromCivil, formatYmd, parseYmd, todayInChina } from './dates.ts';
import { divisionPath, jiangsuCounties } from './divisions.ts';
import type { JiangsuDivision } from './jiangsu-divisions.ts';
import type { LocalizedMessage } from './messages.ts';
import { findProvince, type ProvinceCode } from './provinces.ts';
import type { Rng } from './rng.ts';

/** Why an ID number was rejected; stable codes a form can map to a field hint. */
export type IdInvalidReason =
  'length' | 'characters' | 'region' | 'birth_date' | 'future_birth_date' | 'check_digit';

export type Sex = 'male' | 'female';

export interface ValidIdNumber {
  readonly ok: true;
  /** Trimmed, with a lower-case x turned into X: the one form to store and compare. */
  readonly value: string;
  /** Address code (positions 1–6) as issued; may be a historical code. */
  readonly regionCode: string;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  readonly sex: Sex;
}

export interface InvalidIdNumber {
  readonly ok: false;
  readonly reason: IdInvalidReason;
  readonly message: LocalizedMessage;
}

export type IdNumberResult = ValidIdNumber | InvalidIdNumber;

export interface ValidateIdNumberOptions {
  /** "Today" in China as YYYY-MM-DD, for the future-birth-date check; defaults to the real date (UTC+8). */
  readonly today?: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** The standard's own example (Appendix A) is born in 1880; nothing older is plausible. */
const EARLIEST_BIRTH_YEAR = 1800;

/**
 * 港澳台居民居住证 numbers follow GB 11643 with address codes 810000/820000/830000 (国办发〔2018〕81号).
 * 81 and 82 are GB/T 2260 province codes; 83 is not, so it is added here for ID numbers only.
 */
const TAIWAN_RESIDENCE_PERMIT: ProvinceCode = {
  code: '83',
  name: '台湾居民居住证',
  nameEn: 'Residence permit for Taiwan residents',
};

function idProvince(code: string): ProvinceCode | undefined {
  return code.startsWith('83') ? TAIWAN_RESIDENCE_PERMIT : findProvince(code);
}

/**
 * The ISO 7064 MOD 11-2 check character (GB 11643-1999) of the first 17 digits. Exposed so that
 * import tools can tell a user which character a number should end with.
 */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckChar: need exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

function fail(reason: IdInvalidReason, zh: string, en: string): InvalidIdNumber {
  return { ok: false, reason, message: { 'zh-CN': zh, en } };
}

/**
 * Validates an 18-character 公民身份号码 (also 港澳台居民居住证 numbers, which share the format) and
 * says why it is wrong, in the order an applicant can act on: shape, address code, birth date, then
 * the check character (which usually means a mistyped digit).
 *
 * The address code is only checked for a valid province prefix: an ID keeps the county code of the
 * day it was issued, and many such codes (320101, pre-2020 海门市 320684 …) are no longer in GB/T 2260.
 * Rejecting them would lock real residents out. Foreign permanent-residence cards (starting with 9)
 * are rejected here; they need their own rules.
 */
export function validateIdNumber(value: string, options: ValidateIdNumberOptions = {}): IdNumberResult {
  const text = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (text.length !== 18) {
    const legacy = /^\d{15}$/.test(text);
    return fail(
      'length',
      legacy
        ? '这是15位旧版身份证号码，请填写18位公民身份号码'
        : `公民身份号码应为18位，当前为${text.length}位`,
      legacy
        ? 'This is a 15-digit legacy ID number; enter the 18-character citizen ID number.'
        : `A citizen ID number has 18 characters; this one has ${text.length}.`,
    );
  }
  if (!/^\d{17}[\dX]$/.test(text)) {
    return fail(
      'characters',
      '公民身份号码前17位应为数字，最后一位为数字或X',
      'The first 17 characters must be digits and the last one a digit or X.',
    );
  }

  const regionCode = text.slice(0, 6);
  if (idProvince(regionCode) === undefined) {
    return fail(
      'region',
      `地址码“${regionCode}”不是有效的行政区划代码（前两位应为省级代码）`,
      `The address code "${regionCode}" does not start with a valid province code.`,
    );
  }

  const birth = parseYmd(text.slice(6, 14));
  if (birth === undefined || birth.year < EARLIEST_BIRTH_YEAR) {
    return fail(
      'birth_date',
      `出生日期“${text.slice(6, 14)}”不是有效日期`,
      `The birth date "${text.slice(6, 14)}" is not a valid date.`,
    );
  }
  const birthDate = formatYmd(birth);
  const today = options.today ?? todayInChina();
  if (birthDate > today) {
    return fail(
      'future_birth_date',
      `出生日期${birthDate}晚于今天`,
      `The birth date ${birthDate} is in the future.`,
    );
  }

  const expected = idNumberCheckChar(text.slice(0, 17));
  const actual = text[17] as string;
  if (expected !== actual) {
    return fail(
      'check_digit',
      `校验码应为“${expected}”，实际为“${actual}”，号码可能有输入错误`,
      `The check character should be "${expected}" but is "${actual}"; a digit may have been mistyped.`,
    );
  }

  const sexDigit = text.charCodeAt(16) - 48;
  return { ok: true, value: text, regionCode, birthDate, sex: sexDigit % 2 === 1 ? 'male' : 'female' };
}

/**
 * Upgrades a 15-digit GB 11643-1989 number (YYMMDD birth date, no check character) to the 18-character
 * form by inserting "19" and appending the MOD 11-2 check character, then validates the result. Old
 * household records and scanned documents still carry these numbers; matching them to a person needs
 * the 18-character form.
 */
export function upgradeLegacyIdNumber(value: string, options: ValidateIdNumberOptions = {}): IdNumberResult {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length !== 15) {
    return fail(
      'length',
      `旧版身份证号码应为15位，当前为${text.length}位`,
      `A legacy ID number has 15 digits; this one has ${text.length}.`,
    );
  }
  if (!/^\d{15}$/.test(text)) {
    return fail('characters', '旧版身份证号码只能包含数字', 'A legacy ID number contains digits only.');
  }
  const first17 = `${text.slice(0, 6)}19${text.slice(6)}`;
  return validateIdNumber(first17 + idNumberCheckChar(first17), options);
}

export interface IdRegionDescription {
  readonly regionCode: string;
  /** The province (or residence-permit area) named by the first two digits. */
  readonly province: ProvinceCode;
  /**
   * For Jiangsu: the current divisions from the province down to the most precise one this code
   * matches (the county itself, or only its city for a historical county code). Empty elsewhere.
   */
  readonly jiangsuPath: readonly JiangsuDivision[];
  /** True when the code is a current Jiangsu division, i.e. the label names the exact place. */
  readonly exact: boolean;
  /** E.g. 江苏省南京市玄武区 / "Xuanwu District, Nanjing, Jiangsu Province". */
  readonly label: LocalizedMessage;
}

/**
 * Names the place an ID's address code (or a whole ID number) points to, so staff see 江苏省南京市玄武区 instead of 320102.
 * Only Jiangsu is known below province level; a historical Jiangsu county code is named by the current
 * city with the same first four digits (and `exact` is false), because the code's county may since have
 * been renamed or merged. Returns undefined when the province prefix itself is invalid.
 */
export function describeIdRegion(regionCode: string): IdRegionDescription | undefined {
  const code = typeof regionCode === 'string' ? regionCode.trim().slice(0, 6) : '';
  if (!/^\d{6}$/.test(code)) return undefined;
  const province = idProvince(code);
  if (province === undefined) return undefined;

  let jiangsuPath: readonly JiangsuDivision[] = [];
  if (province.code === '32') {
    jiangsuPath = divisionPath(code);
    if (jiangsuPath.length === 0) jiangsuPath = divisionPath(`${code.slice(0, 4)}00`);
    if (jiangsuPath.length === 0) jiangsuPath = divisionPath('320000');
  }
  const exact = jiangsuPath.length > 0 && jiangsuPath[jiangsuPath.length - 1]?.code === code;
  const label: LocalizedMessage =
    jiangsuPath.length > 0
      ? {
          'zh-CN': jiangsuPath.map((d) => d.name).join(''),
          en: [...jiangsuPath]
            .reverse()
            .map((d) => d.nameEn)
            .join(', '),
        }
      : { 'zh-CN': province.name, en: province.nameEn };
  return { regionCode: code, province, jiangsuPath, exact, label };
}

export interface GenerateIdNumberOptions {
  /** Six-digit address code; defaults to a random current Jiangsu county. */
  readonly regionCode?: string;
  /** YYYY-MM-DD; defaults to a random date in 1950–2005 (adults of working age in demo data). */
  readonly birthDate?: string;
  readonly sex?: Sex;
}

const DEFAULT_BIRTH_FROM = daysFromCivil(1950, 1, 1);
const DEFAULT_BIRTH_TO = daysFromCivil(2005, 12, 31);

/**
 * A synthetic, valid ID number for tests and demo data. Deterministic for a given rng state, so seeded
 * fixtures are stable. Throws RangeError for options that could never give a valid number.
 */
export function generateIdNumber(rng: Rng, options: GenerateIdNumberOptions = {}): string {
  const regionCode = options.regionCode ?? rng.pick(jiangsuCounties).code;
  if (!/^\d{6}$/.test(regionCode) || idProvince(regionCode) === undefined) {
    throw new RangeError(`generateIdNumber: invalid regionCode ${regionCode}`);
  }
  let birthDate: string;
  if (options.birthDate === undefined) {
    birthDate = civilFromDays(rng.int(DEFAULT_BIRTH_FROM, DEFAULT_BIRTH_TO));
  } else {
    const parts = parseYmd(options.birthDate);
    if (parts === undefined || parts.year < EARLIEST_BIRTH_YEAR || formatYmd(parts) > todayInChina()) {
      throw new RangeError(`generateIdNumber: invalid birthDate ${options.birthDate}`);
    }
    birthDate = formatYmd(parts);
  }
  const sex = options.sex ?? (rng.chance(0.5) ? 'male' : 'female');
  const lastDigit = rng.int(0, 4) * 2 + (sex === 'male' ? 1 : 0);
  const sequence = `${String(rng.int(0, 99)).padStart(2, '0')}${lastDigit}`;
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${sequence}`;
  return first17 + idNumberCheckChar(first17);
}

export interface MaskOptions {
  /** Characters kept at the start; 6 keeps the address code (standards-cn §8.4 default). */
  readonly keepStart?: number;
  /** Characters kept at the end. */
  readonly keepEnd?: number;
}

/**
 * Masks an ID number for display (320102********1239): the platform shows ID numbers only masked unless
 * the viewer's role needs the clear value (standards-cn §8.4; PIPL sensitive personal information).
 * Values too short to mask safely are masked completely rather than partly revealed.
 */
export function maskIdNumber(value: string, options: MaskOptions = {}): string {
  const text = typeof value === 'string' ? value.trim().toUpperCase() : '';
  const keepStart = options.keepStart ?? 6;
  const keepEnd = options.keepEnd ?? 4;
  if (!Number.isSafeInteger(keepStart) || !Number.isSafeInteger(keepEnd) || keepStart < 0 || keepEnd < 0) {
    throw new RangeError('maskIdNumber: keepStart and keepEnd must be non-negative integers');
  }
  if (text.length <= keepStart + keepEnd) return '*'.repeat(text.length);
  return (
    text.slice(0, keepStart) +
    '*'.repeat(text.length - keepStart - keepEnd) +
    text.slice(text.length - keepEnd)
  );
}
