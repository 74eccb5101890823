import { shanghaiDate, type WorkingDayCalendar } from '@sufu/kernel';

/**
 * Time limits of a case on the official calendar. The limit runs from acceptance; the day
 * of acceptance is not counted (行政许可法 第八十二条); working days spent suspended for a
 * special procedure (特别程序) extend it. Colours: yellow from 80 % of the limit, red once overdue.
 */
export type Sla = {
  limitDays: number;
  unit: 'working_days' | 'days';
  acceptedOn: string;
  dueDate: string;
  warnDate: string;
  /** Days used so far (suspension excluded). */
  elapsed: number;
  /** Days left until the due date; negative when overdue. */
  remaining: number;
  colour: 'green' | 'yellow' | 'red';
  /** Set while suspended: the clock is stopped. */
  suspended: boolean;
  /** A due date counted into a year whose holiday notice is not yet published. */
  provisional: boolean;
};

const DAY_MS = 86_400_000;
const addCalendarDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const calendarDaysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Due and warning dates for a limit counted from `start` (plus `extraDays` of suspension). */
export function deadlines(
  cal: WorkingDayCalendar,
  start: string,
  limitDays: number,
  unit: 'working_days' | 'days',
  extraDays = 0,
): { dueDate: string; warnDate: string; provisional: boolean } {
  const warnAt = Math.max(1, Math.ceil(limitDays * 0.8)) + extraDays;
  const dueAt = limitDays + extraDays;
  if (unit === 'days') {
    return {
      dueDate: addCalendarDays(start, dueAt),
      warnDate: addCalendarDays(start, warnAt),
      provisional: false,
    };
  }
  const due = cal.addWorkingDays(start, dueAt, { allowBeyond: true });
  const warn = cal.addWorkingDays(start, warnAt, { allowBeyond: true });
  return { dueDate: due.due, warnDate: warn.due, provisional: due.beyondKnownCalendar };
}

/** Days between two dates in the limit's unit (working days on the calendar, or plain days). */
export function daysBetween(
  cal: WorkingDayCalendar,
  unit: 'working_days' | 'days',
  from: string,
  to: string,
): number {
  if (unit === 'days') return calendarDaysBetween(from, to);
  try {
    return cal.workingDaysBetween(from, to);
  } catch {
    // Beyond the published calendar: count Monday to Friday.
    let n = 0;
    const sign = from <= to ? 1 : -1;
    for (let d = from; d !== to;) {
      d = addCalendarDays(d, sign);
      const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (wd !== 0 && wd !== 6) n += sign;
    }
    return n;
  }
}

export function slaOf(
  cal: WorkingDayCalendar,
  c: {
    limitDays: number | null;
    unit: 'working_days' | 'days';
    acceptedAt: Date | null;
    dueDate: string | null;
    warnDate: string | null;
    suspendedSince: Date | null;
    suspendedDays: number;
    concludedAt: Date | null;
  },
  now: Date,
): Sla | null {
  if (c.limitDays === null || !c.acceptedAt || !c.dueDate || !c.warnDate) return null;
  const acceptedOn = shanghaiDate(c.acceptedAt);
  // The clock stops at conclusion, and while suspended.
  const end = shanghaiDate(c.concludedAt ?? c.suspendedSince ?? now);
  const elapsed = Math.max(0, daysBetween(cal, c.unit, acceptedOn, end) - c.suspendedDays);
  const remaining = daysBetween(cal, c.unit, end, c.dueDate);
  const colour = end > c.dueDate ? 'red' : end >= c.warnDate ? 'yellow' : 'green';
  return {
    limitDays: c.limitDays,
    unit: c.unit,
    acceptedOn,
    dueDate: c.dueDate,
    warnDate: c.warnDate,
    elapsed,
    remaining,
    colour,
    suspended: c.suspendedSince !== null && c.concludedAt === null,
    provisional: false,
  };
}
