import fs from 'node:fs';
import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { childrenOf, findDivision, type JiangsuDivision } from '@sufu/china-ids';
import { requirePermission, requireSignedIn, type AnyDb } from '@sufu/kernel';
import type { DirectoryTables } from './directory.tables.ts';
import { demoDepartments, type DepartmentSeed } from './department.ts';

export type DepartmentInfo = {
  id: string;
  name: string;
  nameEn: string;
  regionCode: string;
  level: 'province' | 'city' | 'county';
  kind: string;
  creditCode: string;
};

/** What other modules may ask of the directory. */
export type DirectoryApi = {
  describeDepartments(ids: string[]): Promise<Map<string, DepartmentInfo>>;
  listDepartments(): Promise<DepartmentInfo[]>;
  countByCity(): Promise<Map<string, number>>;
};

export type CityCounts = Map<string, { persons: number; organisations: number; staff: number }>;

const regionItem = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  level: z.enum(['province', 'city', 'county']),
  parentCode: z.string().nullable(),
  childCount: z.number().int(),
});

const departmentItem = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  level: z.enum(['province', 'city', 'county']),
  regionCode: z.string(),
  regionName: z.string().nullable(),
});

const cityStats = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  persons: z.number(),
  organisations: z.number(),
  departments: z.number(),
  staff: z.number(),
});

const toRegion = (d: JiangsuDivision) => ({
  code: d.code,
  name: d.name,
  nameEn: d.nameEn,
  level: d.level,
  parentCode: d.parentCode,
  childCount: childrenOf(d.code).length,
});

/**
 * The directory of government bodies and administrative divisions: who the departments
 * are, where they sit, and the per-city overview. Departments are reference data that
 * every other module scopes its records by.
 */
