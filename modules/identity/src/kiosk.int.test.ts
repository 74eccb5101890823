import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { lastSmsTo } from '@sufu/kernel';
import { createRng, generateIdNumber } from '@sufu/china-ids';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';
import { DEMO_ORGANISATION } from '@sufu/identity';
import { KIOSK_ABSOLUTE_SECONDS, KIOSK_IDLE_SECONDS } from './kiosk.service.ts';

/**
 * Sign-in at the self-service terminals: ID number + SMS code to the mobile on file, or
 * the 苏服码 scanned by the terminal; short kiosk sessions; no enumeration of ID numbers.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => {
  await p?.dispose();
});

const ZHANG_WEI = { idNumber: '320102199003071239', mobile: '13951000001' };
const codeSentTo = (mobile: string) => lastSmsTo(p.config.dataDir, mobile)?.params.code ?? '';
const smsCount = () => {
  const file = path.join(p.config.dataDir, 'sms-outbox.jsonl');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').length : 0;
};

async function kioskAudit(accountId: string) {
  const r = await sql<{ action: string; details: { method: string } | null; actor_id: string | null }>`
    select action, details, actor_id from audit.trail
    where action = 'session.kiosk_login' and resource_id = ${accountId} order by id`.execute(p.database.db);
  return r.rows;
}

async function sessionRowOf(client: TestClient) {
  const id = createHash('sm3')
    .update(client.cookies.sufu_sid ?? '')
    .digest('hex');
  const r = await sql<{
    idle_timeout_seconds: number;
    expires_at: Date;
    created_at: Date;
  }>`select idle_timeout_seconds, expires_at, created_at from identity.sessions where id = ${id}`.execute(
    p.database.db,
  );
  return { id, row: r.rows[0]! };
}

describe('kiosk sign-in with ID number and SMS code', () => {
  it('sends a code to the mobile on file, refuses a wrong code with problem+json, and signs in a short kiosk session', async () => {
    const c = new TestClient(p, '10.7.0.1');
    const sent = await c.post('/api/v1/session/kiosk/code', { idNumber: ZHANG_WEI.idNumber });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    const sms = lastSmsTo(p.config.dataDir, ZHANG_WEI.mobile);
    expect(sms?.text).toMatch(/【苏服办】您的登录验证码为 \d{6}/);

    const wrong = await c.post('/api/v1/session/kiosk/login', {
      idNumber: ZHANG_WEI.idNumber,
      code: '000000',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.json().code).toBe('otp.invalid');
    expect(c.cookies.sufu_sid).toBeUndefined();

    const r = await c.post('/api/v1/session/kiosk/login', {
      idNumber: ZHANG_WEI.idNumber,
      code: codeSentTo(ZHANG_WEI.mobile),
    });
    expect(r.statusCode, r.body).toBe(200);
    const session = r.json().session;
    expect(session.account.displayName).toBe('张伟');
    expect(session.idleTimeoutSeconds).toBe(KIOSK_IDLE_SECONDS);
    const expiresIn = (Date.parse(session.expiresAt) - Date.now()) / 1000;
    expect(expiresIn).toBeGreaterThan(KIOSK_ABSOLUTE_SECONDS - 30);
    expect(expiresIn).toBeLessThanOrEqual(KIOSK_ABSOLUTE_SECONDS);
    const cookie = (r.cookies as { name: string; maxAge?: number }[]).find((k) => k.name === 'sufu_sid');
    expect(cookie?.maxAge).toBe(KIOSK_ABSOLUTE_SECONDS);

    // The stored session carries the kiosk lifetimes, and GET /session reports them.
    const { row } = await sessionRowOf(c);
    expect(row.idle_timeout_seconds).toBe(KIOSK_IDLE_SECONDS);
    expect((row.expires_at.getTime() - row.created_at.getTime()) / 1000).toBeLessThanOrEqual(
      KIOSK_ABSOLUTE_SECONDS + 5,
    );
    const current = (await c.get('/api/v1/session')).json();
    expect(current.authenticated).toBe(true);
    expect(current.idleTimeoutSeconds).toBe(KIOSK_IDLE_SECONDS);
    expect((await c.get('/api/v1/me/profile')).statusCode).toBe(200);

    // The code was used up.
    const again = await new TestClient(p, '10.7.0.2').post('/api/v1/session/kiosk/login', {
      idNumber: ZHANG_WEI.idNumber,
      code: codeSentTo(ZHANG_WEI.mobile),
    });
    expect(again.statusCode).toBe(401);

    const audit = await kioskAudit(session.account.id);
    expect(audit.at(-1)?.details?.method).toBe('sms');
    expect(audit.at(-1)?.actor_id).toBe(session.account.id);
  });

  it('answers an unknown ID number exactly like a known one, and sends nothing', async () => {
    const outsider = generateIdNumber(createRng('kiosk-outsider'), { regionCode: '320106' });
    const before = smsCount();
    const unknown = await new TestClient(p, '10.7.0.3').post('/api/v1/session/kiosk/code', {
      idNumber: outsider,
    });
    // A known ID number asked again within the resend interval: also 202, same body.
    const known = await new TestClient(p, '10.7.0.4').post('/api/v1/session/kiosk/code', {
      idNumber: ZHANG_WEI.idNumber,
    });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(unknown.headers['retry-after']).toBeUndefined();
    expect(known.headers['retry-after']).toBeUndefined();
    expect(smsCount()).toBe(before);

    // Signing in with an unknown ID number is the same refusal as a wrong code.
    const login = await new TestClient(p, '10.7.0.3').post('/api/v1/session/kiosk/login', {
      idNumber: outsider,
      code: '123456',
    });
    expect(login.statusCode).toBe(401);
    expect(login.json().code).toBe('otp.invalid');

    // A malformed ID number is a validation problem (it says nothing about registration).
    const bad = await new TestClient(p, '10.7.0.3').post('/api/v1/session/kiosk/code', {
      idNumber: '320102199003071238',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('registration.invalid_id_number');
  });

  it('ends a kiosk session after 3 minutes idle, while an ordinary session lives on', async () => {
    // A fresh code: the first test's is used up, and the resend interval is moved back.
    await sql`update identity.otp_challenges set created_at = created_at - interval '2 minutes'`.execute(
      p.database.db,
    );
    const c = new TestClient(p, '10.7.0.5');
    expect((await c.post('/api/v1/session/kiosk/code', { idNumber: ZHANG_WEI.idNumber })).statusCode).toBe(
      202,
    );
    const r = await c.post('/api/v1/session/kiosk/login', {
      idNumber: ZHANG_WEI.idNumber,
      code: codeSentTo(ZHANG_WEI.mobile),
    });
    expect(r.statusCode, r.body).toBe(200);
    const { id } = await sessionRowOf(c);

    const portal = new TestClient(p, '10.7.0.6');
    await portal.login(ZHANG_WEI.mobile);
    const other = await sessionRowOf(portal);

    // 150 s idle: still signed in (and last-seen is refreshed).
    await sql`update identity.sessions set last_seen_at = now() - interval '150 seconds' where id = ${id}`.execute(
      p.database.db,
    );
    expect((await c.get('/api/v1/session')).json().authenticated).toBe(true);

    // 181 s idle: the kiosk session is over; an ordinary resident session idle as long is not.
    await sql`update identity.sessions set last_seen_at = now() - interval '181 seconds' where id in (${id}, ${other.id})`.execute(
      p.database.db,
    );
    expect((await c.get('/api/v1/session')).json().authenticated).toBe(false);
    expect((await c.get('/api/v1/me/profile')).statusCode).toBe(401);
    expect((await portal.get('/api/v1/session')).json().authenticated).toBe(true);
  });

  it('ends a kiosk session at its absolute lifetime even when active', async () => {
    await sql`update identity.otp_challenges set created_at = created_at - interval '2 minutes'`.execute(
      p.database.db,
    );
    const c = new TestClient(p, '10.7.0.7');
    await c.post('/api/v1/session/kiosk/code', { idNumber: ZHANG_WEI.idNumber });
    const r = await c.post('/api/v1/session/kiosk/login', {
      idNumber: ZHANG_WEI.idNumber,
      code: codeSentTo(ZHANG_WEI.mobile),
    });
    expect(r.statusCode, r.body).toBe(200);
    const { id } = await sessionRowOf(c);
    await sql`update identity.sessions set expires_at = now() - interval '1 second', last_seen_at = now() where id = ${id}`.execute(
      p.database.db,
    );
    expect((await c.get('/api/v1/session')).json().authenticated).toBe(false);
  });
});

describe('kiosk sign-in with the 苏服码', () => {
  async function personalCode() {
    const account = await sql<{ id: string }>`
      select id from identity.accounts where username = ${ZHANG_WEI.mobile}`.execute(p.database.db);
    const holder = await p.modules.identity.api.holderOfAccount(account.rows[0]!.id);
    return (await p.modules.serviceCode.api.issueFor(holder!)).code;
  }

  it('signs the holder in once per code, logs the scan for the holder, and audits the kiosk sign-in', async () => {
    const code = await personalCode();
    const c = new TestClient(p, '10.7.1.1');
    // Scanners in keyboard-wedge mode end the string with a newline; it is ignored.
    const r = await c.post('/api/v1/session/kiosk/service-code', { code: `${code}\r\n` });
    expect(r.statusCode, r.body).toBe(200);
    const session = r.json().session;
    expect(session.account.displayName).toBe('张伟');
    expect(session.idleTimeoutSeconds).toBe(KIOSK_IDLE_SECONDS);
    expect((await sessionRowOf(c)).row.idle_timeout_seconds).toBe(KIOSK_IDLE_SECONDS);
    expect((await kioskAudit(session.account.id)).at(-1)?.details?.method).toBe('service-code');

    // The resident sees the kiosk scan in their own history.
    const scans = await c.get('/api/v1/service-code/me/scans');
    expect(scans.statusCode, scans.body).toBe(200);
    expect(JSON.stringify(scans.json().items[0])).toContain('自助终端登录');

    // A photographed code cannot be used again.
    const replay = await new TestClient(p, '10.7.1.2').post('/api/v1/session/kiosk/service-code', { code });
    expect(replay.statusCode).toBe(409);
    expect(replay.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(replay.json().code).toBe('service_code.replayed');
  });

  it('refuses what is not a personal 苏服码', async () => {
    const c = new TestClient(p, '10.7.1.3');
    const foreign = await c.post('/api/v1/session/kiosk/service-code', { code: 'HC1:NCFOXN%TS3DH' });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().code).toBe('service_code.foreign');
    const truncated = await c.post('/api/v1/session/kiosk/service-code', { code: 'SFM1:' });
    expect(truncated.statusCode).toBe(422);

    const org = await sql<{ id: string }>`
      select id from identity.organisations where credit_code = ${DEMO_ORGANISATION.creditCode}`.execute(
      p.database.db,
    );
    const holder = await p.modules.identity.api.getHolder('organisation', org.rows[0]!.id);
    const enterprise = (await p.modules.serviceCode.api.issueFor(holder!)).code;
    const r = await c.post('/api/v1/session/kiosk/service-code', { code: enterprise });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('kiosk.personal_code_only');
    expect(c.cookies.sufu_sid).toBeUndefined();
  });
});
