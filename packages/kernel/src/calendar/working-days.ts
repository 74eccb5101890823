import { AppError } from '../errors/errors.ts';
import { isoDateOfEpochDay, isoWeekdayOfEpochDay, parseIsoDate, epochDayOf } from './iso-date.ts';

/**
 * Working-day arithmetic on the official mainland-China calendar (国务院办公厅 annual holiday notices):
 * statutory holidays are days off even on weekdays, and 调休 make-up days are working days even on
 * weekends. Legal and promised time limits (法定时限 / 承诺时限) are counted this way.
 */

/** One off-period exactly as the annual notice states it; from/to are inclusive China dates. */
export type CalendarHoliday = { name: string; nameEn: string; from: string; to: string };

/** One year of the official calendar; the same shape as a year in shared/data/cn-holidays.json. */
export type CalendarYear = {
  year: number;
  holidays: CalendarHoliday[];
  /** Weekend days the notice makes working days, listed under the year they fall in. */
  makeupWorkdays: string[];
};

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  readonly date: string;
  readonly working: boolean;
  readonly kind: DayKind;
  /** Set for kind 'holiday', e.g. 国庆节、中秋节. */
  readonly holidayName?: string;
  readonly holidayNameEn?: string;
}

export interface AddWorkingDaysOptions {
  /**
   * false (default): throw CalendarGapError when the count reaches a year without holiday data.
   * true: keep counting there on the plain Monday–Friday rule and return a flagged result, for screens
   * that must show a provisional date ("预计, subject to the 2027 holiday notice") instead of nothing.
   */
  readonly allowBeyond?: boolean;
}

/** A deadline that may have been computed past the known calendar; check the flag before promising it. */
export interface AddWorkingDaysResult {
  readonly due: string;
  /** True when any counted day lies in a year without holiday data, so `due` is provisional. */
  readonly beyondKnownCalendar: boolean;
  /** Those years, ascending; empty when `beyondKnownCalendar` is false. */
  readonly unknownYears: readonly number[];
}

export interface WorkingDayCalendar {
  /** Whether staff work on this date. Throws CalendarGapError for a year without data. */
  isWorkingDay(date: string): boolean;
  /** What kind of day this is and why. Throws CalendarGapError for a year without data. */
  dayInfo(date: string): DayInfo;
  /**
   * The date on which a time limit of `n` working days ends, counted from `start`.
   *
   * Counting rule (行政许可法 第八十二条, and 民法典 第二百零一条 for periods in general): the day of the
   * triggering event (receipt, acceptance) is not counted; counting starts on the next day, and only
   * working days count. So the due date is the n-th working day after `start`, and it is always a
   * working day for n ≥ 1 (a limit never ends on a holiday). n = 0 returns `start` unchanged.
   * Example: 1 working day from 2025-09-30 is 2025-10-09, after the National Day break.
   *
   * Throws CalendarGapError if any counted day falls in a year without holiday data, unless
   * `{ allowBeyond: true }` is given (then a flagged result is returned instead of a string).
   */
  addWorkingDays(start: string, n: number, options?: { readonly allowBeyond?: false }): string;
  addWorkingDays(start: string, n: number, options: { readonly allowBeyond: true }): AddWorkingDaysResult;
  addWorkingDays(start: string, n: number, options: AddWorkingDaysOptions): string | AddWorkingDaysResult;
  /**
   * Working days in the half-open interval (from, to]: the same counting as addWorkingDays, so
   * `workingDaysBetween(s, addWorkingDays(s, n)) === n`. Used for "days used / days left" on a case.
   * When `to` is before `from` the result is the negative count of (to, from], e.g. a case 3 working
   * days overdue shows -3 from the due date back to today. Throws CalendarGapError if the interval
   * touches a year without data.
   */
  workingDaysBetween(from: string, to: string): number;
  /** The years with holiday data, so an operator screen can warn before the last year runs out. */
  knownRange(): { readonly firstYear: number; readonly lastYear: number };
}

/**
 * Thrown when a computation needs a year whose holiday notice is not loaded. Counting such a year on
 * the plain Monday–Friday rule would silently give wrong deadlines (the Spring Festival week alone is
 * 3–5 working days), so it is an error by default. Kind 'unprocessable' (422): the request is well formed but the
 * platform lacks data until an operator loads the new notice.
 */
