import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';

/**
 * Search, browsing facets, channel views and the editor: publishing a new version (audited,
 * optimistic concurrency, form meta-check, region scope) and bundles.
 */
let p: TestPlatform;
let anon: TestClient;
let manager: TestClient;

beforeAll(async () => {
  p = await createTestPlatform();
  anon = new TestClient(p);
  manager = new TestClient(p);
  await manager.login('manager.province');
});
afterAll(async () => {
  await p?.dispose();
});

const json = <T>(r: { body: string }) => JSON.parse(r.body) as T;
type Search = {
  items: { id: string; name: string; matchedBy: string }[];
  lifeEvents: { id: string; name: string; matchedBy: string }[];
};
type Detail = Record<string, unknown> & {
  version: number;
  name: string;
  form: { properties: Record<string, unknown> };
  demoFields: string[];
  channels: string[];
};

const search = async (q: string) => {
  const r = await anon.get(`/api/v1/catalog/search?q=${encodeURIComponent(q)}`);
  expect(r.statusCode, r.body).toBe(200);
  return json<Search>(r);
};

/** The editable body of an item: its latest published snapshot minus id, plus baseVersion. */
async function bodyOf(id: string) {
  const d = json<Detail>(await anon.get(`/api/v1/catalog/items/${id}`));
  const {
    id: _id,
    version,
    publishedAt: _p,
    departmentName: _d,
    implementationCode: _i,
    demoFields: _f,
    demoValues: _v,
    ...rest
  } = d;
  return { ...rest, baseVersion: version } as Record<string, unknown> & { baseVersion: number };
}

function expectProblem(r: { statusCode: number; body: string }, status: number, code?: string) {
  expect(r.statusCode, r.body).toBe(status);
  const b = json<{ code: string; errors?: { path: string }[] }>(r);
  if (code) expect(b.code).toBe(code);
  return b;
}

