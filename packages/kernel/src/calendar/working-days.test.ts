import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { loadSharedHolidays } from './holiday-data.ts';
import { isoDateOfEpochDay, parseIsoDate } from './iso-date.ts';
import { createOfficialCalendar, officialCalendarYears } from './official-calendar.ts';
import {
  CalendarDataError,
  CalendarGapError,
  createWorkingDayCalendar,
  type CalendarYear,
} from './working-days.ts';

// Every expected date below was checked by hand against cn-holidays.json (2024–2026 notices).
const cal = createOfficialCalendar();

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('the official calendar, day by day', () => {
  it('2025 National Day + Mid-Autumn: 10-01..10-08 off, make-up Sunday 09-28 and Saturday 10-11 worked', () => {
    for (let d = 1; d <= 8; d++) {
      expect(cal.dayInfo(`2025-10-0${d}`)).toMatchObject({
        working: false,
        kind: 'holiday',
        holidayName: '国庆节、中秋节',
        holidayNameEn: 'National Day and Mid-Autumn Festival',
      });
    }
    expect(cal.dayInfo('2025-09-28')).toEqual({ date: '2025-09-28', working: true, kind: 'makeup_workday' });
    expect(cal.isWorkingDay('2025-10-11')).toBe(true);
    expect(cal.dayInfo('2025-10-09')).toEqual({ date: '2025-10-09', working: true, kind: 'workday' });
    expect(cal.dayInfo('2025-10-12')).toEqual({ date: '2025-10-12', working: false, kind: 'weekend' });
    expect(cal.isWorkingDay('2025-09-27')).toBe(false); // the Saturday before is an ordinary weekend
  });

  it('2026 Spring Festival: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked', () => {
    expect(cal.dayInfo('2026-02-15')).toMatchObject({ kind: 'holiday', holidayName: '春节' });
    expect(cal.dayInfo('2026-02-23')).toMatchObject({ kind: 'holiday', holidayName: '春节' }); // a Monday
    expect(cal.dayInfo('2026-02-24')).toMatchObject({ kind: 'workday' });
    expect(cal.dayInfo('2026-02-14')).toMatchObject({ kind: 'makeup_workday', working: true });
    expect(cal.dayInfo('2026-02-28')).toMatchObject({ kind: 'makeup_workday', working: true });
  });

  it('2024 除夕 (Friday 02-09) is a working day: the notice only encouraged a day off', () => {
    expect(cal.dayInfo('2024-02-09')).toMatchObject({ kind: 'workday', working: true });
    expect(cal.dayInfo('2024-02-10')).toMatchObject({ kind: 'holiday', holidayName: '春节' });
  });

  it('2026 New Year falls Thursday–Saturday, and Sunday 01-04 is worked', () => {
    expect(cal.dayInfo('2026-01-03')).toMatchObject({ kind: 'holiday', holidayName: '元旦' });
    expect(cal.dayInfo('2026-01-04')).toMatchObject({ kind: 'makeup_workday' });
  });

  it('normalises nothing: it rejects a date that does not exist', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(/not a valid date/);
  });
});

