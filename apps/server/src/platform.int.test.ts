import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';
import {
  createOutboxWorker,
  createLogger,
  lockDataDir,
  DataDirLockedError,
  publishEvent,
  recordAudit,
  systemActor,
  loadConfig,
  ConfigError,
} from '@sufu/kernel';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => {
  await p?.dispose();
});

describe('audit trail', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, even from the application role', async () => {
    await recordAudit(
      p.database.db,
      { actor: systemActor('test'), requestId: 'r-1' },
      { action: 'test.tamper_target' },
    );
    const row = await sql<{
      id: string;
    }>`select id from audit.trail where action = 'test.tamper_target'`.execute(p.database.db);
    const id = row.rows[0]!.id;
    await expect(
      sql`update audit.trail set action = 'forged' where id = ${id}`.execute(p.database.db),
    ).rejects.toThrow(/append-only|permission denied/);
    await expect(sql`delete from audit.trail where id = ${id}`.execute(p.database.db)).rejects.toThrow(
      /append-only|permission denied/,
    );
    await expect(sql`truncate audit.trail`.execute(p.database.db)).rejects.toThrow(
      /append-only|permission denied/,
    );
    const still = await sql<{ action: string }>`select action from audit.trail where id = ${id}`.execute(
      p.database.db,
    );
    expect(still.rows[0]!.action).toBe('test.tamper_target');
  });

  it('is written in the same transaction as the change: a rolled-back change leaves no audit row', async () => {
    await expect(
      p.database.db.transaction().execute(async (trx) => {
        await recordAudit(
          trx,
          { actor: systemActor('test'), requestId: 'r-2' },
          { action: 'test.rolled_back' },
        );
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const n = await sql<{
      n: string;
    }>`select count(*)::text as n from audit.trail where action = 'test.rolled_back'`.execute(p.database.db);
    expect(n.rows[0]!.n).toBe('0');
  });

  it('records sign-ins with actor, department, region and request id, and exports them as CSV for the auditor', async () => {
    const c = new TestClient(p);
    await c.login('clerk.xuanwu');
    const aud = new TestClient(p);
    await aud.login('auditor');
    const list = (await aud.get('/api/v1/audit?action=auth.login')).json();
    const mine = list.items.find((r: { actorDisplay: string }) => r.actorDisplay === '王芳');
    expect(mine).toMatchObject({
      actorRole: 'clerk',
      departmentId: '320102-xzspj',
      regionCode: '320102',
      departmentName: '南京市玄武区行政审批局',
      outcome: 'success',
    });
    expect(mine.requestId).toBeTruthy();
    const csv = await aud.get('/api/v1/audit/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('auth.login');
    expect(csv.body.split('\n')[0]).toContain('actorDisplay');
  });
});

describe('outbox', () => {
  it('delivers an event at least once, retries a failing reaction, and never repeats its database effect', async () => {
    await sql`create table if not exists public.outbox_probe (event_id bigint primary key, n int not null default 1)`.execute(
      p.database.db,
    );
    let failures = 1;
    const worker = createOutboxWorker(
      p.database.db,
      [
        {
          name: 'test.probe',
          topic: 'test.happened',
          async handle(event, trx) {
            if (failures-- > 0) throw new Error('transient');
            await sql`insert into public.outbox_probe (event_id) values (${event.id}) on conflict (event_id) do update set n = outbox_probe.n + 1`.execute(
              trx,
            );
          },
        },
      ],
      createLogger({ level: 'silent' }),
    );
    await p.database.db.transaction().execute(async (trx) => publishEvent(trx, 'test.happened', { x: 1 }));
    // A rolled-back publication never reaches the worker.
    await p.database.db
      .transaction()
      .execute(async (trx) => {
        await publishEvent(trx, 'test.happened', { x: 2 });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await worker.pending()).toBe(1);
    expect(await worker.drain()).toBe(0);
    await sql`update kernel.outbox_delivery set next_attempt_at = now() - interval '1 second'`.execute(
      p.database.db,
    );
    expect(await worker.drain()).toBe(1);
    expect(await worker.drain()).toBe(0);
    const rows = await sql<{ n: number }>`select n from public.outbox_probe`.execute(p.database.db);
    expect(rows.rows).toEqual([{ n: 1 }]);
    expect(await worker.pending()).toBe(0);
  });
});

describe('health and documents', () => {
  it('answers /healthz, /readyz and serves the OpenAPI 3.1 document', async () => {
    expect((await p.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = (await p.app.inject('/readyz')).json();
    expect(ready.status).toBe('ok');
    expect(ready.migrations.pending).toBe(0);
    const doc = (await p.app.inject('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/session/login', '/api/v1/audit', '/api/v1/calendar/add-working-days']),
    );
    expect((await p.app.inject('/docs/')).statusCode).toBe(200);
  });

  it('answers unknown API routes with a 404 problem, and sets security headers', async () => {
    const r = await p.app.inject('/api/v1/no-such-thing');
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-request-id']).toBeTruthy();
  });

  it('refuses a body over the limit with 413 and a malformed JSON body with 400', async () => {
    const c = new TestClient(p);
    await c.get('/api/v1/session');
    const big = await p.app.inject({
      method: 'POST',
      url: '/api/v1/session/login',
      cookies: c.cookies,
      headers: { 'x-csrf-token': c.cookies.sufu_csrf!, 'content-type': 'application/json' },
      payload: `{"username":"${'x'.repeat(1_100_000)}"}`,
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('request.too_large');
    const bad = await p.app.inject({
      method: 'POST',
      url: '/api/v1/session/login',
      cookies: c.cookies,
      headers: { 'x-csrf-token': c.cookies.sufu_csrf!, 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('request.malformed');
  });
});

describe('working-day calendar', () => {
  it('computes deadlines on the official calendar and flags a date beyond the last known year', async () => {
    const c = new TestClient(p);
    await c.login('clerk.xuanwu');
    const r = (await c.get('/api/v1/calendar/add-working-days?from=2025-09-30&days=1')).json();
    expect(r).toMatchObject({ due: '2025-10-09', beyondKnownCalendar: false });
    const far = (await c.get('/api/v1/calendar/add-working-days?from=2026-12-20&days=20')).json();
    expect(far.beyondKnownCalendar).toBe(true);
    expect(far.unknownYears).toEqual([2027]);
    const bad = await c.get('/api/v1/calendar/add-working-days?from=2026-02-30&days=1');
    expect(bad.statusCode).toBe(400);
  });

  it('lets the system administrator enter next year’s arrangement, after which 2027 deadlines are no longer flagged', async () => {
    const admin = new TestClient(p);
    await admin.login('admin');
    const body = {
      source: '测试：国务院办公厅关于2027年部分节假日安排的通知（示例）',
      holidays: [
        { name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
        { name: '春节', nameEn: 'Spring Festival', from: '2027-02-05', to: '2027-02-13' },
      ],
      makeupWorkdays: ['2027-02-14'],
    };
    const notWeekend = await admin.put('/api/v1/calendar/years/2027', {
      ...body,
      makeupWorkdays: ['2027-02-15'],
    });
    expect(notWeekend.statusCode).toBe(422);
    const saved = await admin.put('/api/v1/calendar/years/2027', body);
    expect(saved.statusCode).toBe(200);
    const clerk = new TestClient(p);
    await clerk.login('clerk.xuanwu');
    expect((await clerk.put('/api/v1/calendar/years/2027', body)).statusCode).toBe(403);
    const r = (await clerk.get('/api/v1/calendar/add-working-days?from=2027-02-04&days=1')).json();
    expect(r).toMatchObject({ due: '2027-02-14', beyondKnownCalendar: false });
  });
});

describe('configuration and the embedded database lock', () => {
  it('lists every bad configuration value at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SUFU_LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('SUFU_LOG_LEVEL');
    }
  });

  it('refuses a second process on the same data folder with a clear message, and takes over a stale lock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sufu-lock-'));
    const lock = lockDataDir(dir);
    const script = `import('@sufu/kernel').then(({ lockDataDir }) => { try { lockDataDir(${JSON.stringify(dir)}); console.log('LOCKED'); } catch (e) { console.log(e.name + ': ' + e.message); } })`;
    const out = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd() });
      let s = '';
      child.stdout.on('data', (d: Buffer) => (s += d.toString()));
      child.on('close', () => resolve(s));
    });
    expect(out).toContain('DataDirLockedError');
    expect(out).toContain(String(process.pid));
    lock.release();
    fs.writeFileSync(path.join(dir, 'sufu.lock'), '999999\n');
    const again = lockDataDir(dir);
    again.release();
    expect(() => lockDataDir(dir).release()).not.toThrow();
    expect(DataDirLockedError).toBeDefined();
  });
});

describe('bad input at the edge', () => {
  it('answers router refusals and NUL characters with problem+json 400, never a 5xx', async () => {
    const c = new TestClient(p);
    await c.login('admin');
    for (const url of [
      '/api/v1/regions?parent=%ZZ',
      '/api/v1/admin/accounts/%FF/unlock',
      `/api/v1/organisations/${'a'.repeat(201)}/agents`,
      '/api/v1/departments?q=%00',
    ]) {
      const r = await c.get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.headers['content-type'], url).toContain('application/problem+json');
    }
    const nul = await c.post('/api/v1/session/login', { username: 'a\u0000b', password: 'x' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().code).toBe('request.nul_character');
  });

  it('refuses a holiday arrangement that would break the calendar, and leaves the calendar working', async () => {
    const admin = new TestClient(p);
    await admin.login('admin');
    const gap = await admin.put('/api/v1/calendar/years/2029', {
      source: '测试通知（示例）',
      holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2029-01-01', to: '2029-01-01' }],
      makeupWorkdays: [],
    });
    expect(gap.statusCode).toBe(422);
    expect(JSON.stringify(gap.json().errors)).toContain('missing');
    expect((await admin.get('/api/v1/calendar/years')).statusCode).toBe(200);
    const unknown = await admin.get('/api/v1/calendar/working-days-between?from=2019-01-01&to=2019-01-03');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('calendar.year_unknown');
  });
});
