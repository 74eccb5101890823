import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createWorkingDayCalendar,
  CalendarDataError,
  officialCalendarYears,
  parseIsoDate,
  recordAudit,
  requirePermission,
  requireSignedIn,
  defineError,
  type AnyDb,
  type CalendarYear,
  type WorkingDayCalendar,
} from '@sufu/kernel';

/**
 * The official working-day calendar as data: seeded from the State Council notices
 * bundled with the kernel, extended by an administrator each year when the next notice
 * is published. Deadlines past the last entered year are flagged, never computed as
 * if there were no holidays.
 */
type CalendarTables = {
  'calendar.years': {
    year: number;
    holidays: CalendarYear['holidays'];
    makeup_workdays: string[];
    source: string;
    entered_by: string;
    entered_at: Date;
  };
};

const CalendarErrors = {
  invalidYear: defineError('calendar.invalid_arrangement', 'unprocessable', {
    'zh-CN': '节假日安排不符合要求。',
    en: 'The holiday arrangement is not valid.',
  }),
  rangeTooLong: defineError('calendar.range_too_long', 'validation', {
    'zh-CN': '查询范围不能超过 366 天。',
    en: 'The range may not exceed 366 days.',
  }),
};

export type CalendarApi = { calendar(): Promise<WorkingDayCalendar> };

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const holiday = z.object({
  name: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(80),
  from: isoDate,
  to: isoDate,
});
const yearItem = z.object({
  year: z.number().int(),
  workingDays: z.number().int(),
  holidays: z.array(z.object({ name: z.string(), nameEn: z.string(), from: z.string(), to: z.string() })),
  makeupWorkdays: z.array(z.string()),
  source: z.string(),
  enteredBy: z.string(),
  enteredAt: z.string(),
});

function validateArrangement(year: number, holidays: CalendarYear['holidays'], makeup: string[]): string[] {
  const problems: string[] = [];
  const check = (d: string, what: string) => {
    try {
      parseIsoDate(d);
    } catch {
      problems.push(`${what}: ${d} is not a real date`);
    }
  };
  for (const h of holidays) {
    check(h.from, h.name);
    check(h.to, h.name);
    if (h.from > h.to) problems.push(`${h.name}: from is after to`);
    // A holiday period may spill into the neighbouring year (e.g. 元旦 starting 12-30).
    if (!h.from.startsWith(String(year)) && !h.to.startsWith(String(year)))
      problems.push(`${h.name}: not in ${year}`);
  }
  for (const d of makeup) {
    check(d, 'makeup');
    if (!d.startsWith(String(year))) problems.push(`makeup day ${d} is not in ${year}`);
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (!Number.isNaN(wd) && wd !== 0 && wd !== 6) problems.push(`makeup day ${d} is not a weekend day`);
  }
  return problems;
}

