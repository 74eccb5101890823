export {
  createWorkingDayCalendar,
  CalendarGapError,
  CalendarDataError,
  type CalendarYear,
  type CalendarHoliday,
  type DayKind,
  type DayInfo,
  type AddWorkingDaysOptions,
  type AddWorkingDaysResult,
  type WorkingDayCalendar,
} from './working-days.ts';
export { parseIsoDate, shanghaiDate, InvalidIsoDateError, type IsoDateParts } from './iso-date.ts';
export { loadSharedHolidays } from './holiday-data.ts';
export { officialCalendarYears, createOfficialCalendar } from './official-calendar.ts';
