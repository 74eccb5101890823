import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every time is shown in China Standard Time, whatever zone the browser or the server runs in. */
export const TIME_ZONE = 'Asia/Shanghai';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** An instant as a dayjs value in Asia/Shanghai (date-only strings stay that calendar day). */
export function inShanghai(value: string | number | Date): dayjs.Dayjs {
  if (typeof value === 'string' && DATE_ONLY.test(value)) return dayjs.tz(value, TIME_ZONE);
  return dayjs(value).tz(TIME_ZONE);
}

/** `2026-11-27 09:30` in Asia/Shanghai; a dash for nothing. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? inShanghai(value).format('YYYY-MM-DD HH:mm') : value;
}

/** `2026-11-27 09:30:05` in Asia/Shanghai (scan records, key rotations). */
export function formatDateTimeSeconds(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? inShanghai(value).format('YYYY-MM-DD HH:mm:ss') : value;
}

/** The calendar day in Asia/Shanghai; `YYYY-MM-DD` strings are shown as they are. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (DATE_ONLY.test(value)) return value;
  const d = dayjs(value);
  return d.isValid() ? inShanghai(value).format('YYYY-MM-DD') : value;
}

/** Weekday name in the current dayjs locale (星期五 / Friday). */
export function weekday(value: string): string {
  return dayjs(value).format('dddd');
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A short "browser · OS" label from a User-Agent string, good enough to recognise a device. */
export function describeUserAgent(ua: string | null | undefined): string | undefined {
  if (!ua) return undefined;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /MicroMessenger/i.test(ua)
      ? 'WeChat'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /(Chrome|Chromium|HeadlessChrome)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : undefined;
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad|iOS/.test(ua)
        ? 'iOS'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /HarmonyOS/i.test(ua)
            ? 'HarmonyOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : undefined;
  if (!browser && !os) return ua.length > 40 ? `${ua.slice(0, 40)}…` : ua;
  return [browser, os].filter(Boolean).join(' · ');
}

/** "2027和2028" / "2027 and 2028". */
export function formatList(items: (string | number)[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items.map(String));
}

/** Today's calendar day in Asia/Shanghai, as a local dayjs date (for DatePicker defaults). */
export function todayInShanghai(): dayjs.Dayjs {
  return dayjs(dayjs().tz(TIME_ZONE).format('YYYY-MM-DD'));
}

/** A day picked in a DatePicker (local midnight) as the ISO instant of that day's start/end in Asia/Shanghai. */
export function shanghaiDayBoundary(day: dayjs.Dayjs, edge: 'start' | 'end'): string {
  const start = dayjs.tz(day.format('YYYY-MM-DD'), TIME_ZONE);
  return (edge === 'start' ? start : start.add(1, 'day').subtract(1, 'millisecond')).toISOString();
}

/** A wall-clock time picked in a DatePicker, read as Asia/Shanghai time, as an ISO instant. */
export function shanghaiWallClockToIso(value: dayjs.Dayjs): string {
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), TIME_ZONE).toISOString();
}
