import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';
import path from 'node:path';
import { ROOT_DIR } from '@sufu/server';

/**
 * The catalog on the seeded platform, read anonymously as any channel would: the shipped
 * items and bundles, search, an item's latest published version, its versions, the feed
 * and problem+json refusals of bad input.
 */
const SERVICE_ITEMS_PATH = path.join(ROOT_DIR, 'data', 'jiangsu-service-items.json');
let p: TestPlatform;
let anon: TestClient;

type Page = { items: { id: string; name: string; audience: string }[]; total: number };

beforeAll(async () => {
  p = await createTestPlatform();
  anon = new TestClient(p);
});
afterAll(async () => {
  await p?.dispose();
});

const json = <T>(r: { body: string }) => JSON.parse(r.body) as T;

function expectProblem(
  r: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
) {
  expect(r.statusCode, r.body).toBe(status);
  expect(String(r.headers['content-type'])).toContain('application/problem+json');
  const b = json<{ status: number; code: string }>(r);
  expect(b.status).toBe(status);
  expect(b.code).toBeTruthy();
  return b;
}

describe('service catalog', () => {
  it('holds the 177 shipped items and 7 one-thing bundles', async () => {
    const r = await anon.get('/api/v1/catalog/items?pageSize=100');
    expect(r.statusCode, r.body).toBe(200);
    const page = json<Page>(r);
    expect(page.total).toBe(177);
    expect(page.items).toHaveLength(100);
    const second = json<Page>(await anon.get('/api/v1/catalog/items?pageSize=100&page=2'));
    expect(second.items).toHaveLength(77);
    expect(new Set([...page.items, ...second.items].map((i) => i.id)).size).toBe(177);

    const le = await anon.get('/api/v1/catalog/life-events');
    expect(le.statusCode, le.body).toBe(200);
    const events = json<{ items: { name: string; items: { id: string; name: string }[] }[] }>(le).items;
    expect(events).toHaveLength(7);
    const birth = events.find((e) => e.name === '新生儿出生一件事')!;
    expect(birth.items.map((i) => i.name)).toContain('户口登记（出生登记）');
  });

  it('seeding again changes nothing', async () => {
    expect(await p.modules.catalog.seedDemo(SERVICE_ITEMS_PATH)).toEqual({ items: 0, lifeEvents: 0 });
  });

  it('finds 出生医学证明 items by a Chinese substring, and filters', async () => {
    const r = await anon.get(`/api/v1/catalog/items?q=${encodeURIComponent('出生')}`);
    expect(r.statusCode, r.body).toBe(200);
    const names = json<Page>(r).items.map((i) => i.name);
    expect(names).toContain('《出生医学证明》首次签发');
    expect(names).toContain('户口登记（出生登记）');

    const police = json<Page>(await anon.get('/api/v1/catalog/items?department=320000-ga&pageSize=100'));
    expect(police.total).toBe(18);
    const persons = json<Page>(await anon.get('/api/v1/catalog/items?audience=person&pageSize=100'));
    expect(persons.items.every((i) => i.audience !== 'organisation')).toBe(true);
    const licences = json<Page>(
      await anon.get(`/api/v1/catalog/items?type=${encodeURIComponent('行政许可')}&pageSize=100`),
    );
    expect(licences.total).toBe(42);
    // LIKE wildcards are matched literally.
    expect(json<Page>(await anon.get('/api/v1/catalog/items?q=%25')).total).toBe(0);
  });

  it('shows an item with its legal time limit, materials and demo values marked', async () => {
    const all = json<Page>(await anon.get('/api/v1/catalog/items?pageSize=100&department=320000-ga'));
    const hukou = all.items.find((i) => i.name === '户口登记（出生登记）')!;
    const r = await anon.get(`/api/v1/catalog/items/${hukou.id}`);
    expect(r.statusCode, r.body).toBe(200);
    const item = json<{
      version: number;
      materials: { name: string; source: string; certificate: string | null }[];
      legalTimeLimit: { days: number | null; text: string | null };
      promisedTimeLimit: { isDemo: boolean };
      demoFields: string[];
      demoCode: boolean;
      implementationCode: string | null;
      basicCode: string;
      departmentName: string | null;
    }>(r);
    expect(item.version).toBe(1);
    expect(item.legalTimeLimit.text).toContain('户口登记条例');
    const cert = item.materials.find((m) => m.name === '出生医学证明')!;
    expect(cert.source).toBe('government_issued');
    expect(cert.certificate).toBe('出生医学证明');
    expect(item.promisedTimeLimit.isDemo).toBe(true);
    expect(item.demoFields).toEqual(
      expect.arrayContaining(['promisedTimeLimit', 'onSiteVisits', 'basicCode']),
    );
    expect(item.departmentName).toBe('江苏省公安厅');
    expect(item.implementationCode).toHaveLength(31);
    expect(item.implementationCode!.slice(18)).toBe(`2${item.basicCode}`);

    // 普通护照签发: a legal limit of 15 日 and applicant-supplied next to government-issued materials.
    const passport = await anon.get('/api/v1/catalog/items/JS-GA-009');
    expect(passport.statusCode, passport.body).toBe(200);
    const pp = json<{
      legalTimeLimit: { days: number | null; unit: string | null };
      materials: { name: string; source: string }[];
    }>(passport);
    expect(pp.legalTimeLimit).toMatchObject({ days: 15, unit: 'days' });
    expect(pp.materials.find((m) => m.name === '居民身份证')?.source).toBe('government_issued');
    expect(pp.materials.find((m) => m.name === '近期免冠照片')?.source).toBe('applicant');

    // A real national basic code is not flagged as demo.
    const real = await anon.get('/api/v1/catalog/items/JS-WJ-009');
    expect(real.statusCode, real.body).toBe(200);
    const ri = json<{ demoCode: boolean; basicCode: string; demoFields: string[] }>(real);
    expect(ri.demoCode).toBe(false);
    expect(ri.basicCode).toBe('000123018000');
    expect(ri.demoFields).not.toContain('basicCode');
  });

  it('lists version 1 of an item and feeds published versions to connected systems', async () => {
    const r = await anon.get('/api/v1/catalog/items/JS-GA-001/versions');
    expect(r.statusCode, r.body).toBe(200);
    const v = json<{ items: { version: number; publishedBy: string }[] }>(r).items;
    expect(v).toEqual([expect.objectContaining({ version: 1, publishedBy: 'system' })]);

    const f1 = json<{ items: { position: number; itemId: string }[]; nextSince: number }>(
      await anon.get('/api/v1/catalog/feed?limit=100'),
    );
    expect(f1.items).toHaveLength(100);
    const f2 = json<{ items: { position: number }[]; nextSince: number }>(
      await anon.get(`/api/v1/catalog/feed?since=${f1.nextSince}&limit=500`),
    );
    expect(f2.items).toHaveLength(77);
    const f3 = json<{ items: unknown[]; nextSince: number }>(
      await anon.get(`/api/v1/catalog/feed?since=${f2.nextSince}`),
    );
    expect(f3.items).toHaveLength(0);
    expect(f3.nextSince).toBe(f2.nextSince);
  });

  it('refuses bad ids and paging with problem+json', async () => {
    expectProblem(await anon.get('/api/v1/catalog/items/JS-XX-999'), 404);
    expectProblem(await anon.get('/api/v1/catalog/items/JS-XX-999/versions'), 404);
    expectProblem(await anon.get(`/api/v1/catalog/items/${encodeURIComponent('bad id!')}`), 400);
    expectProblem(await anon.get('/api/v1/catalog/items?pageSize=0'), 400);
    expectProblem(await anon.get('/api/v1/catalog/items?pageSize=1000'), 400);
    expectProblem(await anon.get('/api/v1/catalog/items?page=abc'), 400);
    expectProblem(await anon.get('/api/v1/catalog/items?audience=alien'), 400);
    expectProblem(await anon.get('/api/v1/catalog/feed?since=-1'), 400);
  });
});
