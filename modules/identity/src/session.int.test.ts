import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';
import { DEMO_PASSWORD, demoTotpSecret, totpCode } from '@sufu/identity';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => {
  await p?.dispose();
});

describe('resident sign-in', () => {
  it('signs in with the ID number, the mobile number or the username, and reaches only the portal', async () => {
    for (const username of ['320102199003071239', '13951000001']) {
      const c = new TestClient(p);
      const r = await c.login(username);
      expect(r.status).toBe('authenticated');
      const s = (await c.get('/api/v1/session')).json();
      expect(s.authenticated).toBe(true);
      expect(s.account.displayName).toBe('张伟');
      expect(s.account.areas).toEqual(['portal']);
      expect(s.idleTimeoutSeconds).toBe(30 * 60);
    }
  });

  it('shows the resident a masked profile and records that read in "who used my data"', async () => {
    const c = new TestClient(p);
    await c.login('13951000001');
    const profile = (await c.get('/api/v1/me/profile')).json();
    expect(profile.idNumberMasked).toBe('320102********1239');
    expect(profile.mobileMasked).toBe('139****0001');
    expect(JSON.stringify(profile)).not.toContain('320102199003071239');
    const log = (await c.get('/api/v1/me/data-access')).json();
    expect(log.items[0].action).toBe('person.profile_read');
    expect(log.items[0].actionName['zh-CN']).toBe('查看个人资料');
  });

  it('refuses a wrong password with a problem in both languages, and never says which part was wrong', async () => {
    const c = new TestClient(p);
    const r = await c.post('/api/v1/session/login', {
      username: '13951000002',
      password: 'wrong-password-1!',
    });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const body = r.json();
    expect(body.code).toBe('auth.invalid_credentials');
    expect(body.messages['zh-CN']).toBe('账号或密码错误。');
    expect(body.messages.en).toBe('Wrong account or password.');
    const unknown = await c.post('/api/v1/session/login', { username: 'nobody-here', password: 'x' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('auth.invalid_credentials');
  });

  it('refuses an unsafe request without the CSRF header', async () => {
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/session/login',
      payload: { username: 'a', password: 'b' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('auth.csrf');
  });
});

describe('staff second factor', () => {
  it('asks staff for a TOTP code after the password, and a reused code is refused', async () => {
    const c = new TestClient(p);
    const first = await c.post('/api/v1/session/login', { username: 'head.xuanwu', password: DEMO_PASSWORD });
    expect(first.json()).toEqual({ status: 'totp_required' });
    // Before the second factor the session is not signed in.
    expect((await c.get('/api/v1/session')).json().authenticated).toBe(false);
    expect((await c.get('/api/v1/me/profile')).statusCode).toBe(401);
    const code = totpCode(demoTotpSecret('head.xuanwu'));
    const ok = await c.post('/api/v1/session/totp', { code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().session.account.areas).toEqual(['workbench']);
    expect(ok.json().session.idleTimeoutSeconds).toBe(15 * 60);

    const again = new TestClient(p);
    await again.post('/api/v1/session/login', { username: 'head.xuanwu', password: DEMO_PASSWORD });
    const replay = await again.post('/api/v1/session/totp', { code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('auth.totp_invalid');
  });

  it('enrols an authenticator for a new staff account at first sign-in', async () => {
    const admin = new TestClient(p);
    await admin.login('admin');
    const created = await admin.post('/api/v1/admin/accounts', {
      username: 'new.clerk',
      displayName: '新窗口',
      password: 'Welcome#2026x',
      roles: [{ role: 'clerk', departmentId: '320102-xzspj' }],
    });
    expect(created.statusCode).toBe(201);
    const c = new TestClient(p);
    const r = (
      await c.post('/api/v1/session/login', { username: 'new.clerk', password: 'Welcome#2026x' })
    ).json();
    expect(r.status).toBe('totp_enrolment_required');
    expect(r.enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/);
    const bad = await c.post('/api/v1/session/totp/enrol', { code: '000000' });
    expect(bad.statusCode).toBe(401);
    const ok = await c.post('/api/v1/session/totp/enrol', { code: totpCode(r.enrolment.secret) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().session.account.username).toBe('new.clerk');
  });
});

describe('lockout', () => {
  it('locks an account after 5 consecutive failures, even with the right password, until a security administrator unlocks it', async () => {
    const c = new TestClient(p, '10.0.0.1');
    // A successful sign-in resets the count of consecutive failures.
    await new TestClient(p).login('13951000002');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await c.post('/api/v1/session/login', { username: '13951000002', password: `nope-${i}` }))
          .statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const right = await c.post('/api/v1/session/login', { username: '13951000002', password: DEMO_PASSWORD });
    expect(right.statusCode).toBe(423);
    expect(right.json().code).toBe('auth.account_locked');

    const sec = new TestClient(p);
    await sec.login('secadmin');
    const list = (await sec.get('/api/v1/admin/accounts?q=13951000002')).json();
    expect(list.items[0].status).toBe('locked');
    const unlocked = await sec.post(`/api/v1/admin/accounts/${list.items[0].id}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().status).toBe('active');
    expect((await c.login('13951000002')).status).toBe('authenticated');
  });

  it('rate-limits sign-in attempts per IP', async () => {
    const c = new TestClient(p, '10.9.9.9');
    let limited = 0;
    for (let i = 0; i < 25; i++) {
      const r = await c.post('/api/v1/session/login', { username: `ghost${i}`, password: 'x' });
      if (r.statusCode === 429) {
        limited++;
        expect(r.json().code).toBe('rate_limited');
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(limited).toBeGreaterThan(0);
  });
});

describe('session lifetime', () => {
  it('ends the session at logout', async () => {
    const c = new TestClient(p);
    await c.login('13951000001');
    const sid = c.cookies.sufu_sid!;
    expect((await c.post('/api/v1/session/logout')).statusCode).toBe(204);
    const reuse = await p.app.inject({
      method: 'GET',
      url: '/api/v1/me/profile',
      cookies: { sufu_sid: sid },
    });
    expect(reuse.statusCode).toBe(401);
  });

  it('ends every session of the account when the password changes', async () => {
    const a = new TestClient(p);
    const b = new TestClient(p);
    await a.login('320583198511110025');
    await b.login('320583198511110025');
    const weak = await a.post('/api/v1/me/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('auth.password_policy');
    const r = await a.post('/api/v1/me/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'New#Pass2026',
    });
    expect(r.statusCode).toBe(204);
    expect((await b.get('/api/v1/me/profile')).statusCode).toBe(401);
    expect((await a.get('/api/v1/me/profile')).statusCode).toBe(401);
    const c = new TestClient(p);
    expect((await c.login('320583198511110025', 'New#Pass2026')).status).toBe('authenticated');
    await c.post('/api/v1/me/password', { currentPassword: 'New#Pass2026', newPassword: DEMO_PASSWORD });
  });

  it('ends a session after its idle timeout and after 12 hours in any case', async () => {
    const c = new TestClient(p);
    await c.login('13951000001');
    expect((await c.get('/api/v1/me/profile')).statusCode).toBe(200);
    await sql`update identity.sessions set last_seen_at = now() - interval '31 minutes' where revoked_at is null and mfa_passed`.execute(
      p.database.db,
    );
    expect((await c.get('/api/v1/me/profile')).statusCode).toBe(401);
    const d = new TestClient(p);
    await d.login('13951000001');
    await sql`update identity.sessions set expires_at = now() - interval '1 second' where revoked_at is null and mfa_passed`.execute(
      p.database.db,
    );
    expect((await d.get('/api/v1/me/profile')).statusCode).toBe(401);
  });

  it('lists my sessions and lets me end another one', async () => {
    const a = new TestClient(p);
    const b = new TestClient(p);
    await a.login('13951000001');
    await b.login('13951000001');
    const list = (await a.get('/api/v1/me/sessions')).json().items as { id: string; current: boolean }[];
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const other = list.find((s) => !s.current)!;
    expect((await a.delete(`/api/v1/me/sessions/${other.id}`)).statusCode).toBe(204);
    expect((await b.get('/api/v1/me/profile')).statusCode).toBe(401);
    expect((await a.get('/api/v1/me/profile')).statusCode).toBe(200);
  });
});