export function createCalendarModule(deps: { db: AnyDb }) {
  const db = deps.db as unknown as Kysely<CalendarTables>;
  let cached: { at: number; cal: WorkingDayCalendar; years: CalendarYear[] } | undefined;

  async function load() {
    if (cached && Date.now() - cached.at < 30_000) return cached;
    const rows = await db.selectFrom('calendar.years').selectAll().orderBy('year').execute();
    const years: CalendarYear[] = rows.map((r) => ({
      year: r.year,
      holidays: r.holidays,
      makeupWorkdays: r.makeup_workdays,
    }));
    cached = { at: Date.now(), cal: createWorkingDayCalendar(years), years };
    return cached;
  }

  const api: CalendarApi = { calendar: async () => (await load()).cal };

  async function seed(): Promise<number> {
    let n = 0;
    for (const y of officialCalendarYears) {
      const r = await db
        .insertInto('calendar.years')
        .values({
          year: y.year,
          holidays: sql`${JSON.stringify(y.holidays)}::jsonb` as never,
          makeup_workdays: sql`${JSON.stringify(y.makeupWorkdays)}::jsonb` as never,
          source: '国务院办公厅关于部分节假日安排的通知（随平台发布的核验数据）',
          entered_by: 'system',
          entered_at: new Date(),
        })
        .onConflict((oc) => oc.column('year').doNothing())
        .executeTakeFirst();
      n += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    cached = undefined;
    return n;
  }

  function workingDaysIn(cal: WorkingDayCalendar, year: number): number {
    return cal.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`);
  }

  const routes: FastifyPluginAsyncZod = async (app) => {
    app.get(
      '/calendar/years',
      {
        schema: {
          tags: ['calendar'],
          summary: '节假日安排 · Known years',
          response: { 200: z.object({ items: z.array(yearItem) }) },
        },
      },
      async (req) => {
        requireSignedIn(req.actor);
        const rows = await db.selectFrom('calendar.years').selectAll().orderBy('year').execute();
        const { cal } = await load();
        return {
          items: rows.map((r) => {
            let workingDays = -1;
            try {
              workingDays = workingDaysIn(cal, r.year);
            } catch {
              // The previous year is unknown: count within the year only.
              workingDays = -1;
            }
            return {
              year: r.year,
              workingDays,
              holidays: r.holidays.map((h) => ({ ...h, nameEn: h.nameEn ?? '' })),
              makeupWorkdays: r.makeup_workdays,
              source: r.source,
              enteredBy: r.entered_by,
              enteredAt: r.entered_at.toISOString(),
            };
          }),
        };
      },
    );

    app.put(
      '/calendar/years/:year',
      {
        schema: {
          tags: ['calendar'],
          summary: '录入年度节假日安排 · Enter a year',
          params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
          body: z.object({
            holidays: z.array(holiday).min(1).max(20),
            makeupWorkdays: z.array(isoDate).max(20),
            source: z.string().trim().min(4).max(300),
          }),
          response: { 200: yearItem },
        },
      },
      async (req) => {
        requirePermission(req.actor, 'calendar.manage');
        const { year } = req.params;
        const problems = validateArrangement(year, req.body.holidays, req.body.makeupWorkdays);
        // The whole calendar must still hold together with the new year (consecutive years,
        // no overlapping holidays across a year boundary) before anything is written.
        if (!problems.length) {
          const current = await db.selectFrom('calendar.years').selectAll().orderBy('year').execute();
          const candidate: CalendarYear[] = [
            ...current
              .filter((r) => r.year !== year)
              .map((r) => ({ year: r.year, holidays: r.holidays, makeupWorkdays: r.makeup_workdays })),
            { year, holidays: req.body.holidays, makeupWorkdays: req.body.makeupWorkdays },
          ].sort((a, b) => a.year - b.year);
          try {
            createWorkingDayCalendar(candidate);
          } catch (e) {
            if (e instanceof CalendarDataError) problems.push(...e.problems);
            else throw e;
          }
        }
        if (problems.length)
          throw CalendarErrors.invalidYear({
            errors: problems.map((p) => ({ path: 'body', message: { 'zh-CN': p, en: p } })),
          });
        await deps.db.transaction().execute(async (t) => {
          const trx = t as unknown as Kysely<CalendarTables>;
          const values = {
            year,
            holidays: sql`${JSON.stringify(req.body.holidays)}::jsonb` as never,
            makeup_workdays: sql`${JSON.stringify(req.body.makeupWorkdays)}::jsonb` as never,
            source: req.body.source,
            entered_by: req.actor.display,
            entered_at: new Date(),
          };
          await trx
            .insertInto('calendar.years')
            .values(values)
            .onConflict((oc) => oc.column('year').doUpdateSet(values))
            .execute();
          await recordAudit(
            t,
            { actor: req.actor, requestId: String(req.id), ip: req.ip },
            {
              action: 'calendar.year_saved',
              resourceType: 'calendar_year',
              resourceId: String(year),
              details: { holidays: req.body.holidays.length, makeupWorkdays: req.body.makeupWorkdays.length },
            },
          );
        });
        cached = undefined;
        const { cal } = await load();
        const r = await db
          .selectFrom('calendar.years')
          .selectAll()
          .where('year', '=', year)
          .executeTakeFirstOrThrow();
        let workingDays = -1;
        try {
          workingDays = workingDaysIn(cal, year);
        } catch {
          workingDays = -1;
        }
        return {
          year,
          workingDays,
          holidays: r.holidays.map((h) => ({ ...h, nameEn: h.nameEn ?? '' })),
          makeupWorkdays: r.makeup_workdays,
          source: r.source,
          enteredBy: r.entered_by,
          enteredAt: r.entered_at.toISOString(),
        };
      },
    );

    app.get(
      '/calendar/days',
      {
        schema: {
          tags: ['calendar'],
          summary: '日历 · Days in a range',
          querystring: z.object({ from: isoDate, to: isoDate }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  date: z.string(),
                  working: z.boolean(),
                  kind: z.enum(['workday', 'weekend', 'holiday', 'makeup_workday']),
                  holidayName: z.string().optional(),
                  provisional: z.boolean().optional(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        requireSignedIn(req.actor);
        parseIsoDate(req.query.from);
        parseIsoDate(req.query.to);
        const from = Date.parse(`${req.query.from}T00:00:00Z`);
        const to = Date.parse(`${req.query.to}T00:00:00Z`);
        if (to < from || (to - from) / 86_400_000 > 366) throw CalendarErrors.rangeTooLong();
        const { cal } = await load();
        const items = [];
        for (let t = from; t <= to; t += 86_400_000) {
          const d = new Date(t).toISOString().slice(0, 10);
          try {
            const info = cal.dayInfo(d);
            items.push({
              date: info.date,
              working: info.working,
              kind: info.kind,
              ...(info.holidayName ? { holidayName: info.holidayName } : {}),
            });
          } catch {
            // No notice entered for that year yet: show the plain week, marked provisional.
            const wd = new Date(t).getUTCDay();
            const weekend = wd === 0 || wd === 6;
            items.push({
              date: d,
              working: !weekend,
              kind: weekend ? ('weekend' as const) : ('workday' as const),
              provisional: true,
            });
          }
        }
        return { items };
      },
    );

    app.get(
      '/calendar/add-working-days',
      {
        schema: {
          tags: ['calendar'],
          summary: '按工作日计算期限 · Deadline in working days',
          querystring: z.object({ from: isoDate, days: z.coerce.number().int().min(0).max(2000) }),
          response: {
            200: z.object({
              from: z.string(),
              days: z.number(),
              due: z.string(),
              beyondKnownCalendar: z.boolean(),
              unknownYears: z.array(z.number()),
            }),
          },
        },
      },
      async (req) => {
        requireSignedIn(req.actor);
        parseIsoDate(req.query.from);
        const { cal } = await load();
        const r = cal.addWorkingDays(req.query.from, req.query.days, { allowBeyond: true });
        return {
          from: req.query.from,
          days: req.query.days,
          due: r.due,
          beyondKnownCalendar: r.beyondKnownCalendar,
          unknownYears: [...r.unknownYears],
        };
      },
    );

    app.get(
      '/calendar/working-days-between',
      {
        schema: {
          tags: ['calendar'],
          summary: '工作日天数 · Working days between',
          querystring: z.object({ from: isoDate, to: isoDate }),
          response: { 200: z.object({ from: z.string(), to: z.string(), workingDays: z.number() }) },
        },
      },
      async (req) => {
        requireSignedIn(req.actor);
        parseIsoDate(req.query.from);
        parseIsoDate(req.query.to);
        const { cal } = await load();
        return {
          from: req.query.from,
          to: req.query.to,
          workingDays: cal.workingDaysBetween(req.query.from, req.query.to),
        };
      },
    );
  };

  return { api, routes, seed };
}

export type CalendarModule = ReturnType<typeof createCalendarModule>;
