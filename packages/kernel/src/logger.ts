import pino from 'pino';

/**
 * One pino logger for the process. Request logs carry method, path (query string
 * dropped, long digit runs masked) and status — never bodies, cookies or headers that
 * could hold personal data.
 */
export type Logger = pino.Logger;

const LONG_DIGITS = /\d{6,}[\dXx]?/g;

/** Removes the query string and masks digit runs that may be ID or phone numbers. */
export function safePath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(LONG_DIGITS, (m) => `${m.slice(0, 2)}***`);
}

export function createLogger(opts: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      base: { svc: 'sufu' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'password',
          '*.password',
          'idNumber',
          '*.idNumber',
          'mobile',
          '*.mobile',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination,
  );
}