describe('catalog search', () => {
  it('finds 户口登记（出生登记） by words, pinyin initials and a typo, and bundles by name', async () => {
    expect((await search('出生登记')).items[0]).toMatchObject({
      name: '户口登记（出生登记）',
      matchedBy: 'exact',
    });
    expect((await search('hkdj')).items[0]).toMatchObject({
      name: '户口登记（出生登记）',
      matchedBy: 'pinyin',
    });
    expect((await search('出身登记')).items[0]).toMatchObject({
      name: '户口登记（出生登记）',
      matchedBy: 'typo',
    });
    expect((await search('户口 出生')).items[0]?.name).toBe('户口登记（出生登记）');
    const bundle = await search('出生一件事');
    expect(bundle.lifeEvents[0]).toMatchObject({ name: '新生儿出生一件事' });
    expectProblem(await anon.get('/api/v1/catalog/search'), 400);
    expectProblem(await anon.get(`/api/v1/catalog/search?q=${'长'.repeat(51)}`), 400);
  });

  it('filters by theme, bundle, channel and region, and counts facets', async () => {
    type Page = { items: { id: string; themes: string[]; channels: string[] }[]; total: number };
    const theme = json<Page>(
      await anon.get(`/api/v1/catalog/items?pageSize=100&theme=${encodeURIComponent('公积金')}`),
    );
    expect(theme.total).toBeGreaterThanOrEqual(5);
    expect(theme.items.every((i) => i.themes.includes('公积金'))).toBe(true);
    const birth = json<Page>(await anon.get('/api/v1/catalog/items?lifeEvent=LE-01'));
    expect(birth.total).toBe(6);
    const kiosk = json<Page>(await anon.get('/api/v1/catalog/items?channel=kiosk&pageSize=100'));
    expect(kiosk.items.every((i) => i.channels.includes('kiosk'))).toBe(true);
    const delta = json<Page>(await anon.get('/api/v1/catalog/items?region=yangtze_delta&pageSize=100'));
    expect(delta.items.map((i) => i.id)).toContain('JS-GA-001');
    const nanjing = json<Page>(await anon.get('/api/v1/catalog/items?region=320102&pageSize=100'));
    const all = json<Page>(await anon.get('/api/v1/catalog/items?pageSize=1'));
    expect(nanjing.total).toBe(all.total); // province and Nanjing bodies all serve 玄武区
    const suzhou = json<Page>(await anon.get('/api/v1/catalog/items?region=3205&pageSize=100'));
    expect(suzhou.items.some((i) => i.id.startsWith('JS-GJJ'))).toBe(false); // Nanjing's bureau
    expectProblem(await anon.get('/api/v1/catalog/items?region=abc'), 400);

    const f = json<{
      total: number;
      departments: { value: string; count: number }[];
      themes: { value: string; count: number }[];
      audiences: { value: string; count: number }[];
      itemTypes: { value: string; count: number }[];
      lifeEvents: { value: string; label: string; count: number }[];
    }>(await anon.get('/api/v1/catalog/facets'));
    expect(f.total).toBe(all.total);
    expect(f.departments.find((d) => d.value === '320000-ga')?.count).toBe(18);
    expect(f.audiences.reduce((n, a) => n + a.count, 0)).toBe(f.total);
    expect(f.itemTypes.find((t) => t.value === '行政许可')?.count).toBe(42);
    expect(f.themes.find((t) => t.value === '公积金')?.count).toBe(theme.total);
    expect(f.lifeEvents.find((e) => e.label === '新生儿出生一件事')?.count).toBe(6);
  });

  it('serves the same published version per channel, 404 where the item is not offered', async () => {
    const kiosk = await anon.get('/api/v1/catalog/items/JS-GA-001?channel=kiosk');
    expect(kiosk.statusCode, kiosk.body).toBe(200);
    const web = await anon.get('/api/v1/catalog/items/JS-GA-001?channel=web');
    expect(json<Detail>(kiosk)).toEqual(json<Detail>(web));
    expectProblem(
      await anon.get('/api/v1/catalog/items/JS-SJ-001?channel=kiosk'),
      404,
      'catalog.not_on_channel',
    );
    expectProblem(await anon.get('/api/v1/catalog/items/JS-GA-001?channel=fax'), 400);
  });
});

