import { CalendarDataError, type CalendarHoliday, type CalendarYear } from './working-days.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Converts the shared cn-holidays.json shape (`{ years: { "2025": { holidays, makeupWorkdays } } }`) into
 * CalendarYear[], sorted by year. Only the shape is checked here, reporting every problem at once;
 * createWorkingDayCalendar then checks the dates themselves. The file is edited by hand each
 * November when the State Council notice comes out, so a typo must stop the platform loudly rather
 * than shift deadlines.
 */
export function loadSharedHolidays(json: unknown): CalendarYear[] {
  const problems: string[] = [];
  if (!isRecord(json) || !isRecord(json.years))
    throw new CalendarDataError(['expected an object with a "years" object']);

  const result: CalendarYear[] = [];
  for (const [key, raw] of Object.entries(json.years)) {
    const where = `years.${key}`;
    if (!/^\d{4}$/.test(key)) {
      problems.push(`${where}: key must be a four-digit year`);
      continue;
    }
    if (!isRecord(raw) || !Array.isArray(raw.holidays) || !Array.isArray(raw.makeupWorkdays)) {
      problems.push(`${where}: expected { holidays: [...], makeupWorkdays: [...] }`);
      continue;
    }
    const holidays: CalendarHoliday[] = [];
    for (const [i, h] of raw.holidays.entries()) {
      if (
        isRecord(h) &&
        typeof h.name === 'string' &&
        typeof h.nameEn === 'string' &&
        typeof h.from === 'string' &&
        typeof h.to === 'string'
      ) {
        holidays.push({ name: h.name, nameEn: h.nameEn, from: h.from, to: h.to });
      } else {
        problems.push(`${where}.holidays[${i}]: expected { name, nameEn, from, to } strings`);
      }
    }
    const makeupWorkdays: string[] = [];
    for (const [i, d] of raw.makeupWorkdays.entries()) {
      if (typeof d === 'string') makeupWorkdays.push(d);
      else problems.push(`${where}.makeupWorkdays[${i}]: expected a date string`);
    }
    result.push({ year: Number(key), holidays, makeupWorkdays });
  }
  if (problems.length > 0) throw new CalendarDataError(problems);
  return result.sort((a, b) => a.year - b.year);
}
