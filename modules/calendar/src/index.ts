/** The calendar module: the official working-day calendar as editable data. */
export { createCalendarModule, type CalendarModule, type CalendarApi } from './calendar.module.ts';
export { calendarMigrations } from '../migrations/index.ts';
