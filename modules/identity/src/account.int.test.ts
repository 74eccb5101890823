import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => {
  await p?.dispose();
});

describe('separation of duties (三权分立)', () => {
  it('gives the system administrator, security administrator and auditor disjoint powers', async () => {
    const admin = new TestClient(p);
    const sec = new TestClient(p);
    const aud = new TestClient(p);
    await admin.login('admin');
    await sec.login('secadmin');
    await aud.login('auditor');
    // Only the auditor reads the audit trail.
    expect((await admin.get('/api/v1/audit')).statusCode).toBe(403);
    expect((await sec.get('/api/v1/audit')).statusCode).toBe(403);
    expect((await aud.get('/api/v1/audit')).statusCode).toBe(200);
    // Only the security administrator assigns roles.
    const target = (await admin.get('/api/v1/admin/accounts?q=clerk.xuanwu')).json().items[0];
    expect(
      (
        await admin.put(`/api/v1/admin/accounts/${target.id}/roles`, {
          roles: [{ role: 'officer', departmentId: '320102-xzspj' }],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await aud.put(`/api/v1/admin/accounts/${target.id}/roles`, {
          roles: [{ role: 'officer', departmentId: '320102-xzspj' }],
        })
      ).statusCode,
    ).toBe(403);
    // Only the system administrator creates accounts.
    const body = {
      username: 'temp.officer',
      displayName: '临时',
      password: 'Welcome#2026x',
      roles: [{ role: 'officer', departmentId: '320100-sj' }],
    };
    expect((await sec.post('/api/v1/admin/accounts', body)).statusCode).toBe(403);
    expect((await admin.post('/api/v1/admin/accounts', body)).statusCode).toBe(201);
  });

  it('refuses to give one account two of the separated duties, with a 409 that says why', async () => {
    const sec = new TestClient(p);
    await sec.login('secadmin');
    const target = (await sec.get('/api/v1/admin/accounts?q=auditor'))
      .json()
      .items.find((a: { username: string }) => a.username === 'auditor');
    const r = await sec.put(`/api/v1/admin/accounts/${target.id}/roles`, {
      roles: [
        { role: 'auditor', departmentId: '320000-zwb' },
        { role: 'sysadmin', departmentId: '320000-zwb' },
      ],
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('accounts.separation_of_duties');
    expect(r.json().messages['zh-CN']).toContain('三权分立');
    // Nothing was half-written: the auditor still holds exactly the auditor role.
    const after = (await sec.get('/api/v1/admin/accounts?q=auditor'))
      .json()
      .items.find((a: { username: string }) => a.username === 'auditor');
    expect(after.roles.map((x: { role: string }) => x.role)).toEqual(['auditor']);
  });

  it('does not let the security administrator change their own roles', async () => {
    const sec = new TestClient(p);
    const me = await sec.login('secadmin');
    const r = await sec.put(`/api/v1/admin/accounts/${me.session.account.id}/roles`, {
      roles: [{ role: 'auditor', departmentId: '320000-zwb' }],
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('accounts.self_grant');
  });
});

describe('region scoping', () => {
  it('shows a city administrator only the accounts of that city', async () => {
    const nj = new TestClient(p);
    await nj.login('admin.nanjing');
    const all = (await nj.get('/api/v1/admin/accounts?pageSize=100&kind=staff')).json();
    expect(all.total).toBeGreaterThan(5);
    for (const a of all.items) expect(a.regionCode).toMatch(/^3201/);
    const province = new TestClient(p);
    await province.login('admin');
    const everything = (await province.get('/api/v1/admin/accounts?pageSize=1&kind=staff')).json();
    expect(everything.total).toBeGreaterThan(all.total);
    // An account outside the city is "not found" for the city administrator, not revealed.
    const suzhou = (await province.get('/api/v1/admin/accounts?q=ops.suzhou')).json().items[0];
    const r = await nj.post(`/api/v1/admin/accounts/${suzhou.id}/disable`);
    expect(r.statusCode).toBe(404);
  });

  it('keeps a county clerk out of the console and the administration API', async () => {
    const clerk = new TestClient(p);
    const s = await clerk.login('clerk.xuanwu');
    expect(s.session.account.permissions).not.toContain('area.console');
    expect((await clerk.get('/api/v1/admin/accounts')).statusCode).toBe(403);
    expect((await clerk.get('/api/v1/audit')).statusCode).toBe(403);
  });
});

describe('account administration', () => {
  it('disables an account, ending its sessions, and enables it again — each change audited', async () => {
    const admin = new TestClient(p);
    await admin.login('admin');
    const officer = new TestClient(p);
    await officer.login('officer.nanjing');
    const id = (await admin.get('/api/v1/admin/accounts?q=officer.nanjing')).json().items[0].id;
    expect((await admin.post(`/api/v1/admin/accounts/${id}/disable`)).json().status).toBe('disabled');
    expect((await officer.get('/api/v1/session')).json().authenticated).toBe(false);
    expect((await admin.post(`/api/v1/admin/accounts/${id}/enable`)).json().status).toBe('active');
    const aud = new TestClient(p);
    await aud.login('auditor');
    const actions = (await aud.get('/api/v1/audit?pageSize=200'))
      .json()
      .items.filter((r: { resourceId: string }) => r.resourceId === id)
      .map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['account.disabled', 'account.enabled']));
  });

  it('rejects a weak password, an unknown role and an unknown department with clear 4xx', async () => {
    const admin = new TestClient(p);
    await admin.login('admin');
    const base = {
      username: 'x.user',
      displayName: 'X',
      password: 'Welcome#2026x',
      roles: [{ role: 'clerk', departmentId: '320102-xzspj' }],
    };
    expect((await admin.post('/api/v1/admin/accounts', { ...base, password: 'abc' })).json().code).toBe(
      'auth.password_policy',
    );
    expect(
      (
        await admin.post('/api/v1/admin/accounts', {
          ...base,
          roles: [{ role: 'emperor', departmentId: '320102-xzspj' }],
        })
      ).json().code,
    ).toBe('accounts.unknown_role');
    expect(
      (
        await admin.post('/api/v1/admin/accounts', {
          ...base,
          roles: [{ role: 'clerk', departmentId: 'nowhere' }],
        })
      ).json().code,
    ).toBe('accounts.unknown_department');
    expect((await admin.post('/api/v1/admin/accounts', { ...base, username: 'admin' })).statusCode).toBe(409);
    expect((await admin.get('/api/v1/admin/accounts?q=x.user')).json().total).toBe(0);
  });
});
