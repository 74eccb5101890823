import { afterAll, beforeAll, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '@sufu/testing';
let p: TestPlatform;
beforeAll(async () => { p = await createTestPlatform(); });
afterAll(async () => { await p.dispose(); });
it('dump', async () => {
  const r = await p.app.inject({ method: 'GET', url: '/openapi.json' });
  const doc = r.json() as { paths: Record<string, Record<string, unknown>> };
  for (const [path, ops] of Object.entries(doc.paths)) for (const [m, op] of Object.entries(ops)) console.log(m.toUpperCase(), path, JSON.stringify(op).slice(0, 1500));
  const t = Date.now();
  for (let i = 0; i < 500; i++) await p.app.inject({ method: 'GET', url: '/api/v1/regions?parent=320100' });
  console.log('500 regions', Date.now() - t);
});
