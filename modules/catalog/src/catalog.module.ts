import fs from 'node:fs';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  CommonErrors,
  defineError,
  recordAudit,
  requirePermission,
  type Actor,
  type AnyDb,
  type AuditContext,
  type FieldError,
} from '@sufu/kernel';
import type { CatalogTables } from './catalog.tables.ts';
import { CatalogCodeError, implementationCode, levelOfDepartment, syntheticBasicCode } from './codes.ts';
import { diff } from './diff.ts';
import { checkForm, type FormSchema } from './form.ts';
import { NameIndex, derivedAliases, type MatchedBy, type SearchDoc } from './search.ts';
import { parseSource, withDefaults } from './source.ts';
import {
  diffQuery,
  diffResult,
  facets,
  feedEntry,
  feedQuery,
  itemCard,
  itemCreate,
  itemDetail,
  itemId,
  itemUpdate,
  lifeEventDetail,
  lifeEventInput,
  lifeEventUpdate,
  listQuery,
  publishResult,
  searchQuery,
  searchResult,
  versionDetail,
  versionItem,
  channel as channelSchema,
  type ItemInput,
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
  versionNotFound: defineError('catalog.version_not_found', 'not_found', {
    'zh-CN': '该事项没有这个发布版本。',
    en: 'The item has no such published version.',
  }),
  notOnChannel: defineError('catalog.not_on_channel', 'not_found', {
    'zh-CN': '该事项不在此渠道提供。',
    en: 'The item is not offered on this channel.',
  }),
  versionConflict: defineError('catalog.version_conflict', 'conflict', {
    'zh-CN': '该内容已被他人修改并发布了新版本，请刷新后在最新版本上修改。',
    en: 'Someone else has published a newer version; reload and edit the latest version.',
  }),
  formInvalid: defineError('catalog.form_invalid', 'unprocessable', {
    'zh-CN': '申请表单定义不符合支持的 JSON Schema 子集。',
    en: 'The application form is not within the supported JSON Schema subset.',
  }),
  departmentUnknown: defineError('catalog.department_unknown', 'unprocessable', {
    'zh-CN': '实施部门不在部门目录中。',
    en: 'The implementing department is not in the directory.',
  }),
  basicCodeTaken: defineError('catalog.basic_code_taken', 'conflict', {
    'zh-CN': '该基本编码已被其他事项使用。',
    en: 'Another item already has this basic code.',
  }),
  lifeEventNotFound: defineError('catalog.life_event_not_found', 'not_found', {
    'zh-CN': '未找到该“一件事”。',
    en: 'No such one-thing bundle.',
  }),
  lifeEventInvalid: defineError('catalog.life_event_invalid', 'unprocessable', {
    'zh-CN': '“一件事”的组成事项或共享字段不正确。',
    en: 'The bundle’s items or shared fields are not valid.',
  }),
  lifeEventNameTaken: defineError('catalog.life_event_name_taken', 'conflict', {
    'zh-CN': '已有同名的“一件事”。',
    en: 'A bundle with this name exists already.',
  }),
};

/** A one-thing bundle as other modules (cases) see it. */
export type CatalogLifeEvent = {
  id: string;
  name: string;
  nameEn: string;
  itemIds: string[];
  /** Form fields asked once for the whole bundle. */
  sharedFields: string[];
};

/** What other modules may ask of the catalog. */
export type CatalogApi = {
  /** The latest published version of an item, or null. */
  publishedItem(id: string): Promise<{ version: number; snapshot: ItemSnapshot } | null>;
  /** A given published version of an item (immutable), or null. */
  itemVersion(
    id: string,
    version: number,
  ): Promise<{ version: number; snapshot: ItemSnapshot; publishedAt: Date } | null>;
  /** A one-thing bundle with its items and shared form fields, or null. */
  lifeEvent(id: string): Promise<CatalogLifeEvent | null>;
};

/** Region prefixes (GB/T 2260, '' = everywhere) within which the actor holds a permission. */
export type CatalogScope = (actor: Actor, permission: string) => string[];

type Db = Kysely<CatalogTables>;
type Trx = Transaction<CatalogTables>;

const MANAGE = 'catalog.manage';

/** Materials the applicant need not submit: e-certificates and shared data. */
const exemptCount = (s: ItemSnapshot) => s.materials?.filter((m) => m.source !== 'applicant').length ?? 0;