describe('year totals quoted in shared/data/README.md', () => {
  it.each([
    [2024, 251],
    [2025, 248],
    [2026, 248],
  ])('%i has %i working days', (year, total) => {
    expect(cal.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`)).toBe(total);
    let counted = 0;
    for (let d = parseIsoDate(`${year}-01-01`).epochDay; d <= parseIsoDate(`${year}-12-31`).epochDay; d++) {
      if (cal.isWorkingDay(isoDateOfEpochDay(d))) counted++;
    }
    expect(counted).toBe(total);
  });
});

describe('addWorkingDays (counting starts the day after)', () => {
  it('1 working day from 2025-09-30 lands on 2025-10-09, after the National Day break', () => {
    expect(cal.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
  });

  it('counts the make-up days as working days', () => {
    expect(cal.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28'); // Sunday make-up day
    expect(cal.addWorkingDays('2025-09-30', 3)).toBe('2025-10-11'); // Saturday make-up day
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(cal.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
  });

  it('a 20-working-day licence limit accepted on Monday 2025-09-15 ends on 2025-10-17', () => {
    expect(cal.addWorkingDays('2025-09-15', 20)).toBe('2025-10-17');
  });

  it('n = 0 returns the start, even on a holiday; a start on a day off counts from the next working day', () => {
    expect(cal.addWorkingDays('2025-10-03', 0)).toBe('2025-10-03');
    expect(cal.addWorkingDays('2025-10-03', 1)).toBe('2025-10-09');
    expect(cal.addWorkingDays('2025-10-12', 1)).toBe('2025-10-13');
  });

  it('can start on the last day before the known calendar, since that day is not counted', () => {
    expect(cal.addWorkingDays('2023-12-31', 1)).toBe('2024-01-02'); // 2024-01-01 is New Year's Day
  });

  it('refuses negative, fractional or absurd counts', () => {
    expect(() => cal.addWorkingDays('2025-01-01', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2025-01-01', 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2025-01-01', 1e9)).toThrow(RangeError);
  });
});

describe('workingDaysBetween counts (from, to]', () => {
  it('across National Day 2025', () => {
    // 09-28 (Sun, make-up), 09-29, 09-30, 10-09, 10-10, 10-11 (Sat, make-up)
    expect(cal.workingDaysBetween('2025-09-26', '2025-10-12')).toBe(6);
    expect(cal.workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
    expect(cal.workingDaysBetween('2025-09-30', '2025-10-09')).toBe(1);
  });

  it('is negative when to is before from, e.g. an overdue case', () => {
    expect(cal.workingDaysBetween('2025-10-12', '2025-09-26')).toBe(-6);
    expect(cal.workingDaysBetween('2025-10-09', '2025-10-09')).toBe(0);
    expect(cal.workingDaysBetween('2025-10-08', '2025-09-30')).toBe(0); // not -0
  });

  it('undoes addWorkingDays for any start and count inside the known calendar', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: parseIsoDate('2023-12-31').epochDay, max: parseIsoDate('2026-09-30').epochDay }),
        fc.integer({ min: 0, max: 60 }),
        (startDay, n) => {
          const start = isoDateOfEpochDay(startDay);
          const due = cal.addWorkingDays(start, n);
          expect(cal.workingDaysBetween(start, due)).toBe(n);
          expect(cal.workingDaysBetween(due, start)).toBe(n === 0 ? 0 : -n);
          if (n > 0) expect(cal.isWorkingDay(due)).toBe(true);
        },
      ),
    );
  });
});

describe('beyond the known calendar (2027 is not published yet)', () => {
  it('knows 2024–2026', () => {
    expect(cal.knownRange()).toEqual({ firstYear: 2024, lastYear: 2026 });
  });

  it('throws CalendarGapError for a deadline running into 2027', () => {
    expect(cal.addWorkingDays('2026-12-30', 1)).toBe('2026-12-31');
    const error = thrown(() => cal.addWorkingDays('2026-12-30', 5));
    expect(error).toBeInstanceOf(CalendarGapError);
    expect(error).toMatchObject({ code: 'calendar.year_unknown', year: 2027, kind: 'unprocessable' });
    expect((error as CalendarGapError).messages['zh-CN']).toContain('2027');
  });

  it('with allowBeyond, returns a provisional date flagged with the unknown years', () => {
    expect(cal.addWorkingDays('2026-12-30', 5, { allowBeyond: true })).toEqual({
      due: '2027-01-06', // 12-31, and 01-01, 01-04, 01-05, 01-06 on the plain Monday–Friday rule
      beyondKnownCalendar: true,
      unknownYears: [2027],
    });
    expect(cal.addWorkingDays('2025-09-30', 1, { allowBeyond: true })).toEqual({
      due: '2025-10-09',
      beyondKnownCalendar: false,
      unknownYears: [],
    });
    expect(cal.addWorkingDays('2026-12-01', 400, { allowBeyond: true }).unknownYears).toEqual([2027, 2028]);
  });

  it('never answers for an unknown year as if it had no holidays', () => {
    expect(thrown(() => cal.isWorkingDay('2027-01-01'))).toMatchObject({ year: 2027 });
    expect(thrown(() => cal.dayInfo('2023-10-02'))).toMatchObject({ year: 2023 });
    expect(thrown(() => cal.workingDaysBetween('2026-12-01', '2027-03-01'))).toMatchObject({ year: 2027 });
    expect(thrown(() => cal.workingDaysBetween('2027-03-01', '2026-12-01'))).toMatchObject({ year: 2027 });
    expect(thrown(() => cal.workingDaysBetween('2023-12-30', '2024-01-05'))).toMatchObject({ year: 2023 });
    expect(thrown(() => cal.workingDaysBetween('2028-01-01', '2028-02-01'))).toMatchObject({ year: 2028 });
    expect(cal.workingDaysBetween('2023-12-31', '2024-01-05')).toBe(4);
  });
});

describe('calendar data checks', () => {
  const year2025 = officialCalendarYears.find((y) => y.year === 2025) as CalendarYear;

  // The shared data folder sits beside the repository on the development host only; skipped elsewhere.
  const sharedFile = new URL('../../../../../shared/data/cn-holidays.json', import.meta.url);
  it.skipIf(!existsSync(sharedFile))('the bundled copy matches shared/data/cn-holidays.json', () => {
    expect(loadSharedHolidays(JSON.parse(readFileSync(sharedFile, 'utf8')))).toEqual(officialCalendarYears);
  });

  it('rejects a make-up day that is not on a weekend, an overlap and a missing year, all at once', () => {
    const broken: CalendarYear[] = [
      { ...year2025, makeupWorkdays: [...year2025.makeupWorkdays, '2025-09-30'] },
      {
        year: 2027,
        holidays: [
          { name: 'A', nameEn: 'A', from: '2027-01-01', to: '2027-01-03' },
          { name: 'B', nameEn: 'B', from: '2027-01-03', to: '2027-01-02' },
        ],
        makeupWorkdays: [],
      },
    ];
    const error = thrown(() => createWorkingDayCalendar(broken));
    expect(error).toBeInstanceOf(CalendarDataError);
    expect((error as CalendarDataError).problems.join('\n')).toMatch(/2026.*missing/);

    const error2 = thrown(() =>
      createWorkingDayCalendar([
        {
          ...year2025,
          holidays: [...year2025.holidays, { name: 'X', nameEn: 'X', from: '2025-10-08', to: '2025-10-09' }],
          makeupWorkdays: [...year2025.makeupWorkdays, '2025-09-30', '2025-02-30'],
        },
      ]),
    );
    const problems = (error2 as CalendarDataError).problems.join('\n');
    expect(problems).toMatch(/2025-10-08 is already in another holiday/);
    expect(problems).toMatch(/2025-09-30: not a Saturday or Sunday/);
    expect(problems).toMatch(/2025-02-30.*not a valid/);
  });

  it('rejects an empty calendar and a year listed twice', () => {
    expect(() => createWorkingDayCalendar([])).toThrow(CalendarDataError);
    expect(() => createWorkingDayCalendar([year2025, year2025])).toThrow(/listed twice/);
  });

  it('loadSharedHolidays rejects a file of the wrong shape, naming each problem', () => {
    expect(() => loadSharedHolidays(null)).toThrow(CalendarDataError);
    const error = thrown(() =>
      loadSharedHolidays({
        years: { '2025': { holidays: [{ name: '元旦' }], makeupWorkdays: [20250126] }, x: {} },
      }),
    );
    expect((error as CalendarDataError).problems).toEqual([
      'years.2025.holidays[0]: expected { name, nameEn, from, to } strings',
      'years.2025.makeupWorkdays[0]: expected a date string',
      'years.x: key must be a four-digit year',
    ]);
  });

  it('a calendar built from one year works on its own', () => {
    const only2025 = createWorkingDayCalendar([year2025]);
    expect(only2025.knownRange()).toEqual({ firstYear: 2025, lastYear: 2025 });
    expect(only2025.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(() => only2025.addWorkingDays('2025-12-31', 1)).toThrow(CalendarGapError);
  });
});
