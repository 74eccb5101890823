import dayjs from 'dayjs';

/** `2026-11-27 09:30` in the browser's time zone; a dash for nothing. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : value;
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : value;
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
