import { AppError } from '../errors/errors.ts';

/**
 * Calendar dates as 'YYYY-MM-DD' strings and integer "epoch days" (days since 1970-01-01).
 *
 * Deadlines are dates, not instants. Doing the arithmetic on JS Date objects invites off-by-one
 * errors whenever the server's time zone is not China's, and Date.UTC maps years 0–99 to 1900–1999.
 * Plain integer arithmetic on the proleptic Gregorian calendar has neither trap.
 */

export interface IsoDateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Days since 1970-01-01. */
  readonly epochDay: number;
  /** ISO weekday: 1 = Monday … 6 = Saturday, 7 = Sunday. */
  readonly isoWeekday: number;
}

/** Thrown for a string that is not a real 'YYYY-MM-DD' date; a client's mistake, hence kind 'validation'. */
export class InvalidIsoDateError extends AppError {
  readonly value: string;

  constructor(value: string) {
    super('calendar.invalid_date', 'validation', {
      'zh-CN': `日期“${value}”无效，应为 YYYY-MM-DD 格式的真实日期`,
      en: `"${value}" is not a valid date; expected a real date as YYYY-MM-DD.`,
    });
    this.name = 'InvalidIsoDateError';
    this.value = value;
  }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The 'YYYY-MM-DD' string of an epoch day (H. Hinnant's civil_from_days). */
export function isoDateOfEpochDay(epochDay: number): string {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of an epoch day; 1970-01-01 was a Thursday. */
export function isoWeekdayOfEpochDay(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/**
 * Parses a strict 'YYYY-MM-DD' date and rejects dates that do not exist (2026-02-30, 2025-02-29),
 * which `new Date()` would silently roll over into the next month. Throws InvalidIsoDateError.
 */
export function parseIsoDate(value: string): IsoDateParts {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (m === null) throw new InvalidIsoDateError(String(value));
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    throw new InvalidIsoDateError(value);
  const epochDay = epochDayOf(year, month, day);
  return { year, month, day, epochDay, isoWeekday: isoWeekdayOfEpochDay(epochDay) };
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The calendar date in China (Asia/Shanghai) of an instant: the day an application was received or a
 * decision signed is China's date, whatever the server's time zone. Uses the fixed +08:00 offset; China
 * has had no daylight saving time since 1991 (the 1986–1991 summers are not modelled), and fixed
 * arithmetic does not depend on the host's time-zone database.
 */
export function shanghaiDate(instant: Date): string {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError('shanghaiDate: invalid Date');
  return isoDateOfEpochDay(Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS));
}
