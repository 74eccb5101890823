import fs from 'node:fs';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { defineError, type AnyDb } from '@sufu/kernel';
import type { CatalogTables } from './catalog.tables.ts';
import { CatalogCodeError, implementationCode, levelOfDepartment } from './codes.ts';
import { parseSource } from './source.ts';
import {
  feedEntry,
  feedQuery,
  itemDetail,
  itemId,
  itemSummary,
  lifeEventItem,
  listQuery,
  versionItem,
  type ItemSnapshot,
} from './schemas.ts';

/**
 * The service catalog (政务服务事项目录): service items with their legal basis, time
 * limits, materials and results, published as immutable versions. The latest published
 * version is what every channel (portal, counters, connected systems via the feed) reads.
 * Implementing bodies are directory departments; their credit codes make the 实施编码.
 */
export type CatalogDirectory = {
  describeDepartments(
    ids: string[],
  ): Promise<Map<string, { name: string; level: 'province' | 'city' | 'county'; creditCode: string }>>;
};

export const CatalogErrors = {
  itemNotFound: defineError('catalog.item_not_found', 'not_found', {
    'zh-CN': '未找到该政务服务事项。',
    en: 'No such service item.',
  }),
};

/** What other modules may ask of the catalog. */
export type CatalogApi = {
  /** The latest published version of an item, or null. */
  publishedItem(id: string): Promise<{ version: number; snapshot: ItemSnapshot } | null>;
};

type Db = Kysely<CatalogTables>;

function rowOf(s: ItemSnapshot, version: number) {
  return {
    id: s.id,
    basic_code: s.basicCode,
    demo_code: s.demoCode,
    name: s.name,
    name_en: s.nameEn,
    item_type: s.itemType,
    audience: s.audience,
    department_id: s.departmentId,
    implementing_level: s.implementingLevel,
    legal_basis: sql`${JSON.stringify(s.legalBasis)}::jsonb` as never,
    legal_time_limit_days: s.legalTimeLimit.days,
    legal_time_limit_unit: s.legalTimeLimit.unit,
    legal_time_limit_text: s.legalTimeLimit.text,
    promised_time_limit_days: s.promisedTimeLimit.days,
    promised_is_demo: s.promisedTimeLimit.isDemo,
    on_site_visits: s.onSiteVisits.count,
    on_site_visits_is_demo: s.onSiteVisits.isDemo,
    fee_charged: s.fee.charged,
    fee_detail: s.fee.detail,
    materials: (s.materials === null ? null : sql`${JSON.stringify(s.materials)}::jsonb`) as never,
    materials_note: s.materialsNote,
    result_certificate: s.resultCertificate,
    source_url: s.sourceUrl,
    status: s.status,
    current_version: version,
  };
}