export class CalendarGapError extends AppError {
  override readonly code = 'calendar.year_unknown' as const;
  readonly year: number;

  constructor(year: number) {
    super('calendar.year_unknown', 'unprocessable', {
      'zh-CN': `工作日历中尚无${year}年的节假日安排，暂时无法按工作日计算期限`,
      en: `The working-day calendar has no holiday arrangement for ${year} yet, so working days cannot be counted there.`,
    });
    this.name = 'CalendarGapError';
    this.year = year;
  }
}

/** Holiday data that cannot be right (typos in dates, a make-up day on a Tuesday …); lists every problem. */
export class CalendarDataError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid working-day calendar data:\n- ${problems.join('\n- ')}`);
    this.name = 'CalendarDataError';
    this.problems = problems;
  }
}

/** Guards against runaway loops; the longest statutory limits are a few hundred working days. */
const MAX_WORKING_DAYS = 10_000;

type Special =
  | { readonly kind: 'holiday'; readonly name: string; readonly nameEn: string }
  | { readonly kind: 'makeup_workday' };

function tryParse(date: string, where: string, problems: string[]): number | undefined {
  try {
    return parseIsoDate(date).epochDay;
  } catch {
    problems.push(`${where}: "${String(date)}" is not a valid YYYY-MM-DD date`);
    return undefined;
  }
}

function isWeekend(epochDay: number): boolean {
  return isoWeekdayOfEpochDay(epochDay) >= 6;
}

/**
 * Builds a calendar from consecutive years of official data. The data is checked up front (valid
 * dates, make-up days on weekends and inside their year, no overlaps, no missing year in between) and
 * every problem is reported at once, because a wrong holiday silently shifts every deadline.
 */
export function createWorkingDayCalendar(years: readonly CalendarYear[]): WorkingDayCalendar {
  const problems: string[] = [];
  if (years.length === 0) throw new CalendarDataError(['no years given']);

  const sorted = [...years].sort((a, b) => a.year - b.year);
  for (const y of sorted) {
    if (!Number.isSafeInteger(y.year) || y.year < 1 || y.year > 9999)
      problems.push(`year ${y.year}: not a year`);
  }
  for (let i = 1; i < sorted.length; i++) {
    const prev = (sorted[i - 1] as CalendarYear).year;
    const cur = (sorted[i] as CalendarYear).year;
    if (cur === prev) problems.push(`year ${cur}: listed twice`);
    else if (cur !== prev + 1)
      problems.push(`years ${prev + 1}–${cur - 1}: missing between ${prev} and ${cur}`);
  }
  if (problems.length > 0) throw new CalendarDataError(problems);

  const special = new Map<number, Special>();
  for (const y of sorted) {
    for (const [index, h] of y.holidays.entries()) {
      const where = `${y.year} holiday #${index + 1} (${h.name})`;
      if (typeof h.name !== 'string' || h.name === '' || typeof h.nameEn !== 'string' || h.nameEn === '') {
        problems.push(`${where}: name and nameEn are required`);
      }
      const from = tryParse(h.from, `${where} from`, problems);
      const to = tryParse(h.to, `${where} to`, problems);
      if (from === undefined || to === undefined) continue;
      if (from > to) {
        problems.push(`${where}: from ${h.from} is after to ${h.to}`);
        continue;
      }
      if (!h.from.startsWith(String(y.year)) && !h.to.startsWith(String(y.year))) {
        problems.push(`${where}: ${h.from}..${h.to} does not touch ${y.year}`);
      }
      for (let d = from; d <= to; d++) {
        if (special.has(d)) problems.push(`${where}: ${isoDateOfEpochDay(d)} is already in another holiday`);
        special.set(d, { kind: 'holiday', name: h.name, nameEn: h.nameEn });
      }
    }
  }
  for (const y of sorted) {
    for (const date of y.makeupWorkdays) {
      const where = `${y.year} make-up workday ${String(date)}`;
      const d = tryParse(date, where, problems);
      if (d === undefined) continue;
      if (!date.startsWith(`${y.year}-`)) problems.push(`${where}: not in ${y.year}`);
      if (!isWeekend(d)) problems.push(`${where}: not a Saturday or Sunday, so it cannot be a make-up day`);
      const existing = special.get(d);
      if (existing?.kind === 'holiday') problems.push(`${where}: inside holiday ${existing.name}`);
      else if (existing?.kind === 'makeup_workday') problems.push(`${where}: listed twice`);
      special.set(d, { kind: 'makeup_workday' });
    }
  }
  if (problems.length > 0) throw new CalendarDataError(problems);

  const firstYear = (sorted[0] as CalendarYear).year;
  const lastYear = (sorted[sorted.length - 1] as CalendarYear).year;
  const lo = epochDayOf(firstYear, 1, 1);
  const hi = epochDayOf(lastYear + 1, 1, 1); // exclusive

  const classify = (
    d: number,
  ): { working: boolean; kind: DayKind; holiday?: { name: string; nameEn: string } } => {
    const s = special.get(d);
    if (s?.kind === 'holiday') return { working: false, kind: 'holiday', holiday: s };
    if (s?.kind === 'makeup_workday') return { working: true, kind: 'makeup_workday' };
    return isWeekend(d) ? { working: false, kind: 'weekend' } : { working: true, kind: 'workday' };
  };

  // cumulative[i] = working days in [lo, lo + i); makes workingDaysBetween O(1) over any span.
  const cumulative = new Int32Array(hi - lo + 1);
  for (let d = lo; d < hi; d++)
    cumulative[d - lo + 1] = (cumulative[d - lo] as number) + (classify(d).working ? 1 : 0);

  const yearOf = (d: number): number => Number(isoDateOfEpochDay(d).slice(0, 4));
  function dayInfo(date: string): DayInfo {
    const d = parseIsoDate(date).epochDay;
    if (d < lo || d >= hi) throw new CalendarGapError(yearOf(d));
    const c = classify(d);
    const info: DayInfo = { date: isoDateOfEpochDay(d), working: c.working, kind: c.kind };
    return c.holiday ? { ...info, holidayName: c.holiday.name, holidayNameEn: c.holiday.nameEn } : info;
  }

  function addWorkingDays(start: string, n: number, options?: { readonly allowBeyond?: false }): string;
  function addWorkingDays(
    start: string,
    n: number,
    options: { readonly allowBeyond: true },
  ): AddWorkingDaysResult;
  function addWorkingDays(
    start: string,
    n: number,
    options: AddWorkingDaysOptions,
  ): string | AddWorkingDaysResult;
  function addWorkingDays(
    start: string,
    n: number,
    options: AddWorkingDaysOptions = {},
  ): string | AddWorkingDaysResult {
    const startDay = parseIsoDate(start).epochDay;
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
      throw new RangeError(`addWorkingDays: n must be an integer from 0 to ${MAX_WORKING_DAYS}, got ${n}`);
    }
    const allowBeyond = options.allowBeyond === true;
    const unknownYears = new Set<number>();
    let d = startDay;
    for (let remaining = n; remaining > 0;) {
      d++;
      let working: boolean;
      if (d >= lo && d < hi) {
        working = classify(d).working;
      } else if (allowBeyond) {
        unknownYears.add(yearOf(d));
        working = !isWeekend(d);
      } else {
        throw new CalendarGapError(yearOf(d));
      }
      if (working) remaining--;
    }
    const due = isoDateOfEpochDay(d);
    if (!allowBeyond) return due;
    const years = [...unknownYears].sort((a, b) => a - b);
    return { due, beyondKnownCalendar: years.length > 0, unknownYears: years };
  }

  function workingDaysBetween(from: string, to: string): number {
    const a = parseIsoDate(from).epochDay;
    const b = parseIsoDate(to).epochDay;
    if (a === b) return 0;
    const [low, high, sign] = a < b ? [a, b, 1] : [b, a, -1];
    // Days counted: low+1 … high. The day `low` itself is not counted, so it may lie outside the data.
    // Report the first unknown day met when counting forward, as addWorkingDays does.
    if (low + 1 < lo) throw new CalendarGapError(yearOf(low + 1));
    if (high >= hi) throw new CalendarGapError(yearOf(Math.max(low + 1, hi)));
    const count = (cumulative[high + 1 - lo] as number) - (cumulative[low + 1 - lo] as number);
    return count === 0 ? 0 : sign * count; // never -0, which prints as 0 but fails equality checks
  }

  return {
    isWorkingDay: (date) => dayInfo(date).working,
    dayInfo,
    addWorkingDays,
    workingDaysBetween,
    knownRange: () => ({ firstYear, lastYear }),
  };
}
