import { validateCreditCode } from '@sufu/china-ids';

/**
 * GB/T 39554.1-2020 codes of a service item (standards-cn §2.2).
 *
 * - 基本编码 (basic code): 12 digits. National items start `00`, local items start with the
 *   2-digit province code (Jiangsu `32`); digits 3–4 are the item type (01 行政许可 …);
 *   the last three digits are the sub-item (`000` when there is none).
 * - 实施编码 (implementation code): 31 characters = the implementing body's unified social
 *   credit code (18) + 行使层级 (1 digit, 1 国家级 … 6 分级管理) + basic code (12).
 *
 * Reading of the reference: the level digit is the one-digit 行使层级 dictionary of §2.4
 * (all three real samples carry `4` for county bodies); the reference gives no other
 * width, so the length is exactly 18 + 1 + 12 = 31 and the result is upper-case.
 */
export const EXERCISE_LEVELS = {
  1: '国家级',
  2: '省级',
  3: '市级',
  4: '县级',
  5: '镇(乡、街道)级',
  6: '分级管理',
} as const;
export type ExerciseLevel = keyof typeof EXERCISE_LEVELS;

/** 事项类型 → the two type digits of a basic code (standards-cn §2.4; 公共服务 varies by province). */
export const ITEM_TYPE_CODES: Record<string, string> = {
  行政许可: '01',
  行政处罚: '02',
  行政强制: '03',
  行政征收: '04',
  行政给付: '05',
  行政检查: '06',
  行政确认: '07',
  行政奖励: '08',
  行政裁决: '09',
  其他行政权力: '10',
};

export class CatalogCodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogCodeError';
  }
}

export const BASIC_CODE_PATTERN = /^\d{12}$/;

export function isBasicCode(value: string): boolean {
  return BASIC_CODE_PATTERN.test(value);
}

/** The level digit of a directory department's level. */
export function levelOfDepartment(level: 'province' | 'city' | 'county'): ExerciseLevel {
  return level === 'province' ? 2 : level === 'city' ? 3 : 4;
}

export function implementationCode(
  creditCode: string,
  level: ExerciseLevel | number,
  basicCode: string,
): string {
  const credit = validateCreditCode(creditCode);
  if (!credit.ok) throw new CatalogCodeError(`not a valid unified social credit code: ${creditCode}`);
  if (!Number.isInteger(level) || !(level in EXERCISE_LEVELS))
    throw new CatalogCodeError(`exercise level must be a digit 1–6, got ${String(level)}`);
  if (!isBasicCode(basicCode)) throw new CatalogCodeError(`basic code must be 12 digits, got ${basicCode}`);
  const code = `${credit.value}${level}${basicCode}`;
  if (code.length !== 31) throw new CatalogCodeError('implementation code must have 31 characters');
  return code;
}

/** Splits an implementation code into its parts (throws when it is not one). */
export function parseImplementationCode(code: string): {
  creditCode: string;
  level: ExerciseLevel;
  basicCode: string;
} {
  if (typeof code !== 'string' || code.length !== 31)
    throw new CatalogCodeError('implementation code must have 31 characters');
  const creditCode = code.slice(0, 18);
  const level = Number(code.slice(18, 19));
  const basicCode = code.slice(19);
  implementationCode(creditCode, level, basicCode);
  return { creditCode, level: level as ExerciseLevel, basicCode };
}

/**
 * A stable synthetic basic code for an item whose real code is not known yet: Jiangsu
 * local form `32` + type digits (`00` when the type is unknown) + the department's
 * position in the source list (2 digits) + the item's sequence (3 digits) + `000`.
 * Marked `demo_code` in the catalog; never shown as a real code.
 */
export function syntheticBasicCode(opts: {
  itemType: string | null;
  departmentIndex: number;
  sequence: number;
}): string {
  const type = (opts.itemType && ITEM_TYPE_CODES[opts.itemType]) ?? '00';
  if (!Number.isInteger(opts.departmentIndex) || opts.departmentIndex < 0 || opts.departmentIndex > 99)
    throw new CatalogCodeError('department index must be 0–99');
  if (!Number.isInteger(opts.sequence) || opts.sequence < 0 || opts.sequence > 999)
    throw new CatalogCodeError('sequence must be 0–999');
  return `32${type}${String(opts.departmentIndex).padStart(2, '0')}${String(opts.sequence).padStart(3, '0')}000`;
}