/** Escapes LIKE wildcards so a search term is matched literally. */
const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createCatalogModule(deps: { db: AnyDb; directory: CatalogDirectory }) {
  const db = deps.db as unknown as Db;

  /**
   * Publishes a snapshot as the item's next version (version 1 for a new item) and keeps
   * the working row equal to it. Runs inside the caller's transaction.
   */
  async function publish(trx: Transaction<CatalogTables>, s: ItemSnapshot, by: string): Promise<number> {
    const current = await trx
      .selectFrom('catalog.service_items')
      .select('current_version')
      .where('id', '=', s.id)
      .forUpdate()
      .executeTakeFirst();
    const version = (current?.current_version ?? 0) + 1;
    const row = rowOf(s, version);
    if (current) {
      await trx
        .updateTable('catalog.service_items')
        .set({ ...row, updated_at: new Date() })
        .where('id', '=', s.id)
        .execute();
    } else {
      await trx.insertInto('catalog.service_items').values(row).execute();
    }
    await trx
      .insertInto('catalog.service_item_versions')
      .values({
        item_id: s.id,
        version,
        snapshot: sql`${JSON.stringify(s)}::jsonb` as never,
        published_by: by,
      })
      .execute();
    return version;
  }

  async function latest(id: string) {
    return db
      .selectFrom('catalog.service_item_versions as v')
      .innerJoin('catalog.service_items as i', (j) =>
        j.onRef('i.id', '=', 'v.item_id').onRef('i.current_version', '=', 'v.version'),
      )
      .select(['v.version', 'v.snapshot', 'v.published_at'])
      .where('v.item_id', '=', id)
      .executeTakeFirst();
  }

  const api: CatalogApi = {
    async publishedItem(id) {
      const r = await latest(id);
      return r ? { version: r.version, snapshot: r.snapshot } : null;
    },
  };

  /**
   * Imports the shipped items and one-thing bundles; each new item is published as
   * version 1 by 'system'. Items already present are left as they are (idempotent).
   */
  async function seedDemo(serviceItemsPath: string): Promise<{ items: number; lifeEvents: number }> {
    const { items, lifeEvents } = parseSource(JSON.parse(fs.readFileSync(serviceItemsPath, 'utf8')));
    return db.transaction().execute(async (trx) => {
      const existing = new Set(
        (await trx.selectFrom('catalog.service_items').select('id').execute()).map((r) => r.id),
      );
      let n = 0;
      for (const s of items) {
        if (existing.has(s.id)) continue;
        await publish(trx, s, 'system');
        n++;
      }
      let e = 0;
      for (const le of lifeEvents) {
        const r = await trx
          .insertInto('catalog.life_events')
          .values({
            id: le.id,
            name: le.name,
            name_en: le.nameEn,
            item_ids: sql`${JSON.stringify(le.itemIds)}::jsonb` as never,
            other_steps: sql`${JSON.stringify(le.otherSteps)}::jsonb` as never,
            scope: le.scope,
            note: le.note,
            position: le.position,
          })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        e += Number(r.numInsertedOrUpdatedRows ?? 0);
      }
      return { items: n, lifeEvents: e };
    });
  }

  const routes: FastifyPluginAsyncZod = async (app) => {
    app.get(
      '/catalog/items',
      {
        schema: {
          tags: ['catalog'],
          summary: '政务服务事项检索 · Search service items',
          querystring: listQuery,
          response: {
            200: z.object({
              items: z.array(itemSummary),
              total: z.number().int(),
              page: z.number().int(),
              pageSize: z.number().int(),
            }),
          },
        },
      },
      async (req) => {
        const { q, department, audience, type, page, pageSize } = req.query;
        let query = db.selectFrom('catalog.service_items').where('status', '=', 'in_use');
        if (q) {
          const term = likeTerm(q);
          query = query.where((eb) =>
            eb.or([
              eb('name', 'ilike', term),
              eb('name_en', 'ilike', term),
              eb(sql<string>`legal_basis::text`, 'ilike', term),
            ]),
          );
        }
        if (department) query = query.where('department_id', '=', department);
        if (audience)
          query = query.where('audience', 'in', audience === 'both' ? ['both'] : [audience, 'both']);
        if (type) query = query.where('item_type', '=', type);
        const total = await query.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
        const rows = await query
          .select([
            'id',
            'basic_code',
            'demo_code',
            'name',
            'name_en',
            'item_type',
            'audience',
            'department_id',
          ])
          .select('current_version')
          .orderBy('id')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute();
        return {
          items: rows.map((r) => ({
            id: r.id,
            basicCode: r.basic_code,
            demoCode: r.demo_code,
            name: r.name,
            nameEn: r.name_en,
            itemType: r.item_type,
            audience: r.audience,
            departmentId: r.department_id,
            version: r.current_version,
          })),
          total: Number(total.n),
          page,
          pageSize,
        };
      },
    );

    app.get(
      '/catalog/items/:id',
      {
        schema: {
          tags: ['catalog'],
          summary: '事项详情（最新发布版本）· Service item, latest published version',
          params: z.object({ id: itemId }),
          response: { 200: itemDetail },
        },
      },
      async (req) => {
        const r = await latest(req.params.id);
        if (!r) throw CatalogErrors.itemNotFound();
        const s = r.snapshot;
        const dept = (await deps.directory.describeDepartments([s.departmentId])).get(s.departmentId);
        let code: string | null = null;
        if (dept) {
          try {
            code = implementationCode(dept.creditCode, levelOfDepartment(dept.level), s.basicCode);
          } catch (e) {
            if (!(e instanceof CatalogCodeError)) throw e;
          }
        }
        const demoFields = [
          ...(s.demoCode ? ['basicCode', 'implementationCode'] : []),
          ...(s.promisedTimeLimit.isDemo ? ['promisedTimeLimit'] : []),
          ...(s.onSiteVisits.isDemo ? ['onSiteVisits'] : []),
        ];
        return {
          ...s,
          version: r.version,
          publishedAt: r.published_at.toISOString(),
          departmentName: dept?.name ?? null,
          implementationCode: code,
          demoFields,
        };
      },
    );

    app.get(
      '/catalog/items/:id/versions',
      {
        schema: {
          tags: ['catalog'],
          summary: '事项发布版本 · Published versions of an item',
          params: z.object({ id: itemId }),
          response: { 200: z.object({ items: z.array(versionItem) }) },
        },
      },
      async (req) => {
        const rows = await db
          .selectFrom('catalog.service_item_versions')
          .select(['version', 'published_at', 'published_by'])
          .where('item_id', '=', req.params.id)
          .orderBy('version', 'desc')
          .execute();
        if (rows.length === 0) throw CatalogErrors.itemNotFound();
        return {
          items: rows.map((r) => ({
            version: r.version,
            publishedAt: r.published_at.toISOString(),
            publishedBy: r.published_by,
          })),
        };
      },
    );

    app.get(
      '/catalog/life-events',
      {
        schema: {
          tags: ['catalog'],
          summary: '一件事 · Life events (one-thing bundles)',
          response: { 200: z.object({ items: z.array(lifeEventItem) }) },
        },
      },
      async () => {
        const events = await db.selectFrom('catalog.life_events').selectAll().orderBy('position').execute();
        const ids = [...new Set(events.flatMap((e) => e.item_ids))];
        const names = new Map(
          ids.length
            ? (
                await db
                  .selectFrom('catalog.service_items')
                  .select(['id', 'name'])
                  .where('id', 'in', ids)
                  .execute()
              ).map((r) => [r.id, r.name])
            : [],
        );
        return {
          items: events.map((e) => ({
            id: e.id,
            name: e.name,
            nameEn: e.name_en,
            items: e.item_ids.map((id) => ({ id, name: names.get(id) ?? id })),
            otherSteps: e.other_steps,
            scope: e.scope,
            note: e.note,
          })),
        };
      },
    );

    app.get(
      '/catalog/feed',
      {
        schema: {
          tags: ['catalog'],
          summary: '事项发布订阅 · Feed of published versions for connected systems',
          description:
            'Published versions in publication order after the position `since` (0 for the start). ' +
            'Pass `nextSince` back to continue.',
          querystring: feedQuery,
          response: { 200: z.object({ items: z.array(feedEntry), nextSince: z.number().int() }) },
        },
      },
      async (req) => {
        const rows = await db
          .selectFrom('catalog.service_item_versions')
          .selectAll()
          .where('position', '>', String(req.query.since))
          .orderBy('position')
          .limit(req.query.limit)
          .execute();
        const items = rows.map((r) => ({
          position: Number(r.position),
          itemId: r.item_id,
          version: r.version,
          publishedAt: r.published_at.toISOString(),
          publishedBy: r.published_by,
          snapshot: r.snapshot,
        }));
        return { items, nextSince: items.at(-1)?.position ?? req.query.since };
      },
    );
  };

  return { api, routes, seedDemo, publish };
}

export type CatalogModule = ReturnType<typeof createCatalogModule>;
