import data from './cn-holidays.json' with { type: 'json' };
import { loadSharedHolidays } from './holiday-data.ts';
import { createWorkingDayCalendar, type CalendarYear, type WorkingDayCalendar } from './working-days.ts';

/**
 * The official calendar years bundled with the kernel: a copy of shared/data/cn-holidays.json (same
 * data, Prettier-formatted; 2024–2026, from the 国务院办公厅 notices; provenance in the file's `source`
 * and `note`). Bundled so a fresh install counts deadlines correctly without configuration. When a new notice comes out
 * (usually October–December), add the year to cn-holidays.json and re-check the previous December.
 */
export const officialCalendarYears: readonly CalendarYear[] = loadSharedHolidays(data);

/** The calendar the platform counts deadlines on unless an operator loads newer data. */
export function createOfficialCalendar(): WorkingDayCalendar {
  return createWorkingDayCalendar(officialCalendarYears);
}
