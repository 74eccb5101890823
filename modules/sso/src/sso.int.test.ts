import http from 'node:http';
import net from 'node:net';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@sufu/kernel';
import { bootPlatform, type Platform } from '@sufu/server';
import { DEMO_PASSWORD } from '@sufu/identity';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';
import { DEMO_CLIENTS } from './demo.ts';
import { ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from './catalogue.ts';

/**
 * Single sign-on end to end, with a real relying party: openid-client 6 against the
 * platform listening on a loopback port, a fetch-based "browser" with a cookie jar that
 * signs in to the platform with its own login API, consents on the zh-CN page and lands on
 * the client's callback. Then refresh, pairwise subjects across departments, client
 * credentials, token exchange, key rotation, logout (RP-initiated and back-channel), the
 * admin API, rate limits, and a restart on the same database.
 */

const RESIDENT = '13951000001'; // 张伟, real-name level L2
const [DEPT, POLICE] = DEMO_CLIENTS as [(typeof DEMO_CLIENTS)[0], (typeof DEMO_CLIENTS)[0]];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A browser: follows nothing by itself, keeps cookies by name. */
class Browser {
  cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(new URL(url, this.base), { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const gone =
        value === '' ||
        attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
        attrs.some((a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now());
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects on the platform; stops at a page (2xx/4xx) or when leaving the platform. */
  async follow(url: string, init?: RequestInit): Promise<{ res: Response; url: string }> {
    let res = await this.fetch(url, init);
    let current = new URL(url, this.base).toString();
    for (let hops = 0; hops < 10 && res.status >= 300 && res.status < 400; hops++) {
      current = new URL(res.headers.get('location')!, current).toString();
      if (!current.startsWith(this.base)) return { res, url: current };
      res = await this.fetch(current);
    }
    return { res, url: current };
  }

  /** Signs in to the platform itself, as the web app's login page does. */
  async platformLogin(username: string, password = DEMO_PASSWORD) {
    await this.fetch('/api/v1/session');
    const res = await this.fetch('/api/v1/session/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': this.cookies.get('sufu_csrf')! },
      body: JSON.stringify({ username, password }),
    });
    expect(res.status).toBe(200);
  }

  async platformLogout() {
    const res = await this.fetch('/api/v1/session/logout', {
      method: 'POST',
      headers: { 'x-csrf-token': this.cookies.get('sufu_csrf')! },
    });
    expect(res.status).toBe(204);
  }
}

/** The OAuth error code of a failed openid-client call (body error or WWW-Authenticate challenge). */
async function oauthError(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    const err = e as { error?: string; cause?: { parameters?: { error?: string } }[] };
    return err.error ?? err.cause?.[0]?.parameters?.error;
  }
}

const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? null;
const formAction = (html: string) => /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? null;

type Rp = { config: oidc.Configuration; redirectUri: string; clientId: string };

async function relyingParty(
  issuer: string,
  c: { clientId: string; secret: string; redirectUri: string },
): Promise<Rp> {
  const config = await oidc.discovery(
    new URL(issuer),
    c.clientId,
    { redirect_uris: [c.redirectUri], response_types: ['code'] },
    oidc.ClientSecretBasic(c.secret),
    { execute: [oidc.allowInsecureRequests] },
  );
  return { config, redirectUri: c.redirectUri, clientId: c.clientId };
}

type SignIn = {
  tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  consentHtml: string | null;
  sub: string;
};

/** The whole browser round trip of an authorization code + PKCE sign-in. */
async function signIn(
  browser: Browser,
  rp: Rp,
  opts: { scope: string; prompt?: string; login?: string; consent?: 'allow' | 'deny' },
): Promise<SignIn> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(rp.config, {
    redirect_uri: rp.redirectUri,
    scope: opts.scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(opts.prompt ? { prompt: opts.prompt } : {}),
  });
  let step = await browser.follow(url.toString());
  if (new URL(step.url).pathname === '/login') {
    // Not signed in: the interaction sent the browser to the web app's login page.
    const login = new URL(step.url);
    expect(login.pathname).toBe('/login');
    const next = login.searchParams.get('next')!;
    expect(next).toMatch(/^\/oidc\/interaction\/[A-Za-z0-9_-]+$/);
    await browser.platformLogin(opts.login ?? RESIDENT);
    step = await browser.follow(next);
  }
  let consentHtml: string | null = null;
  if (step.res.status === 200 && step.url.includes('/oidc/interaction/')) {
    consentHtml = await step.res.text();
    const action = formAction(consentHtml)!;
    step = await browser.follow(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        csrf: hidden(consentHtml, 'csrf')!,
        decision: opts.consent ?? 'allow',
      }).toString(),
    });
  }
  expect(step.url.startsWith(rp.redirectUri)).toBe(true);
  const tokens = await oidc.authorizationCodeGrant(rp.config, new URL(step.url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  return { tokens, consentHtml, sub: tokens.claims()!.sub };
}

describe('single sign-on with a real relying party', () => {
  let platform: TestPlatform;
  let current: Platform;
  let base: string;
  let port: number;
  let dept: Rp;
  let police: Rp;
  const browser = () => new Browser(base);
  let main: Browser;
  let first: SignIn;
  let residentAccountId: string;

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    platform = await createTestPlatform({ env: { SUFU_PUBLIC_URL: base } });
    current = platform;
    await platform.app.listen({ port, host: '127.0.0.1' });
    dept = await relyingParty(base, {
      clientId: DEPT.clientId,
      secret: DEPT.secret,
      redirectUri: DEPT.redirectUris[0]!,
    });
    police = await relyingParty(base, {
      clientId: POLICE.clientId,
      secret: POLICE.secret,
      redirectUri: POLICE.redirectUris[0]!,
    });
    main = browser();
    const row = await sql<{
      id: string;
    }>`select id from identity.accounts where username = ${RESIDENT}`.execute(platform.database.db);
    residentAccountId = row.rows[0]!.id;
  });

  afterAll(async () => {
    if (current !== platform) await current.close().catch(() => undefined);
    await platform.dispose();
  });

  it('publishes discovery at the root with the issuer = public URL', async () => {
    const meta = dept.config.serverMetadata();
    expect(meta.issuer).toBe(base);
    expect(meta.authorization_endpoint).toBe(`${base}/oidc/auth`);
    expect(meta.token_endpoint).toBe(`${base}/oidc/token`);
    expect(meta.jwks_uri).toBe(`${base}/oidc/jwks`);
    expect(meta.end_session_endpoint).toBe(`${base}/oidc/session/end`);
    expect(meta.subject_types_supported).toContain('pairwise');
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.grant_types_supported).toEqual(
      expect.arrayContaining([
        'authorization_code',
        'refresh_token',
        'client_credentials',
        TOKEN_EXCHANGE_GRANT,
      ]),
    );
    expect(meta.backchannel_logout_supported).toBe(true);
    expect(meta.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post']);
    // Provider state lives in the database, not in memory.
    const r = await sql<{
      n: string;
    }>`select count(*) as n from sso.signing_keys where state in ('active','next')`.execute(
      platform.database.db,
    );
    expect(Number(r.rows[0]!.n)).toBe(2);
  });

  it('signs a resident in with code + PKCE: zh-CN consent, verified ID token, Chinese userinfo', async () => {
    first = await signIn(main, dept, {
      scope: 'openid profile realname phone offline_access me.read',
      prompt: 'consent',
    });
    const html = first.consentHtml!;
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('南京市市场监督管理局业务系统');
    expect(html).toContain('（南京市市场监督管理局）');
    for (const label of ['姓名', '实名等级', '手机号码', '以您的身份查看您在平台的账户信息'])
      expect(html).toContain(label);
    expect(html).toContain('<button type="submit" name="decision" value="allow"');
    expect(html).toContain('<button type="submit" name="decision" value="deny"');
    expect(html).not.toMatch(/<script|style="/);

    const { tokens } = first;
    expect(tokens.refresh_token).toBeTruthy();
    // The ID token verifies against the published JWKS.
    const jwks = createRemoteJWKSet(new URL(`${base}/oidc/jwks`));
    const { payload } = await jwtVerify(tokens.id_token!, jwks, { issuer: base, audience: DEPT.clientId });
    expect(payload.sub).toBe(first.sub);
    expect(first.sub).not.toBe(residentAccountId); // pairwise, not the internal id

    const info = await oidc.fetchUserInfo(dept.config, tokens.access_token, first.sub);
    expect(info.name).toBe('张伟');
    expect(info.real_name_level).toBe('L2');
    expect(info.phone_number).toBe('+8613951000001');
    expect(info.region_code).toBe('320102');
    expect(info.account_kind).toBe('person');
  });

  it('refreshes tokens', async () => {
    const refreshed = await oidc.refreshTokenGrant(dept.config, first.tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(first.tokens.access_token);
    expect(refreshed.refresh_token).toBeTruthy();
    const info = await oidc.fetchUserInfo(dept.config, refreshed.access_token, first.sub);
    expect(info.name).toBe('张伟');
    first = { ...first, tokens: Object.assign(first.tokens, { refresh_token: refreshed.refresh_token }) };
  });

  it('gives the same client the same sub again, and another department a different sub', async () => {
    const again = await signIn(main, dept, { scope: 'openid profile' });
    expect(again.consentHtml).toBeNull(); // already consented
    expect(again.sub).toBe(first.sub);

    const other = await signIn(main, police, { scope: 'openid profile realname' });
    expect(other.consentHtml).toContain('南京市公安局业务系统');
    expect(other.sub).not.toBe(first.sub);
    const info = await oidc.fetchUserInfo(police.config, other.tokens.access_token, other.sub);
    expect(info.name).toBe('张伟');
    expect(info.real_name_level).toBe('L2');
    // region_code comes with `profile`, but is not among the police system's allowed claims.
    expect(info.region_code).toBeUndefined();
    // phone is not among its scopes at all.
    await expect(signIn(main, police, { scope: 'openid phone' })).rejects.toMatchObject({
      error: 'invalid_scope',
    });
    expect(platform.modules.sso.subjectFor(residentAccountId, '320100-ga', POLICE.clientId)).toBe(other.sub);
  });

  it('refuses a wrong secret, an unregistered redirect URI, a missing PKCE challenge and a refused consent', async () => {
    const wrong = await relyingParty(base, {
      clientId: DEPT.clientId,
      secret: 'not-the-secret',
      redirectUri: DEPT.redirectUris[0]!,
    });
    expect(await oauthError(oidc.clientCredentialsGrant(wrong.config, { scope: 'directory.read' }))).toBe(
      'invalid_client',
    );

    const evil = new URL(`${base}/oidc/auth`);
    evil.search = new URLSearchParams({
      client_id: DEPT.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'https://evil.example/callback',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    }).toString();
    const r1 = await browser().fetch(evil.toString());
    expect(r1.status).toBe(400);
    expect(r1.headers.get('location')).toBeNull();
    const page = await r1.text();
    expect(page).toContain('lang="zh-CN"');
    expect(page).toContain('返回地址未登记');

    const noPkce = new URL(`${base}/oidc/auth`);
    noPkce.search = new URLSearchParams({
      client_id: DEPT.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: DEPT.redirectUris[0]!,
    }).toString();
    const r2 = await browser().fetch(noPkce.toString());
    expect(r2.status).toBe(303);
    const back = new URL(r2.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(DEPT.redirectUris[0]);
    expect(back.searchParams.get('error')).toBe('invalid_request');

    // A person who refuses consent sends the client back with access_denied.
    const b = browser();
    await expect(signIn(b, police, { scope: 'openid profile', consent: 'deny' })).rejects.toMatchObject({
      error: 'access_denied',
    });
  });

  it('lets a department system call platform APIs with client credentials', async () => {
    const cc = await oidc.clientCredentialsGrant(dept.config, { scope: 'directory.read' });
    const auth = { authorization: `Bearer ${cc.access_token}` };
    const who = await fetch(`${base}/api/v1/sso/whoami`, { headers: auth });
    expect(who.status).toBe(200);
    expect(await who.json()).toEqual({
      clientId: DEPT.clientId,
      clientName: DEPT.name,
      departmentId: '320100-sj',
      scopes: ['directory.read'],
      onBehalfOf: null,
    });
    const depts = await fetch(`${base}/api/v1/departments?regionCode=320100`, { headers: auth });
    expect(depts.status).toBe(200);

    // Without the scope the same API refuses; without a valid token nobody acts.
    const bare = await oidc.clientCredentialsGrant(dept.config);
    const refused = await fetch(`${base}/api/v1/departments`, {
      headers: { authorization: `Bearer ${bare.access_token}` },
    });
    expect(refused.status).toBe(403);
    const bogus = await fetch(`${base}/api/v1/sso/whoami`, {
      headers: { authorization: 'Bearer nonsense-token-value-000000' },
    });
    expect(bogus.status).toBe(401);
    // A sign-in access token is for the userinfo endpoint only.
    const userinfoToken = await fetch(`${base}/api/v1/sso/whoami`, {
      headers: { authorization: `Bearer ${first.tokens.access_token}` },
    });
    expect(userinfoToken.status).toBe(401);
    // A session-cookie caller is not a client.
    const staff = new TestClient(platform);
    await staff.login(RESIDENT);
    expect((await staff.get('/api/v1/sso/whoami')).statusCode).toBe(403);
  });

  it('exchanges the resident token for an on-behalf-of token that records both (RFC 8693)', async () => {
    const refreshed = await oidc.refreshTokenGrant(dept.config, first.tokens.refresh_token!);
    first = { ...first, tokens: Object.assign(first.tokens, { refresh_token: refreshed.refresh_token }) };
    const exchanged = await oidc.genericGrantRequest(dept.config, TOKEN_EXCHANGE_GRANT, {
      subject_token: refreshed.access_token,
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: 'me.read',
    });
    expect(exchanged.token_type.toLowerCase()).toBe('bearer');
    expect((exchanged as unknown as { issued_token_type: string }).issued_token_type).toBe(ACCESS_TOKEN_TYPE);
    const auth = { authorization: `Bearer ${exchanged.access_token}` };

    const who = (await (await fetch(`${base}/api/v1/sso/whoami`, { headers: auth })).json()) as {
      onBehalfOf: { sub: string } | null;
      scopes: string[];
    };
    expect(who.onBehalfOf).toEqual({ sub: first.sub });
    expect(who.scopes).toEqual(['me.read']);

    const profile = await fetch(`${base}/api/v1/me/profile`, { headers: auth });
    expect(profile.status).toBe(200);
    expect(((await profile.json()) as { displayName: string }).displayName).toBe('张伟');
    await platform.modules.sso.flush();
    const trail = await sql<{
      action: string;
      actor_kind: string;
      actor_id: string;
      details: { clientId?: string };
    }>`
      select action, actor_kind, actor_id, details from audit.trail
      where actor_id = ${residentAccountId} and actor_kind = 'client'
        and action in ('sso.token_exchanged', 'person.profile_read') order by id`.execute(
      platform.database.db,
    );
    const actions = trail.rows.map((r) => r.action);
    expect(actions).toContain('sso.token_exchanged');
    expect(actions).toContain('person.profile_read');
    for (const r of trail.rows) expect(r.details.clientId).toBe(DEPT.clientId);

    // Not for scopes the resident did not grant, not twice, not with another client's token.
    await expect(
      oidc.genericGrantRequest(dept.config, TOKEN_EXCHANGE_GRANT, {
        subject_token: refreshed.access_token,
        subject_token_type: ACCESS_TOKEN_TYPE,
        scope: 'directory.read',
      }),
    ).rejects.toMatchObject({ error: 'invalid_scope' });
    await expect(
      oidc.genericGrantRequest(dept.config, TOKEN_EXCHANGE_GRANT, {
        subject_token: exchanged.access_token,
        subject_token_type: ACCESS_TOKEN_TYPE,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    const policeLogin = await signIn(main, police, { scope: 'openid profile' });
    await expect(
      oidc.genericGrantRequest(dept.config, TOKEN_EXCHANGE_GRANT, {
        subject_token: policeLogin.tokens.access_token,
        subject_token_type: ACCESS_TOKEN_TYPE,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    // The police system may not exchange at all.
    await expect(
      oidc.genericGrantRequest(police.config, TOKEN_EXCHANGE_GRANT, {
        subject_token: policeLogin.tokens.access_token,
        subject_token_type: ACCESS_TOKEN_TYPE,
      }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
  });

  it('rotates signing keys with overlap: old and new published, old tokens still verify', async () => {
    const admin = new TestClient(platform);
    await admin.login('admin');
    const before = await admin.get('/api/v1/admin/sso/keys');
    expect(before.statusCode).toBe(200);
    const keysBefore = (before.json() as { items: { kid: string; state: string }[] }).items;
    const oldActive = keysBefore.find((k) => k.state === 'active')!.kid;
    const announced = keysBefore.find((k) => k.state === 'next')!.kid;
    expect(decodeProtectedHeader(first.tokens.id_token!).kid).toBe(oldActive);

    // The template database made these keys moments ago; a manual rotation needs the active
    // key to have been in use for a minute, so age it.
    await sql`update sso.signing_keys set activated_at = activated_at - interval '1 hour' where state = 'active'`.execute(
      platform.database.db,
    );
    const rotated = await admin.post('/api/v1/admin/sso/keys/rotate');
    expect(rotated.statusCode).toBe(200);
    const keysAfter = (rotated.json() as { items: { kid: string; state: string }[] }).items;
    expect(keysAfter.find((k) => k.kid === announced)!.state).toBe('active');
    expect(keysAfter.find((k) => k.kid === oldActive)!.state).toBe('retired');
    const newNext = keysAfter.find((k) => k.state === 'next')!.kid;

    // A second rotation right away is refused: the new key has not been out long enough.
    const tooSoon = await admin.post('/api/v1/admin/sso/keys/rotate');
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json()).toMatchObject({ code: 'sso.key_rotation_too_soon' });

    const jwks = (await (await fetch(`${base}/oidc/jwks`)).json()) as {
      keys: { kid: string; key_ops?: string[] }[];
    };
    const kids = jwks.keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([oldActive, announced, newNext]));
    expect(jwks.keys.find((k) => k.kid === oldActive)!.key_ops).toEqual(['verify']);
    expect(jwks.keys.every((k) => !('d' in k))).toBe(true);

    // The ID token signed before still verifies; new ones are signed with the promoted key.
    const fresh = createRemoteJWKSet(new URL(`${base}/oidc/jwks`));
    await jwtVerify(first.tokens.id_token!, fresh, {
      issuer: base,
      audience: DEPT.clientId,
      currentDate: new Date(),
    });
    const after = await signIn(main, dept, { scope: 'openid profile' });
    expect(decodeProtectedHeader(after.tokens.id_token!).kid).toBe(announced);
    await jwtVerify(after.tokens.id_token!, fresh, { issuer: base, audience: DEPT.clientId });

    // Only a province-wide administrator manages keys; residents not at all.
    const city = new TestClient(platform);
    await city.login('admin.nanjing');
    expect((await city.get('/api/v1/admin/sso/keys')).statusCode).toBe(403);
    const resident = new TestClient(platform);
    await resident.login(RESIDENT);
    expect((await resident.get('/api/v1/admin/sso/keys')).statusCode).toBe(403);
  });

  it('lets an administrator register, change, re-key and disable a client, audited', async () => {
    const admin = new TestClient(platform);
    await admin.login('admin');
    const created = await admin.post('/api/v1/admin/sso/clients', {
      clientId: 'test-hr-system',
      name: '南京市人力资源和社会保障局业务系统',
      departmentId: '320100-rs',
      redirectUris: ['https://rs.nanjing.example/callback'],
      postLogoutRedirectUris: ['https://rs.nanjing.example/'],
      grantTypes: ['authorization_code', 'client_credentials'],
      scopes: ['openid', 'profile', 'directory.read'],
      claims: ['name'],
    });
    expect(created.statusCode).toBe(201);
    const body = created.json() as {
      client: { clientId: string; departmentName: string };
      clientSecret: string;
    };
    expect(body.client.departmentName).toBe('南京市人力资源和社会保障局');
    const secret = body.clientSecret;
    expect(secret.length).toBeGreaterThanOrEqual(40);
    // The secret is stored sealed, never in clear.
    const stored = await sql<{
      secret_sealed: string;
    }>`select secret_sealed from sso.clients where client_id = 'test-hr-system'`.execute(
      platform.database.db,
    );
    expect(stored.rows[0]!.secret_sealed).not.toContain(secret);

    const rp = await relyingParty(base, {
      clientId: 'test-hr-system',
      secret,
      redirectUri: 'https://rs.nanjing.example/callback',
    });
    expect(
      (await oidc.clientCredentialsGrant(rp.config, { scope: 'directory.read' })).access_token,
    ).toBeTruthy();

    // Bad configurations are refused with field errors.
    const bad = await admin.post('/api/v1/admin/sso/clients', {
      name: '坏配置',
      departmentId: '320100-rs',
      redirectUris: ['http://rs.nanjing.example/callback', 'https://other.example/cb'],
      grantTypes: ['authorization_code'],
      scopes: ['profile', 'no.such.scope'],
    });
    expect(bad.statusCode).toBe(422);
    const problem = bad.json() as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('sso.invalid_client');
    expect(problem.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['redirectUris.0', 'redirectUris', 'scopes', 'scopes.1']),
    );
    const duplicate = await admin.post('/api/v1/admin/sso/clients', {
      clientId: 'test-hr-system',
      name: '重复',
      departmentId: '320100-rs',
      grantTypes: ['client_credentials'],
      scopes: [],
    });
    expect(duplicate.statusCode).toBe(409);

    const updated = await admin.put('/api/v1/admin/sso/clients/test-hr-system', {
      name: '南京市人社局业务系统',
      departmentId: '320100-rs',
      redirectUris: ['https://rs.nanjing.example/callback'],
      grantTypes: ['authorization_code', 'client_credentials'],
      scopes: ['openid', 'profile', 'directory.read'],
      claims: ['name', 'real_name_level'],
    });
    expect(updated.statusCode).toBe(200);
    expect((updated.json() as { name: string }).name).toBe('南京市人社局业务系统');

    const rekeyed = await admin.post('/api/v1/admin/sso/clients/test-hr-system/secret');
    expect(rekeyed.statusCode).toBe(200);
    const newSecret = (rekeyed.json() as { clientSecret: string }).clientSecret;
    expect(await oauthError(oidc.clientCredentialsGrant(rp.config))).toBe('invalid_client');
    const rp2 = await relyingParty(base, {
      clientId: 'test-hr-system',
      secret: newSecret,
      redirectUri: 'https://rs.nanjing.example/callback',
    });
    const cc = await oidc.clientCredentialsGrant(rp2.config, { scope: 'directory.read' });

    const list = await admin.get('/api/v1/admin/sso/clients');
    expect((list.json() as { items: { clientId: string }[] }).items.map((c) => c.clientId)).toEqual(
      expect.arrayContaining([DEPT.clientId, POLICE.clientId, 'test-hr-system']),
    );
    // A Nanjing administrator sees Nanjing's systems; a resident sees nothing.
    const city = new TestClient(platform);
    await city.login('admin.nanjing');
    expect((await city.get('/api/v1/admin/sso/clients/test-hr-system')).statusCode).toBe(200);
    const resident = new TestClient(platform);
    await resident.login(RESIDENT);
    expect((await resident.get('/api/v1/admin/sso/clients')).statusCode).toBe(403);

    const disabled = await admin.delete('/api/v1/admin/sso/clients/test-hr-system');
    expect(disabled.statusCode).toBe(200);
    expect((disabled.json() as { status: string }).status).toBe('disabled');
    // Its tokens died with it, and it can no longer get new ones.
    const who = await fetch(`${base}/api/v1/sso/whoami`, {
      headers: { authorization: `Bearer ${cc.access_token}` },
    });
    expect(who.status).toBe(401);
    expect(await oauthError(oidc.clientCredentialsGrant(rp2.config))).toBe('invalid_client');

    const trail = await sql<{ action: string }>`
      select action from audit.trail where resource_type = 'sso_client' and resource_id = 'test-hr-system' order by id`.execute(
      platform.database.db,
    );
    expect(trail.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'sso.client_created',
        'sso.client_updated',
        'sso.client_secret_rotated',
        'sso.client_disabled',
        'sso.client_token_issued',
      ]),
    );
  });

  it('logs out: RP-initiated logout notifies back-channel clients and ends session-bound grants', async () => {
    // A receiver for back-channel logout tokens.
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.statusCode = 204;
        res.end();
      });
    });
    const receiverPort = await freePort();
    await new Promise<void>((r) => receiver.listen(receiverPort, '127.0.0.1', r));
    try {
      const admin = new TestClient(platform);
      await admin.login('admin');
      const put = await admin.put(`/api/v1/admin/sso/clients/${POLICE.clientId}`, {
        name: POLICE.name,
        departmentId: POLICE.departmentId,
        redirectUris: POLICE.redirectUris,
        postLogoutRedirectUris: POLICE.postLogoutRedirectUris,
        backchannelLogoutUri: `http://127.0.0.1:${receiverPort}/backchannel`,
        grantTypes: POLICE.grantTypes,
        scopes: POLICE.scopes,
        claims: POLICE.claims,
      });
      expect(put.statusCode).toBe(200);

      const b = browser();
      const policeLogin = await signIn(b, police, { scope: 'openid profile', prompt: 'consent' });
      const deptLogin = await signIn(b, dept, { scope: 'openid profile', prompt: 'consent' });
      // An offline grant in the same session is meant to outlive it (offline_access).
      const deptOffline = await signIn(b, dept, {
        scope: 'openid profile offline_access',
        prompt: 'consent',
      });

      const end = oidc.buildEndSessionUrl(dept.config, {
        id_token_hint: deptLogin.tokens.id_token!,
        post_logout_redirect_uri: DEPT.postLogoutRedirectUris[0]!,
        state: 'bye',
      });
      const ask = await b.fetch(end.toString());
      expect(ask.status).toBe(200);
      const page = await ask.text();
      expect(page).toContain('lang="zh-CN"');
      expect(page).toContain('是否同时退出苏服办统一身份认证');
      const done = await b.fetch(formAction(page)!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ xsrf: hidden(page, 'xsrf')!, logout: 'yes' }).toString(),
      });
      expect(done.status).toBe(303);
      const back = new URL(done.headers.get('location')!);
      expect(`${back.origin}${back.pathname}`).toBe(DEPT.postLogoutRedirectUris[0]);
      expect(back.searchParams.get('state')).toBe('bye');

      expect(received).toHaveLength(1);
      const jwks = createRemoteJWKSet(new URL(`${base}/oidc/jwks`));
      const { payload } = await jwtVerify(received[0]!, jwks, { issuer: base, audience: POLICE.clientId });
      expect(payload.sub).toBe(policeLogin.sub);
      expect(payload.sid).toBeTruthy();
      expect(payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });

      // Session-bound tokens died with the session; the offline grant lives on.
      expect(
        await oauthError(oidc.fetchUserInfo(dept.config, deptLogin.tokens.access_token, deptLogin.sub)),
      ).toBe('invalid_token');
      expect(
        await oauthError(oidc.fetchUserInfo(police.config, policeLogin.tokens.access_token, policeLogin.sub)),
      ).toBe('invalid_token');
      expect(
        (await oidc.refreshTokenGrant(dept.config, deptOffline.tokens.refresh_token!)).access_token,
      ).toBeTruthy();

      // Platform logout (onPlatformLogout) does the same for sessions still open.
      const c = browser();
      const again = await signIn(c, police, { scope: 'openid profile', prompt: 'consent' });
      const ended = await platform.modules.sso.onPlatformLogout(residentAccountId);
      expect(ended.sessions).toBeGreaterThanOrEqual(1);
      expect(ended.notified).toBeGreaterThanOrEqual(1);
      expect(received.length).toBeGreaterThanOrEqual(2);
      expect(await oauthError(oidc.fetchUserInfo(police.config, again.tokens.access_token, again.sub))).toBe(
        'invalid_token',
      );
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });

  it('follows the platform session: after signing out of the platform, prompt=none gets login_required', async () => {
    const b = browser();
    await signIn(b, dept, { scope: 'openid' });
    await b.platformLogout();
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(dept.config, {
      redirect_uri: DEPT.redirectUris[0]!,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's',
      prompt: 'none',
    });
    const { url: landed } = await b.follow(url.toString());
    expect(new URL(landed).searchParams.get('error')).toBe('login_required');
  });

  it('rate-limits the sign-in endpoints per IP', async () => {
    let status = 0;
    let n = 0;
    for (; n < 400 && status !== 429; n++) {
      const r = await platform.app.inject({
        method: 'GET',
        url: '/oidc/auth?client_id=x',
        remoteAddress: '10.9.9.9',
      });
      status = r.statusCode;
      if (status === 429) {
        expect(r.headers['content-type']).toMatch(/problem\+json/);
        expect(r.headers['retry-after']).toBeTruthy();
      }
    }
    expect(status).toBe(429);
    expect(n).toBeLessThan(400);
    // Another address is unaffected.
    const other = await platform.app.inject({
      method: 'GET',
      url: '/oidc/auth?client_id=x',
      remoteAddress: '10.9.9.10',
    });
    expect(other.statusCode).not.toBe(429);
  });

  it('keeps state in the database: a new process on the same database continues a refresh', async () => {
    const b = browser();
    const login = await signIn(b, dept, { scope: 'openid profile offline_access', prompt: 'consent' });
    await platform.close();
    current = await bootPlatform({
      config: platform.config,
      logger: createLogger({ level: 'silent' }),
      database: platform.database,
      startWorker: false,
      webDist: '/nonexistent',
    });
    await current.app.listen({ port, host: '127.0.0.1' });
    const refreshed = await oidc.refreshTokenGrant(dept.config, login.tokens.refresh_token!);
    const info = await oidc.fetchUserInfo(dept.config, refreshed.access_token, login.sub);
    expect(info.name).toBe('张伟');
    // The provider session survived too: signing in again needs no password and no consent.
    const again = await signIn(b, dept, { scope: 'openid profile' });
    expect(again.consentHtml).toBeNull();
    expect(again.sub).toBe(login.sub);
  });
});