describe('catalog editor', () => {
  it('publishes version 2 with an audit row; version 1 stays; the diff shows the change', async () => {
    const body = await bodyOf('JS-GA-002');
    expect(body.baseVersion).toBe(1);
    const r = await manager.put('/api/v1/catalog/items/JS-GA-002', {
      ...body,
      promisedTimeLimit: { days: 3, unit: 'working_days', isDemo: true },
      channels: ['web', 'counter'],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(json<{ version: number; changed: number }>(r)).toMatchObject({ version: 2, changed: 9 });

    const v1 = json<Detail>(await anon.get('/api/v1/catalog/items/JS-GA-002/versions/1'));
    expect(v1.channels).toContain('kiosk');
    const latest = json<Detail>(await anon.get('/api/v1/catalog/items/JS-GA-002'));
    expect(latest.version).toBe(2);
    expect(latest.channels).toEqual(['web', 'counter']);
    // A person's value is no longer a demo value.
    expect(latest.demoFields).not.toContain('promisedTimeLimit');
    expect(latest.demoFields).not.toContain('channels');
    expect(latest.demoFields).toContain('form');
    expectProblem(await anon.get('/api/v1/catalog/items/JS-GA-002?channel=kiosk'), 404);

    const d = json<{ changes: { path: string; before: unknown; after: unknown }[] }>(
      await anon.get('/api/v1/catalog/items/JS-GA-002/diff?from=1&to=2'),
    );
    expect(d.changes).toEqual(
      expect.arrayContaining([
        { path: 'promisedTimeLimit.days', kind: 'changed', before: expect.any(Number), after: 3 },
        { path: 'promisedTimeLimit.isDemo', kind: 'changed', before: true, after: false },
        { path: 'channels[1]', kind: 'changed', before: 'mobile', after: 'counter' },
        { path: 'channels[2]', kind: 'removed', before: 'kiosk', after: null },
      ]),
    );
    expectProblem(await anon.get('/api/v1/catalog/items/JS-GA-002/diff?from=1&to=9'), 404);
    expectProblem(await anon.get('/api/v1/catalog/items/JS-GA-002/versions/9'), 404);

    const audit = await p.database.db
      .selectFrom('audit.trail' as never)
      .selectAll()
      .where('action' as never, '=', 'catalog.item.publish' as never)
      .where('resource_id' as never, '=', 'JS-GA-002' as never)
      .execute();
    expect(audit).toHaveLength(1);
    expect((audit[0] as { details: { version: number } }).details.version).toBe(2);

    // The feed carries version 2; search sees the change at once.
    const versions = json<{ items: { version: number; publishedBy: string }[] }>(
      await anon.get('/api/v1/catalog/items/JS-GA-002/versions'),
    ).items;
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('refuses a stale baseVersion with 409 and an invalid form with 422 field errors', async () => {
    const body = await bodyOf('JS-GA-003');
    const ok = await manager.put('/api/v1/catalog/items/JS-GA-003', {
      ...body,
      name: '户口迁移（迁出登记）测试',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expectProblem(
      await manager.put('/api/v1/catalog/items/JS-GA-003', { ...body, name: '另一个名称' }),
      409,
      'catalog.version_conflict',
    );
    expect((await search('迁出登记测试')).items[0]?.id).toBe('JS-GA-003');

    const fresh = await bodyOf('JS-GA-003');
    const bad = expectProblem(
      await manager.put('/api/v1/catalog/items/JS-GA-003', {
        ...fresh,
        form: { type: 'object', properties: { '1x': { type: 'string', title: 'x' }, y: { type: 'file' } } },
      }),
      422,
      'catalog.form_invalid',
    );
    expect(bad.errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'body.form.properties.1x',
        'body.form.properties.y.type',
        'body.form.properties.y.title',
      ]),
    );
    expectProblem(await manager.put('/api/v1/catalog/items/JS-GA-003', { ...fresh, name: '' }), 400);
    expectProblem(
      await manager.put('/api/v1/catalog/items/JS-GA-003', { ...fresh, departmentId: '320000-nope' }),
      422,
      'catalog.department_unknown',
    );
    expectProblem(await manager.put('/api/v1/catalog/items/JS-XX-999', fresh), 404);
  });

  it('refuses anonymous and residents, and departments outside the editor’s region', async () => {
    const body = await bodyOf('JS-GA-004');
    expectProblem(await anon.put('/api/v1/catalog/items/JS-GA-004', body), 401);
    const resident = new TestClient(p);
    await resident.login('13951000001');
    expectProblem(await resident.put('/api/v1/catalog/items/JS-GA-004', body), 403);

    // A Nanjing service manager may edit the Nanjing bureau's items, not the province's.
    const admin = new TestClient(p);
    await admin.login('admin');
    const accounts = json<{ items: { id: string; username: string }[] }>(
      await admin.get('/api/v1/admin/accounts?q=officer.nanjing&kind=staff'),
    );
    const acc = accounts.items.find((a) => a.username === 'officer.nanjing')!;
    const secadmin = new TestClient(p);
    await secadmin.login('secadmin');
    const set = await secadmin.put(`/api/v1/admin/accounts/${acc.id}/roles`, {
      roles: [{ role: 'service_manager', departmentId: '320100-sj' }],
    });
    expect(set.statusCode, set.body).toBe(200);
    const city = new TestClient(p);
    await city.login('officer.nanjing', undefined, { fresh: true });
    expectProblem(await city.put('/api/v1/catalog/items/JS-GA-004', body), 403, 'auth.out_of_scope');
    const cg = await bodyOf('JS-CG-001');
    const r = await city.put('/api/v1/catalog/items/JS-CG-001', { ...cg, themes: ['工程建设', '住房'] });
    expect(r.statusCode, r.body).toBe(200);
    // Nor may they move an item to a province department.
    const cg2 = await bodyOf('JS-CG-001');
    expectProblem(
      await city.put('/api/v1/catalog/items/JS-CG-001', { ...cg2, departmentId: '320000-zj' }),
      403,
    );
  });

  it('creates a new item as version 1 with a generated id and code', async () => {
    const body = await bodyOf('JS-SF-001');
    const { baseVersion: _b, basicCode: _c, ...rest } = body;
    const r = await manager.post('/api/v1/catalog/items', { ...rest, name: '法律援助申请（网上）' });
    expect(r.statusCode, r.body).toBe(201);
    const created = json<{ id: string; version: number }>(r);
    expect(created).toMatchObject({ id: 'JS-SF-004', version: 1 });
    const d = json<Detail & { demoCode: boolean; basicCode: string }>(
      await anon.get(`/api/v1/catalog/items/${created.id}`),
    );
    expect(d.demoCode).toBe(true);
    expect(d.basicCode).toMatch(/^32\d{2}99\d{3}000$/);
  });

  it('edits bundles: shared fields computed or checked, version conflict, audit', async () => {
    const le = json<{
      id: string;
      name: string;
      nameEn: string;
      itemIds: string[];
      sharedFields: string[];
      sharedFieldsComputed: boolean;
      otherSteps: string[];
      scope: string | null;
      note: string | null;
      version: number;
    }>(await anon.get('/api/v1/catalog/life-events/LE-01'));
    expect(le.sharedFieldsComputed).toBe(true);
    expect(le.sharedFields).toEqual(expect.arrayContaining(['applicantName', 'applicantIdNumber']));
    const api = await p.modules.catalog.api.lifeEvent('LE-01');
    expect(api).toMatchObject({ id: 'LE-01', name: '新生儿出生一件事', sharedFields: le.sharedFields });
    const body = {
      name: le.name,
      nameEn: le.nameEn,
      itemIds: le.itemIds,
      sharedFields: ['applicantName', 'applicantMobile'],
      otherSteps: le.otherSteps,
      scope: le.scope,
      note: le.note,
      baseVersion: le.version,
    };
    const r = await manager.put('/api/v1/catalog/life-events/LE-01', body);
    expect(r.statusCode, r.body).toBe(200);
    expect(json<{ version: number }>(r).version).toBe(2);
    expectProblem(
      await manager.put('/api/v1/catalog/life-events/LE-01', body),
      409,
      'catalog.version_conflict',
    );
    const bad = expectProblem(
      await manager.put('/api/v1/catalog/life-events/LE-01', {
        ...body,
        baseVersion: 2,
        sharedFields: ['babyName', 'creditCode'],
      }),
      422,
      'catalog.life_event_invalid',
    );
    expect(bad.errors?.map((e) => e.path)).toEqual(['body.sharedFields.0', 'body.sharedFields.1']);
    expectProblem(await anon.put('/api/v1/catalog/life-events/LE-01', body), 401);

    const created = await manager.post('/api/v1/catalog/life-events', {
      ...body,
      baseVersion: undefined,
      name: '测试一件事',
      sharedFields: null,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await search('测试一件事')).lifeEvents[0]?.name).toBe('测试一件事');
    expectProblem(
      await manager.post('/api/v1/catalog/life-events', { ...body, name: '测试一件事', sharedFields: null }),
      409,
      'catalog.life_event_name_taken',
    );
  });

  it('answers other modules: a given version of an item', async () => {
    const v = await p.modules.catalog.api.itemVersion('JS-GA-001', 1);
    expect(v?.snapshot.name).toBe('户口登记（出生登记）');
    expect(await p.modules.catalog.api.itemVersion('JS-GA-001', 99)).toBeNull();
    expect(await p.modules.catalog.api.lifeEvent('LE-99')).toBeNull();
  });
});
