import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createLogger, loadConfig, openDatabase, type Database } from '@sufu/kernel';
import { bootPlatform, type Platform } from '@sufu/server';
import { DEMO_PASSWORD, demoTotpSecret, totpCode } from '@sufu/identity';

/**
 * Test helpers: a platform on its own copy of the seeded test database (PGlite, or
 * PostgreSQL when DATABASE_URL is set), and an HTTP client that behaves like a
 * browser (cookies, CSRF header) over fastify.inject.
 */
export type TestPlatform = Platform & { dispose(): Promise<void>; databaseKind: 'pglite' | 'postgres' };

export async function createTestPlatform(
  opts: { env?: Record<string, string>; logDestination?: NodeJS.WritableStream } = {},
): Promise<TestPlatform> {
  const tpl = inject('sufuTemplate');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sufu-t-'));
  let database: Database;
  let dropDb: (() => Promise<void>) | undefined;
  if (tpl.kind === 'postgres') {
    const name = `sufu_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: tpl.adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${tpl.template}`);
    await admin.end();
    const url = new URL(tpl.adminUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString(), poolMax: 5 });
    dropDb = async () => {
      const a = new pg.Client({ connectionString: tpl.adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await a.end();
    };
  } else {
    fs.cpSync(tpl.dir, dataDir, { recursive: true });
    fs.rmSync(path.join(dataDir, 'sufu.lock'), { force: true });
    database = await openDatabase({ dataDir });
  }
  const config = loadConfig({
    SUFU_DATA_DIR: dataDir,
    SUFU_LOG_LEVEL: 'silent',
    SUFU_SECRET_KEY: '11'.repeat(32),
    SUFU_RATE_LIMIT_PER_MINUTE: '100000',
    ...(opts.env ?? {}),
  });
  const logger = opts.logDestination
    ? createLogger({ level: 'info', destination: opts.logDestination as never })
    : createLogger({ level: 'silent' });
  const platform = await bootPlatform({
    config,
    logger,
    database,
    startWorker: false,
    webDist: '/nonexistent',
  });
  return {
    ...platform,
    databaseKind: database.kind,
    async dispose() {
      await platform.close();
      await database.close();
      await dropDb?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type InjectResponse = Awaited<ReturnType<Platform['app']['inject']>>;

/** A browser-like client: keeps cookies and sends the CSRF header on unsafe methods. */
export class TestClient {
  static lastTotp = new Map<string, number>();
  static staffSessions = new WeakMap<Platform, Map<string, Record<string, string>>>();
  cookies: Record<string, string> = {};
  constructor(
    private readonly platform: Platform,
    private readonly ip = '127.0.0.1',
  ) {}

  private absorb(res: InjectResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()))
        delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    return res;
  }

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    if (!this.cookies.sufu_csrf && method !== 'GET') await this.request('GET', '/api/v1/session');
    const res = await this.platform.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      cookies: this.cookies,
      headers: {
        ...(method !== 'GET' && this.cookies.sufu_csrf ? { 'x-csrf-token': this.cookies.sufu_csrf } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    return this.absorb(res);
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  put(url: string, body?: unknown) {
    return this.request('PUT', url, body ?? {});
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }

  /** Signs in a demo account: password, and the demo TOTP for staff. */
  async login(username: string, password = DEMO_PASSWORD, opts: { fresh?: boolean } = {}) {
    // Staff codes are single-use per 30 s step, so reuse a live staff session by default.
    const cache = TestClient.staffSessions.get(this.platform) ?? new Map<string, Record<string, string>>();
    TestClient.staffSessions.set(this.platform, cache);
    const cached = cache.get(username);
    if (cached && !opts.fresh) {
      this.cookies = { ...cached };
      const s = await this.get('/api/v1/session');
      const body = s.json() as { authenticated: boolean };
      if (body.authenticated)
        return {
          status: 'authenticated' as const,
          session: body as unknown as { account: { id: string; permissions: string[] } },
        };
      this.cookies = {};
    }
    const res = await this.post('/api/v1/session/login', { username, password });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const body = res.json() as { status: string };
    if (body.status === 'totp_required') {
      // A code is accepted once; a second sign-in in the same 30 s uses the next step's code.
      const last = TestClient.lastTotp.get(username) ?? -1;
      let step = Math.max(Math.floor(Date.now() / 30_000), last + 1);
      if (step > Math.floor(Date.now() / 30_000) + 1) {
        await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 50));
        step = Math.floor(Date.now() / 30_000);
      }
      TestClient.lastTotp.set(username, step);
      const r2 = await this.post('/api/v1/session/totp', {
        code: totpCode(demoTotpSecret(username), step * 30_000),
      });
      if (r2.statusCode !== 200) throw new Error(`totp ${username} failed: ${r2.statusCode} ${r2.body}`);
      cache.set(username, { ...this.cookies });
      return r2.json() as {
        status: 'authenticated';
        session: { account: { id: string; permissions: string[] } };
      };
    }
    return body as { status: 'authenticated'; session: { account: { id: string; permissions: string[] } } };
  }
}