function rowOf(s: ItemSnapshot, version: number) {
  const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb` as never;
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
    legal_basis: json(s.legalBasis),
    legal_time_limit_days: s.legalTimeLimit.days,
    legal_time_limit_unit: s.legalTimeLimit.unit,
    legal_time_limit_text: s.legalTimeLimit.text,
    promised_time_limit_days: s.promisedTimeLimit.days,
    promised_is_demo: s.promisedTimeLimit.isDemo,
    on_site_visits: s.onSiteVisits.count,
    on_site_visits_is_demo: s.onSiteVisits.isDemo,
    fee_charged: s.fee.charged,
    fee_detail: s.fee.detail,
    materials: (s.materials === null ? null : json(s.materials)) as never,
    materials_note: s.materialsNote,
    result_certificate: s.resultCertificate,
    source_url: s.sourceUrl,
    status: s.status,
    current_version: version,
    aliases: json(s.aliases),
    themes: json(s.themes),
    channels: json(s.channels),
    handling_scope: json(s.handlingScope),
    materials_exempt: exemptCount(s),
  };
}

/** Escapes LIKE wildcards so a search term is matched literally. */
const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The GB/T 2260 region code of a department id (`320100-gjj` → `320100`). */
const regionOfDepartment = (departmentId: string) => departmentId.split('-')[0] ?? '';
const prefixOfRegion = (code: string) =>
  /^\d{2}0000$/.test(code) ? code.slice(0, 2) : /^\d{4}00$/.test(code) ? code.slice(0, 4) : code;
const inScope = (prefixes: string[], departmentId: string) =>
  prefixes.includes('') || prefixes.some((p) => regionOfDepartment(departmentId).startsWith(p));

const info = (req: FastifyRequest): AuditContext => ({
  actor: req.actor,
  requestId: String(req.id),
  ip: req.ip ?? null,
});

type ItemCard = z.infer<typeof itemCard>;
const cardOf = (s: ItemSnapshot, version: number): ItemCard => ({
  id: s.id,
  basicCode: s.basicCode,
  demoCode: s.demoCode,
  name: s.name,
  nameEn: s.nameEn,
  itemType: s.itemType,
  audience: s.audience,
  departmentId: s.departmentId,
  version,
  themes: s.themes,
  promisedDays: s.promisedTimeLimit.days,
  exemptMaterials: exemptCount(s),
  materialsCount: s.materials?.length ?? null,
  channels: s.channels,
  handlingScope: s.handlingScope,
});

/** The form fields every item of a bundle asks for, in the first item's order. */
function commonFields(forms: FormSchema[]): string[] {
  if (forms.length === 0) return [];
  const [first, ...rest] = forms;
  return Object.keys(first!.properties).filter((k) => rest.every((f) => k in f.properties));
}

export function createCatalogModule(deps: { db: AnyDb; directory: CatalogDirectory; scope: CatalogScope }) {
  const db = deps.db as unknown as Db;

  /**
   * Publishes a snapshot as the item's next version (version 1 for a new item) and keeps
   * the working row equal to it. Runs inside the caller's transaction.
   */
  async function publish(trx: Trx, s: ItemSnapshot, by: string): Promise<number> {
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
    searchIndex.checkedAt = 0;
    return version;
  }

  async function latest(id: string, q: Db | Trx = db) {
    const r = await q
      .selectFrom('catalog.service_item_versions as v')
      .innerJoin('catalog.service_items as i', (j) =>
        j.onRef('i.id', '=', 'v.item_id').onRef('i.current_version', '=', 'v.version'),
      )
      .select(['v.version', 'v.snapshot', 'v.published_at', 'v.published_by'])
      .where('v.item_id', '=', id)
      .executeTakeFirst();
    return r ? { ...r, snapshot: withDefaults(r.snapshot) } : undefined;
  }

  async function versionOf(id: string, version: number) {
    const r = await db
      .selectFrom('catalog.service_item_versions')
      .select(['version', 'snapshot', 'published_at', 'published_by'])
      .where('item_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return r ? { ...r, snapshot: withDefaults(r.snapshot) } : undefined;
  }

  async function bundleFields(itemIds: string[], q: Db | Trx = db): Promise<Map<string, FormSchema>> {
    if (itemIds.length === 0) return new Map();
    const rows = await q
      .selectFrom('catalog.service_item_versions as v')
      .innerJoin('catalog.service_items as i', (j) =>
        j.onRef('i.id', '=', 'v.item_id').onRef('i.current_version', '=', 'v.version'),
      )
      .select(['v.item_id', 'v.snapshot'])
      .where('v.item_id', 'in', itemIds)
      .execute();
    return new Map(rows.map((r) => [r.item_id, withDefaults(r.snapshot).form]));
  }

  async function lifeEventOf(id: string): Promise<z.infer<typeof lifeEventDetail> | null> {
    const e = await db.selectFrom('catalog.life_events').selectAll().where('id', '=', id).executeTakeFirst();
    if (!e) return null;
    return (await describeLifeEvents([e]))[0]!;
  }

  async function describeLifeEvents(
    events: CatalogTables['catalog.life_events'][] | Awaited<ReturnType<typeof allLifeEvents>>,
  ): Promise<z.infer<typeof lifeEventDetail>[]> {
    const ids = [...new Set(events.flatMap((e) => e.item_ids))];
    const forms = await bundleFields(ids);
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
    return events.map((e) => {
      const computed = commonFields(e.item_ids.map((i) => forms.get(i)).filter((f) => f !== undefined));
      return {
        id: e.id,
        name: e.name,
        nameEn: e.name_en,
        items: e.item_ids.map((id) => ({ id, name: names.get(id) ?? id })),
        itemIds: e.item_ids,
        otherSteps: e.other_steps,
        scope: e.scope,
        note: e.note,
        sharedFields: e.shared_fields ?? computed,
        sharedFieldsComputed: e.shared_fields === null,
        version: Number(e.version),
        updatedAt: new Date(e.updated_at as unknown as string).toISOString(),
      };
    });
  }

  const allLifeEvents = () => db.selectFrom('catalog.life_events').selectAll().orderBy('position').execute();

  // ---- search index: built from the published versions, rebuilt after a publication ----

  type ItemDoc = SearchDoc & { card: ItemCard };
  type EventDoc = SearchDoc;
  const searchIndex: {
    stamp: string | null;
    checkedAt: number;
    items: NameIndex<ItemDoc> | null;
    events: NameIndex<EventDoc> | null;
    building: Promise<void> | null;
  } = { stamp: null, checkedAt: 0, items: null, events: null, building: null };

  /** Feed position and bundle versions: changes whenever anything searchable is published. */
  async function currentStamp(): Promise<string> {
    const r = await sql<{ p: string | null; e: string | null; n: string | null }>`
      select (select max(position) from catalog.service_item_versions)::text as p,
             (select sum(version) from catalog.life_events)::text as e,
             (select count(*) from catalog.life_events)::text as n`.execute(db);
    const row = r.rows[0];
    return `${row?.p ?? 0}:${row?.e ?? 0}:${row?.n ?? 0}`;
  }

  async function rebuild(stamp: string) {
    const rows = await db
      .selectFrom('catalog.service_item_versions as v')
      .innerJoin('catalog.service_items as i', (j) =>
        j.onRef('i.id', '=', 'v.item_id').onRef('i.current_version', '=', 'v.version'),
      )
      .select(['v.snapshot', 'v.version'])
      .where('i.status', '=', 'in_use')
      .execute();
    const items = rows.map((r) => {
      const s = withDefaults(r.snapshot);
      return {
        id: s.id,
        name: s.name,
        nameEn: s.nameEn,
        aliases: s.aliases,
        card: cardOf(s, r.version),
      };
    });
    const events = (await allLifeEvents()).map((e) => ({
      id: e.id,
      name: e.name,
      nameEn: e.name_en,
      aliases: derivedAliases(e.name),
    }));
    searchIndex.items = new NameIndex(items);
    searchIndex.events = new NameIndex(events);
    searchIndex.stamp = stamp;
  }

  /** Several processes: each checks the stamp at most once a second and rebuilds on change. */
  async function ensureIndex() {
    const now = Date.now();
    if (searchIndex.items && now - searchIndex.checkedAt < 1000) return;
    if (searchIndex.building) return searchIndex.building;
    searchIndex.building = (async () => {
      try {
        const stamp = await currentStamp();
        searchIndex.checkedAt = Date.now();
        if (stamp !== searchIndex.stamp || !searchIndex.items) await rebuild(stamp);
      } finally {
        searchIndex.building = null;
      }
    })();
    return searchIndex.building;
  }

  async function search(q: string, limit: number) {
    await ensureIndex();
    const items = searchIndex.items!.search(q, limit).map((h) => ({
      ...h.doc.card,
      matchedBy: h.matchedBy as MatchedBy,
      score: Math.round(h.score * 100) / 100,
    }));
    const lifeEvents = searchIndex.events!.search(q, 10).map((h) => ({
      id: h.doc.id,
      name: h.doc.name,
      nameEn: h.doc.nameEn,
      matchedBy: h.matchedBy as MatchedBy,
      score: Math.round(h.score * 100) / 100,
    }));
    return { items, lifeEvents };
  }

  // ---- editor ----

  async function checkDepartment(departmentId: string, prefixes: string[]) {
    const known = await deps.directory.describeDepartments([departmentId]);
    if (!known.has(departmentId))
      throw CatalogErrors.departmentUnknown({
        errors: [
          {
            path: 'body.departmentId',
            message: { 'zh-CN': '部门目录中没有该部门。', en: 'No such department in the directory.' },
          },
        ],
      });
    if (!inScope(prefixes, departmentId)) throw CommonErrors.outOfScope();
  }

  function checkItemInput(input: Pick<ItemInput, 'form'>) {
    const errors: FieldError[] = checkForm(input.form, 'body.form');
    if (errors.length) throw CatalogErrors.formInvalid({ errors });
  }

  /** The snapshot an editor's input publishes; demo flags drop where a person changed the value. */
  function snapshotOf(id: string, input: ItemInput, prev: ItemSnapshot | null): ItemSnapshot {
    const { form, ...rest } = input as ItemInput & { baseVersion?: number };
    delete (rest as { baseVersion?: number }).baseVersion;
    const next: ItemSnapshot = {
      ...rest,
      id,
      // `purpose` only where there is one, so unchanged materials compare equal.
      materials: rest.materials?.map(({ purpose, ...m }) => (purpose ? { ...m, purpose } : m)) ?? null,
      form: form as unknown as FormSchema,
      demoValues: [],
    };
    if (prev) {
      // Key order is not meaning (jsonb reorders keys): compare by the differ.
      const same = (k: string) =>
        diff((prev as Record<string, unknown>)[k], (next as Record<string, unknown>)[k]).length === 0;
      next.demoValues = prev.demoValues.filter(same);
      if (prev.promisedTimeLimit.days !== next.promisedTimeLimit.days) next.promisedTimeLimit.isDemo = false;
      if (prev.onSiteVisits.count !== next.onSiteVisits.count) next.onSiteVisits.isDemo = false;
    }
    return next;
  }

  async function ensureBasicCodeFree(trx: Trx, basicCode: string, id: string) {
    const other = await trx
      .selectFrom('catalog.service_items')
      .select('id')
      .where('basic_code', '=', basicCode)
      .where('id', '!=', id)
      .executeTakeFirst();
    if (other) throw CatalogErrors.basicCodeTaken();
  }

  async function updateItem(ctx: AuditContext, id: string, input: ItemInput & { baseVersion: number }) {
    requirePermission(ctx.actor, MANAGE);
    checkItemInput(input);
    const prefixes = deps.scope(ctx.actor, MANAGE);
    await checkDepartment(input.departmentId, prefixes);
    const result = await db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('catalog.service_items')
        .select(['current_version', 'department_id'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw CatalogErrors.itemNotFound();
      if (!inScope(prefixes, current.department_id)) throw CommonErrors.outOfScope();
      if (current.current_version !== input.baseVersion)
        throw CatalogErrors.versionConflict({
          detail: {
            'zh-CN': `当前已是第 ${current.current_version} 版，您编辑的是第 ${input.baseVersion} 版。`,
            en: `The item is at version ${current.current_version}; you edited version ${input.baseVersion}.`,
          },
        });
      const prev = (await latest(id, trx))!.snapshot;
      const next = snapshotOf(id, input, prev);
      const changes = diff(prev, next);
      if (changes.length === 0) return { id, version: current.current_version, changed: 0 };
      await ensureBasicCodeFree(trx, next.basicCode, id);
      const version = await publish(trx, next, ctx.actor.display);
      await recordAudit(trx as never, ctx, {
        action: 'catalog.item.publish',
        resourceType: 'catalog.item',
        resourceId: id,
        details: { version, changed: changes.map((c) => c.path).slice(0, 50) },
      });
      return { id, version, changed: changes.length };
    });
    searchIndex.checkedAt = 0;
    return result;
  }

  async function createItem(
    ctx: AuditContext,
    input: Omit<ItemInput, 'basicCode'> & { basicCode?: string | undefined },
  ) {
    requirePermission(ctx.actor, MANAGE);
    checkItemInput(input);
    const prefixes = deps.scope(ctx.actor, MANAGE);
    await checkDepartment(input.departmentId, prefixes);
    const kind = (input.departmentId.split('-')[1] ?? 'x').toUpperCase();
    const result = await db.transaction().execute(async (trx) => {
      const prefix = `JS-${kind}-`;
      const ids = await trx
        .selectFrom('catalog.service_items')
        .select('id')
        .where('id', 'like', `${prefix}%`)
        .execute();
      const seq = Math.max(0, ...ids.map((r) => Number(/-(\d+)$/.exec(r.id)?.[1] ?? 0))) + 1;
      const id = `${prefix}${String(seq).padStart(3, '0')}`;
      let basicCode = input.basicCode;
      let demoCode = input.demoCode;
      if (!basicCode) {
        // A synthetic local code in the block no shipped department uses (99).
        const taken = new Set(
          (
            await trx
              .selectFrom('catalog.service_items')
              .select('basic_code')
              .where('basic_code', 'like', '32__99%')
              .execute()
          ).map((r) => r.basic_code),
        );
        for (let n = 1; n <= 999 && !basicCode; n++) {
          const c = syntheticBasicCode({ itemType: input.itemType, departmentIndex: 99, sequence: n });
          if (!taken.has(c)) basicCode = c;
        }
        demoCode = true;
      }
      const next = snapshotOf(id, { ...input, basicCode: basicCode!, demoCode }, null);
      await ensureBasicCodeFree(trx, next.basicCode, id);
      const version = await publish(trx, next, ctx.actor.display);
      await recordAudit(trx as never, ctx, {
        action: 'catalog.item.publish',
        resourceType: 'catalog.item',
        resourceId: id,
        details: { version, created: true },
      });
      return { id, version, changed: 0 };
    });
    searchIndex.checkedAt = 0;
    return result;
  }

  type LifeEventInput = z.infer<typeof lifeEventInput>;

  async function checkLifeEvent(trx: Trx, input: LifeEventInput, prefixes: string[], id: string | null) {
    const rows = await trx
      .selectFrom('catalog.service_items')
      .select(['id', 'department_id'])
      .where('id', 'in', input.itemIds)
      .execute();
    const known = new Map(rows.map((r) => [r.id, r.department_id]));
    const errors: FieldError[] = [];
    input.itemIds.forEach((itemId, i) => {
      if (!known.has(itemId))
        errors.push({
          path: `body.itemIds.${i}`,
          message: { 'zh-CN': `没有事项 ${itemId}。`, en: `No item ${itemId}.` },
        });
    });
    if (new Set(input.itemIds).size !== input.itemIds.length)
      errors.push({
        path: 'body.itemIds',
        message: { 'zh-CN': '组成事项不能重复。', en: 'Items must not repeat.' },
      });
    if (errors.length === 0 && input.sharedFields) {
      const forms = await bundleFields(input.itemIds, trx);
      input.sharedFields.forEach((f, i) => {
        const missing = input.itemIds.filter((it) => !(f in (forms.get(it)?.properties ?? {})));
        if (missing.length)
          errors.push({
            path: `body.sharedFields.${i}`,
            message: {
              'zh-CN': `字段 ${f} 不在以下事项的表单中：${missing.join('、')}。`,
              en: `Field ${f} is not in the forms of ${missing.join(', ')}.`,
            },
          });
      });
    }
    if (errors.length) throw CatalogErrors.lifeEventInvalid({ errors });
    if (![...known.values()].every((d) => inScope(prefixes, d))) throw CommonErrors.outOfScope();
    const sameName = await trx
      .selectFrom('catalog.life_events')
      .select('id')
      .where('name', '=', input.name)
      .$if(id !== null, (q) => q.where('id', '!=', id!))
      .executeTakeFirst();
    if (sameName) throw CatalogErrors.lifeEventNameTaken();
  }

  const lifeEventRow = (input: LifeEventInput) => ({
    name: input.name,
    name_en: input.nameEn,
    item_ids: sql`${JSON.stringify(input.itemIds)}::jsonb` as never,
    other_steps: sql`${JSON.stringify(input.otherSteps)}::jsonb` as never,
    scope: input.scope,
    note: input.note,
    shared_fields: (input.sharedFields === null
      ? null
      : sql`${JSON.stringify(input.sharedFields)}::jsonb`) as never,
  });

  async function saveLifeEvent(
    ctx: AuditContext,
    id: string | null,
    input: LifeEventInput & { baseVersion?: number },
  ) {
    requirePermission(ctx.actor, MANAGE);
    const prefixes = deps.scope(ctx.actor, MANAGE);
    const result = await db.transaction().execute(async (trx) => {
      let version = 1;
      let newId = id;
      if (id !== null) {
        const current = await trx
          .selectFrom('catalog.life_events')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!current) throw CatalogErrors.lifeEventNotFound();
        const currentItems = await trx
          .selectFrom('catalog.service_items')
          .select('department_id')
          .where('id', 'in', current.item_ids.length ? current.item_ids : ['-'])
          .execute();
        if (!currentItems.every((r) => inScope(prefixes, r.department_id))) throw CommonErrors.outOfScope();
        if (Number(current.version) !== input.baseVersion) throw CatalogErrors.versionConflict();
        await checkLifeEvent(trx, input, prefixes, id);
        const before = {
          name: current.name,
          nameEn: current.name_en,
          itemIds: current.item_ids,
          sharedFields: current.shared_fields,
          otherSteps: current.other_steps,
          scope: current.scope,
          note: current.note,
        };
        const { baseVersion: _b, ...after } = input;
        const changes = diff(before, after);
        if (changes.length === 0) return { id, version: Number(current.version), changed: 0 };
        version = Number(current.version) + 1;
        await trx
          .updateTable('catalog.life_events')
          .set({ ...lifeEventRow(input), version, updated_at: new Date(), updated_by: ctx.actor.display })
          .where('id', '=', id)
          .execute();
        await recordAudit(trx as never, ctx, {
          action: 'catalog.life_event.publish',
          resourceType: 'catalog.life_event',
          resourceId: id,
          details: { version, changed: changes.map((c) => c.path).slice(0, 50) },
        });
        return { id, version, changed: changes.length };
      }
      await checkLifeEvent(trx, input, prefixes, null);
      const all = await trx.selectFrom('catalog.life_events').select(['id', 'position']).execute();
      const n = Math.max(0, ...all.map((r) => Number(/^LE-(\d+)$/.exec(r.id)?.[1] ?? 0))) + 1;
      newId = `LE-${String(n).padStart(2, '0')}`;
      await trx
        .insertInto('catalog.life_events')
        .values({
          id: newId,
          ...lifeEventRow(input),
          position: Math.max(0, ...all.map((r) => r.position)) + 1,
          updated_by: ctx.actor.display,
        })
        .execute();
      await recordAudit(trx as never, ctx, {
        action: 'catalog.life_event.publish',
        resourceType: 'catalog.life_event',
        resourceId: newId,
        details: { version: 1, created: true },
      });
      return { id: newId, version, changed: 0 };
    });
    searchIndex.checkedAt = 0;
    return result;
  }

  const api: CatalogApi = {
    async publishedItem(id) {
      const r = await latest(id);
      return r ? { version: r.version, snapshot: r.snapshot } : null;
    },
    async itemVersion(id, version) {
      const r = await versionOf(id, version);
      return r ? { version: r.version, snapshot: r.snapshot, publishedAt: r.published_at } : null;
    },
    async lifeEvent(id) {
      const e = await lifeEventOf(id);
      return e
        ? { id: e.id, name: e.name, nameEn: e.nameEn, itemIds: e.itemIds, sharedFields: e.sharedFields }
        : null;
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
            shared_fields: null,
          })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        e += Number(r.numInsertedOrUpdatedRows ?? 0);
      }
      return { items: n, lifeEvents: e };
    });
  }

  const detailOf = async (r: NonNullable<Awaited<ReturnType<typeof latest>>>) => {
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
      ...s.demoValues,
    ];
    return {
      ...s,
      version: r.version,
      publishedAt: r.published_at.toISOString(),
      departmentName: dept?.name ?? null,
      implementationCode: code,
      demoFields,
    };
  };

  const routes: FastifyPluginAsyncZod = async (app) => {
    app.get(
      '/catalog/items',
      {
        schema: {
          tags: ['catalog'],
          summary: '政务服务事项检索 · Browse service items',
          description:
            'Filters: `q` (substring of name, English name, legal basis; for ranked Chinese / pinyin ' +
            'search use `/catalog/search`), `department`, `audience`, `type`, `theme`, `lifeEvent`, ' +
            '`channel`, `region` (`province` / `yangtze_delta` handling scope, or a region code: items ' +
            'of departments serving that region).',
          querystring: listQuery,
          response: {
            200: z.object({
              items: z.array(itemCard),
              total: z.number().int(),
              page: z.number().int(),
              pageSize: z.number().int(),
            }),
          },
        },
      },
      async (req) => {
        const { q, department, audience, type, theme, lifeEvent, region, channel, page, pageSize } =
          req.query;
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
        if (theme) query = query.where(sql<boolean>`themes @> ${JSON.stringify([theme])}::jsonb`);
        if (channel) query = query.where(sql<boolean>`channels @> ${JSON.stringify([channel])}::jsonb`);
        if (lifeEvent) {
          const e = await db
            .selectFrom('catalog.life_events')
            .select('item_ids')
            .where('id', '=', lifeEvent)
            .executeTakeFirst();
          const ids = e?.item_ids ?? [];
          query = query.where('id', 'in', ids.length ? ids : ['-']);
        }
        if (region === 'province' || region === 'yangtze_delta')
          query = query.where(sql<boolean>`handling_scope @> ${JSON.stringify([region])}::jsonb`);
        else if (region) {
          // Departments of the region or below, and those above it that serve it.
          const above = sql<string>`(case
            when substr(department_id, 3, 4) = '0000' then left(department_id, 2)
            when substr(department_id, 5, 2) = '00' then left(department_id, 4)
            else left(department_id, 6) end)`;
          query = query.where((eb) =>
            eb.or([
              eb('department_id', 'like', `${prefixOfRegion(region.padEnd(6, '0'))}%`),
              eb(sql<string>`${region}`, 'like', sql<string>`${above} || '%'`),
            ]),
          );
        }
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
            'current_version',
            'themes',
            'promised_time_limit_days',
            'materials_exempt',
            'materials',
            'channels',
            'handling_scope',
          ])
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
            themes: r.themes,
            promisedDays: r.promised_time_limit_days,
            exemptMaterials: r.materials_exempt,
            materialsCount: r.materials?.length ?? null,
            channels: r.channels,
            handlingScope: r.handling_scope,
          })),
          total: Number(total.n),
          page,
          pageSize,
        };
      },
    );

    app.get(
      '/catalog/search',
      {
        schema: {
          tags: ['catalog'],
          summary: '事项与“一件事”搜索（中文、拼音首字母、容错）· Search items and bundles',
          description:
            'Ranked search over names and aliases: exact > prefix > substring > character-bigram ' +
            'overlap > pinyin initials (e.g. `hkdj`) > typo-tolerant matches; `matchedBy` says which.',
          querystring: searchQuery,
          response: { 200: searchResult },
        },
      },
      async (req) => search(req.query.q, req.query.limit),
    );

    app.get(
      '/catalog/facets',
      {
        schema: {
          tags: ['catalog'],
          summary: '事项分面统计 · Counts per department, theme, audience, type, channel; bundles',
          response: { 200: facets },
        },
      },
      async () => {
        const rows = await db
          .selectFrom('catalog.service_items')
          .select(['department_id', 'themes', 'audience', 'item_type', 'channels'])
          .where('status', '=', 'in_use')
          .execute();
        const count = <K extends string>(keys: K[][]) => {
          const m = new Map<K, number>();
          for (const ks of keys) for (const k of ks) m.set(k, (m.get(k) ?? 0) + 1);
          return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
        };
        const depts = count(rows.map((r) => [r.department_id]));
        const names = await deps.directory.describeDepartments(depts.map(([d]) => d));
        const events = await allLifeEvents();
        const audienceLabel = { person: '个人', organisation: '法人', both: '个人和法人' } as const;
        const channelLabel = { web: '网上办', mobile: '掌上办', kiosk: '自助办', counter: '窗口办' } as const;
        return {
          total: rows.length,
          departments: depts.map(([value, n]) => ({
            value,
            label: names.get(value)?.name ?? value,
            count: n,
          })),
          themes: count(rows.map((r) => r.themes)).map(([value, n]) => ({ value, label: value, count: n })),
          audiences: count(rows.map((r) => [r.audience])).map(([value, n]) => ({
            value,
            label: audienceLabel[value],
            count: n,
          })),
          itemTypes: count(rows.map((r) => [r.item_type ?? 'unknown'])).map(([value, n]) => ({
            value,
            label: value === 'unknown' ? '未标注' : value,
            count: n,
          })),
          channels: count(rows.map((r) => r.channels)).map(([value, n]) => ({
            value,
            label: channelLabel[value],
            count: n,
          })),
          lifeEvents: events.map((e) => ({
            value: e.id,
            label: e.name,
            nameEn: e.name_en,
            count: e.item_ids.length,
          })),
        };
      },
    );

    app.get(
      '/catalog/items/:id',
      {
        schema: {
          tags: ['catalog'],
          summary: '事项详情（最新发布版本）· Service item, latest published version',
          description:
            'With `channel`, the same published version as every other channel (same-source), or 404 ' +
            '`catalog.not_on_channel` when the item is not offered there.',
          params: z.object({ id: itemId }),
          querystring: z.object({ channel: channelSchema.optional() }),
          response: { 200: itemDetail },
        },
      },
      async (req) => {
        const r = await latest(req.params.id);
        if (!r) throw CatalogErrors.itemNotFound();
        if (req.query.channel && !r.snapshot.channels.includes(req.query.channel))
          throw CatalogErrors.notOnChannel();
        return detailOf(r);
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
      '/catalog/items/:id/versions/:version',
      {
        schema: {
          tags: ['catalog'],
          summary: '事项某一发布版本 · One published version of an item',
          params: z.object({ id: itemId, version: z.coerce.number().int().min(1).max(1_000_000) }),
          response: { 200: versionDetail },
        },
      },
      async (req) => {
        const r = await versionOf(req.params.id, req.params.version);
        if (!r) throw CatalogErrors.versionNotFound();
        return {
          ...r.snapshot,
          version: r.version,
          publishedAt: r.published_at.toISOString(),
          publishedBy: r.published_by,
        };
      },
    );

    app.get(
      '/catalog/items/:id/diff',
      {
        schema: {
          tags: ['catalog'],
          summary: '版本比较 · Field-level difference between two published versions',
          params: z.object({ id: itemId }),
          querystring: diffQuery,
          response: { 200: diffResult },
        },
      },
      async (req) => {
        const [a, b] = await Promise.all([
          versionOf(req.params.id, req.query.from),
          versionOf(req.params.id, req.query.to),
        ]);
        if (!a || !b) throw CatalogErrors.versionNotFound();
        return { id: req.params.id, from: a.version, to: b.version, changes: diff(a.snapshot, b.snapshot) };
      },
    );

    app.put(
      '/catalog/items/:id',
      {
        schema: {
          tags: ['catalog'],
          summary: '编辑并发布事项新版本 · Edit an item and publish its next version',
          description:
            'Needs `catalog.manage` and the item’s department within the editor’s region. `baseVersion` ' +
            'is the version edited: 409 `catalog.version_conflict` if a newer one was published. The form ' +
            'must stay within the supported JSON Schema subset (422 `catalog.form_invalid` with field errors).',
          params: z.object({ id: itemId }),
          body: itemUpdate,
          response: { 200: publishResult },
        },
      },
      async (req) => updateItem(info(req), req.params.id, req.body),
    );

    app.post(
      '/catalog/items',
      {
        schema: {
          tags: ['catalog'],
          summary: '新建事项（发布第 1 版）· Create an item, published as version 1',
          description: 'Without `basicCode`, a synthetic local code is assigned (`demoCode: true`).',
          body: itemCreate,
          response: { 201: publishResult },
        },
      },
      async (req, reply) => reply.status(201).send(await createItem(info(req), req.body)),
    );

    app.get(
      '/catalog/life-events',
      {
        schema: {
          tags: ['catalog'],
          summary: '一件事 · Life events (one-thing bundles)',
          response: { 200: z.object({ items: z.array(lifeEventDetail) }) },
        },
      },
      async () => ({ items: await describeLifeEvents(await allLifeEvents()) }),
    );

    app.get(
      '/catalog/life-events/:id',
      {
        schema: {
          tags: ['catalog'],
          summary: '一件事详情 · One bundle',
          params: z.object({ id: itemId }),
          response: { 200: lifeEventDetail },
        },
      },
      async (req) => {
        const e = await lifeEventOf(req.params.id);
        if (!e) throw CatalogErrors.lifeEventNotFound();
        return e;
      },
    );

    app.put(
      '/catalog/life-events/:id',
      {
        schema: {
          tags: ['catalog'],
          summary: '编辑“一件事” · Edit a bundle',
          description:
            '`sharedFields: null` uses the form fields common to all its items. Every item’s department ' +
            'must be within the editor’s region; `baseVersion` as for items.',
          params: z.object({ id: itemId }),
          body: lifeEventUpdate,
          response: { 200: publishResult },
        },
      },
      async (req) => saveLifeEvent(info(req), req.params.id, req.body),
    );

    app.post(
      '/catalog/life-events',
      {
        schema: {
          tags: ['catalog'],
          summary: '新建“一件事” · Create a bundle',
          body: lifeEventInput,
          response: { 201: publishResult },
        },
      },
      async (req, reply) => reply.status(201).send(await saveLifeEvent(info(req), null, req.body)),
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
          snapshot: withDefaults(r.snapshot),
        }));
        return { items, nextSince: items.at(-1)?.position ?? req.query.since };
      },
    );
  };

  return { api, routes, seedDemo, publish, search };
}

export type CatalogModule = ReturnType<typeof createCatalogModule>;
