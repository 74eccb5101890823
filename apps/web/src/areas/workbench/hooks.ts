import { apiUrl, useQuery } from '../../api/hooks.ts';
import type { CalendarDay, DueDate } from '../../api/types.ts';

/** Due date after `days` working days from `from` (null: nothing asked yet). */
export const useDueDate = (ask: { from: string; days: number } | null) =>
  useQuery<DueDate>(ask ? apiUrl('/calendar/add-working-days', ask) : null);

/** Official calendar days in [from, to] (inclusive, YYYY-MM-DD). */
export const useCalendarDays = (from: string, to: string) =>
  useQuery<{ items: CalendarDay[] }>(apiUrl('/calendar/days', { from, to }));