export function createDirectoryModule(deps: { db: AnyDb; counts?: () => Promise<CityCounts> }) {
  const db = deps.db as unknown as Kysely<DirectoryTables>;
  const toInfo = (r: Selectable<DirectoryTables['directory.departments']>): DepartmentInfo => ({
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    regionCode: r.region_code,
    level: r.level,
    kind: r.kind,
    creditCode: r.credit_code,
  });

  const api: DirectoryApi = {
    async describeDepartments(ids) {
      const unique = [...new Set(ids)].filter((i) => i.length <= 64);
      if (unique.length === 0) return new Map();
      const rows = await db
        .selectFrom('directory.departments')
        .selectAll()
        .where('id', 'in', unique)
        .execute();
      return new Map(rows.map((r) => [r.id, toInfo(r)]));
    },
    async listDepartments() {
      const rows = await db
        .selectFrom('directory.departments')
        .selectAll()
        .orderBy('region_code')
        .orderBy('id')
        .execute();
      return rows.map(toInfo);
    },
    async countByCity() {
      const rows = await db
        .selectFrom('directory.departments')
        .select([sql<string>`substr(region_code, 1, 4) || '00'`.as('city'), sql<string>`count(*)`.as('n')])
        .where('level', '!=', 'province')
        .groupBy(sql`1`)
        .execute();
      return new Map(rows.map((r) => [r.city, Number(r.n)]));
    },
  };

  /**
   * Loads departments: the provincial bodies (names from the service-item data) are
   * reference data loaded on every install; the city and county bureaus are demo data.
   * Credit codes are synthetic until an administrator enters the real ones.
   */
  async function seed(serviceItemsPath: string, which: 'provincial' | 'all'): Promise<number> {
    const source = JSON.parse(fs.readFileSync(serviceItemsPath, 'utf8')) as {
      departments: { code: string; name: string; nameEn: string }[];
    };
    const seeds: DepartmentSeed[] = demoDepartments(source.departments).filter(
      (d) => which === 'all' || d.level === 'province',
    );
    for (let i = 0; i < seeds.length; i += 200) {
      await db
        .insertInto('directory.departments')
        .values(
          seeds.slice(i, i + 200).map((d) => ({
            id: d.id,
            credit_code: d.creditCode,
            name: d.name,
            name_en: d.nameEn,
            level: d.level,
            region_code: d.regionCode,
            kind: d.kind,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    return seeds.length;
  }

  const routes: FastifyPluginAsyncZod = async (app) => {
    app.get(
      '/regions',
      {
        schema: {
          tags: ['directory'],
          summary: '行政区划 · Administrative divisions (GB/T 2260)',
          querystring: z.object({
            parent: z
              .string()
              .regex(/^\d{6}$/)
              .optional(),
          }),
          response: { 200: z.object({ items: z.array(regionItem) }) },
        },
      },
      async (req) => {
        if (!req.query.parent) return { items: [toRegion(findDivision('320000')!)] };
        return { items: childrenOf(req.query.parent).map(toRegion) };
      },
    );

    app.get(
      '/departments',
      {
        schema: {
          tags: ['directory'],
          summary: '部门名录 · Departments',
          querystring: z.object({
            regionCode: z
              .string()
              .regex(/^\d{6}$/)
              .optional(),
            q: z.string().trim().max(40).optional(),
            page: z.coerce.number().int().min(1).max(10_000).default(1),
            pageSize: z.coerce.number().int().min(1).max(500).default(20),
          }),
          response: { 200: z.object({ items: z.array(departmentItem), total: z.number().int() }) },
        },
      },
      async (req) => {
        requireSignedIn(req.actor);
        requirePermission(req.actor, 'directory.read');
        let q = db.selectFrom('directory.departments');
        if (req.query.regionCode) {
          const code = req.query.regionCode;
          const prefix = /^\d{2}0000$/.test(code)
            ? code.slice(0, 2)
            : /^\d{4}00$/.test(code)
              ? code.slice(0, 4)
              : code;
          q = q.where('region_code', 'like', `${prefix}%`);
        }
        if (req.query.q) q = q.where('name', 'like', `%${req.query.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`);
        const total = await q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
        const rows = await q
          .selectAll()
          .orderBy(sql`case level when 'province' then 0 when 'city' then 1 else 2 end`)
          .orderBy('region_code')
          .orderBy('id')
          .limit(req.query.pageSize)
          .offset((req.query.page - 1) * req.query.pageSize)
          .execute();
        return {
          items: rows.map((r) => ({
            id: r.id,
            code: r.credit_code,
            name: r.name,
            nameEn: r.name_en,
            level: r.level,
            regionCode: r.region_code,
            regionName: findDivision(r.region_code)?.name ?? null,
          })),
          total: Number(total.n),
        };
      },
    );

    app.get(
      '/stats/overview',
      {
        schema: {
          tags: ['directory'],
          summary: '运行概览 · Overview per city',
          response: {
            200: z.object({
              cities: z.array(cityStats),
              totals: z.object({
                persons: z.number(),
                organisations: z.number(),
                departments: z.number(),
                staff: z.number(),
              }),
            }),
          },
        },
      },
      async (req) => {
        requirePermission(req.actor, 'stats.read');
        const depts = await api.countByCity();
        const counts: CityCounts = deps.counts ? await deps.counts() : new Map();
        const cities = childrenOf('320000').map((c) => ({
          code: c.code,
          name: c.name,
          nameEn: c.nameEn,
          persons: counts.get(c.code)?.persons ?? 0,
          organisations: counts.get(c.code)?.organisations ?? 0,
          departments: depts.get(c.code) ?? 0,
          staff: counts.get(c.code)?.staff ?? 0,
        }));
        const sum = (k: 'persons' | 'organisations' | 'departments' | 'staff') =>
          cities.reduce((a, c) => a + c[k], 0);
        return {
          cities,
          totals: {
            persons: sum('persons'),
            organisations: sum('organisations'),
            departments: sum('departments'),
            staff: sum('staff'),
          },
        };
      },
    );
  };

  return {
    api,
    routes,
    seedProvincial: (p: string) => seed(p, 'provincial'),
    seedDemo: (p: string) => seed(p, 'all'),
  };
}

export type DirectoryModule = ReturnType<typeof createDirectoryModule>;
