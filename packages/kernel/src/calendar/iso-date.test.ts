import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidIsoDateError, isoDateOfEpochDay, parseIsoDate, shanghaiDate } from './iso-date.ts';

describe('shanghaiDate', () => {
  it('gives the China date of an instant, which is a day ahead late in the UTC evening', () => {
    expect(shanghaiDate(new Date('2025-09-30T17:00:00Z'))).toBe('2025-10-01');
    expect(shanghaiDate(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    expect(shanghaiDate(new Date('2025-09-30T16:00:00Z'))).toBe('2025-10-01');
    expect(shanghaiDate(new Date('2025-10-01T00:30:00+08:00'))).toBe('2025-10-01');
  });

  it('handles instants before 1970 and year ends', () => {
    expect(shanghaiDate(new Date('1969-12-31T15:59:59Z'))).toBe('1969-12-31');
    expect(shanghaiDate(new Date('1969-12-31T16:00:00Z'))).toBe('1970-01-01');
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('agrees with the time-zone database for recent instants', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1992-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          expect(shanghaiDate(d)).toBe(fmt.format(d));
        },
      ),
    );
  });

  it('refuses an invalid Date instead of returning NaN-NaN-NaN', () => {
    expect(() => shanghaiDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('parseIsoDate', () => {
  it('accepts real dates and reports the ISO weekday', () => {
    expect(parseIsoDate('2025-09-28')).toMatchObject({ year: 2025, month: 9, day: 28, isoWeekday: 7 });
    expect(parseIsoDate('2024-02-29')).toMatchObject({ isoWeekday: 4 });
    expect(parseIsoDate('1970-01-01')).toMatchObject({ epochDay: 0, isoWeekday: 4 });
  });

  it('rejects dates that do not exist and loose formats, with a validation error users can read', () => {
    for (const bad of [
      '2026-02-30',
      '2025-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-9-1',
      '2025-09-01T00:00',
      '20250901',
      '',
      ' 2025-09-01',
    ]) {
      expect(() => parseIsoDate(bad), bad).toThrow(InvalidIsoDateError);
    }
    let error: unknown;
    try {
      parseIsoDate('2026-02-30');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'calendar.invalid_date', kind: 'validation', status: 400 });
    expect((error as InvalidIsoDateError).messages['zh-CN']).toContain('2026-02-30');
  });

  it('round-trips every day and agrees with the UTC calendar of JS Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 80_000 }), (epochDay) => {
        const iso = isoDateOfEpochDay(epochDay);
        expect(iso).toBe(new Date(epochDay * 86_400_000).toISOString().slice(0, 10));
        expect(parseIsoDate(iso).epochDay).toBe(epochDay);
        expect(parseIsoDate(iso).isoWeekday).toBe(
          ((new Date(epochDay * 86_400_000).getUTCDay() + 6) % 7) + 1,
        );
      }),
    );
  });
});
