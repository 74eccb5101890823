import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isAppError, type Actor } from '@sufu/kernel';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';
import { base45Decode } from './base45.ts';
import { TOKEN_PREFIX } from './token.ts';
import type { ServiceCodeModule } from './service-code.module.ts';

/**
 * The 苏服码 end to end on the seeded platform: a resident's code read back from its PNG by
 * a standard QR reader (zbarimg) and its signature checked by the openssl command line with
 * the published key; counter, gate and card-domain scans; replay and expiry refusals; the
 * holder's scan history; key rotation with overlap; the console.
 */
let p: TestPlatform;
let sc: ServiceCodeModule;
let resident: TestClient;
let residentAccountId: string;
let clerk: TestClient;
let admin: TestClient;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sufu-sc-'));

const hasZbar = spawnSync('zbarimg', ['--version']).status === 0;
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

type Issued = {
  code: string;
  codeId: string;
  kid: string;
  expiresAt: string;
  qrSvg: string | null;
  qrPngDataUrl: string | null;
};

async function issue(client = resident, query = ''): Promise<Issued> {
  const r = await client.post(`/api/v1/service-code/me${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Issued;
}

const verify = (client: TestClient, body: Record<string, unknown>) =>
  client.post('/api/v1/service-code/verify', { purpose: '办理业务', ...body });

const clientActor = (clientId: string): Actor => ({
  kind: 'client',
  accountId: null,
  display: clientId,
  grants: [],
  permissions: new Set(),
  sessionId: null,
  client: { clientId, departmentId: null, scopes: ['service-code.verify'] },
});

async function scannerId(name: string): Promise<string> {
  const r = await admin.get('/api/v1/admin/service-code/scanners');
  const s = (r.json().items as { id: string; name: string }[]).find((x) => x.name === name);
  if (!s) throw new Error(`no scanner ${name}`);
  return s.id;
}

async function scanRows(codeId: string) {
  return p.database.db
    .selectFrom('service_code.scans')
    .selectAll()
    .where('code_id', '=', codeId)
    .orderBy('id')
    .execute();
}

/** DER SEQUENCE { INTEGER r, INTEGER s } from raw r‖s, for openssl -sigfile. */
function rawToDer(raw: Uint8Array): Buffer {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    let v = Buffer.from(b.subarray(i));
    if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32, 64))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

beforeAll(async () => {
  p = await createTestPlatform();
  sc = p.modules.serviceCode;
  resident = new TestClient(p);
  residentAccountId = (await resident.login('13951000001')).session.account.id;
  clerk = new TestClient(p);
  await clerk.login('clerk.xuanwu');
  admin = new TestClient(p);
  await admin.login('admin');
});
afterAll(async () => {
  await p?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('showing a code', () => {
  it('gives a resident a 60-second code with an SVG, and a PNG on request', async () => {
    const c = await issue();
    expect(c.code.startsWith('SFM1:')).toBe(true);
    expect(c.code).toHaveLength(170);
    const left = Date.parse(c.expiresAt) - Date.now();
    expect(left).toBeGreaterThan(50_000);
    expect(left).toBeLessThanOrEqual(61_000);
    expect(c.qrSvg).toMatch(/^<svg /);
    expect(c.qrPngDataUrl).toBeNull();
    const r = await resident.post('/api/v1/service-code/me?image=png&offline=2');
    const body = r.json();
    expect(body.qrPngDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(body.refreshAfterSeconds).toBe(30);
    expect(body.holder).toEqual({ type: 'person', nameMasked: '张*' });
    expect(body.offlineCodes).toHaveLength(2);
    // Follow-up codes for offline display start later and are not valid yet.
    expect(Date.parse(body.offlineCodes[0].issuedAt)).toBeGreaterThan(Date.parse(body.issuedAt));
    const ahead = await verify(clerk, { code: body.offlineCodes[1].code });
    expect(ahead.json().code).toBe('service_code.not_yet_valid');
    // No personal data in clear anywhere in the code.
    expect(c.code).not.toContain('320102199003071239');
  });

  it('is refused to staff and to anonymous callers', async () => {
    expect((await clerk.post('/api/v1/service-code/me')).json().code).toBe('service_code.not_holder');
    expect((await new TestClient(p).post('/api/v1/service-code/me')).statusCode).toBe(401);
  });

  it.skipIf(!hasZbar)(
    'decodes from the PNG with a standard QR reader (zbarimg) to the same string',
    async () => {
      const r = await resident.post('/api/v1/service-code/me?image=png');
      const { code, qrPngDataUrl } = r.json() as Issued;
      const file = path.join(tmp, 'code.png');
      fs.writeFileSync(file, Buffer.from(qrPngDataUrl!.split(',')[1]!, 'base64'));
      const out = spawnSync('zbarimg', ['--quiet', '--raw', '-Sbinary', file], { encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      expect(out.stdout.replace(/\r?\n$/, '')).toBe(code);
    },
  );

  it.skipIf(!hasOpenssl)('verifies with the openssl command line and the published PEM', async () => {
    const { code, kid } = await issue();
    const keys = await new TestClient(p).get('/.well-known/service-code-keys');
    expect(keys.statusCode).toBe(200);
    expect(keys.headers['cache-control']).toContain('max-age');
    const set = keys.json();
    expect(set.userId).toBe('1234567812345678');
    const key = set.keys.find((k: { kid: string }) => k.kid === kid);
    expect(key).toMatchObject({ alg: 'SM2-SM3', status: 'active' });
    const bytes = base45Decode(code.slice(TOKEN_PREFIX.length))!;
    fs.writeFileSync(path.join(tmp, 'pub.pem'), key.publicKeyPem);
    fs.writeFileSync(path.join(tmp, 'signed.bin'), bytes.subarray(0, 46));
    fs.writeFileSync(path.join(tmp, 'sig.der'), rawToDer(bytes.subarray(46)));
    const args = (msg: string) => [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      path.join(tmp, 'pub.pem'),
      '-rawin',
      '-in',
      path.join(tmp, msg),
      '-digest',
      'sm3',
      '-pkeyopt',
      'distid:1234567812345678',
      '-sigfile',
      path.join(tmp, 'sig.der'),
    ];
    const ok = spawnSync('openssl', args('signed.bin'), { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Signature Verified Successfully');
    const tampered = Buffer.from(bytes.subarray(0, 46));
    tampered[37]! ^= 1; // one bit of exp
    fs.writeFileSync(path.join(tmp, 'tampered.bin'), tampered);
    expect(spawnSync('openssl', args('tampered.bin')).status).not.toBe(0);
    // The published hex key is the same key.
    expect(
      execFileSync('openssl', ['pkey', '-pubin', '-in', path.join(tmp, 'pub.pem'), '-noout', '-text'], {
        encoding: 'utf8',
      }).replace(/[\s:]/g, ''),
    ).toContain(key.publicKeyHex);
  });
});

describe('verifying a code', () => {
  it('releases identity to a counter, once: a replay is refused', async () => {
    const { code, codeId } = await issue();
    const r = await verify(clerk, { code, purpose: '居住证办理', caseNumber: 'XW-20261127-0001' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      valid: true,
      profile: 'counter',
      holderType: 'person',
      name: '张伟',
      identifierType: 'id_number',
      identifier: '320102199003071239',
      regionCode: '320102',
      regionName: '玄武区',
      realNameLevel: 'L2',
      consumed: true,
    });
    const again = await verify(clerk, { code, purpose: '居住证办理' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('service_code.replayed');
    expect(again.body).not.toContain('张伟');
    const rows = await scanRows(codeId);
    expect(rows.map((x) => x.outcome)).toEqual(['accepted', 'replayed']);
    expect(rows[0]).toMatchObject({
      profile: 'counter',
      department_id: '320102-xzspj',
      case_number: 'XW-20261127-0001',
    });
    // Both are in the audit trail, about the holder, with the purpose.
    const audit = await p.database.db
      .selectFrom('audit.trail')
      .select(['action', 'outcome', 'purpose', 'subject_ref'])
      .where('resource_id', '=', codeId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.outcome, a.purpose])).toEqual([
      ['service-code.scanned', 'success', '居住证办理'],
      ['service-code.scan_refused', 'denied', '居住证办理'],
    ]);
    expect(audit[0]!.subject_ref).toBe(rows[0]!.holder_id);
  });

  it('lets exactly one of several simultaneous counter scans of a code through (group-committed log)', async () => {
    const { code, codeId } = await issue();
    const others = await Promise.all([issue(), issue(), issue()]);
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => verify(clerk, { code, purpose: '并发核验' })),
      ...others.map((o) => verify(clerk, { code: o.code, purpose: '并发核验' })),
    ]);
    const same = results.slice(0, 5).map((r) => r.statusCode);
    expect(same.filter((s) => s === 200)).toHaveLength(1);
    expect(same.filter((s) => s === 409)).toHaveLength(4);
    expect(results.slice(5).map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const scanIds = results.filter((r) => r.statusCode === 200).map((r) => r.json().scanId);
    expect(new Set(scanIds).size).toBe(4);
    const rows = await scanRows(codeId);
    expect(rows.map((x) => x.outcome).sort()).toEqual([
      'accepted',
      'replayed',
      'replayed',
      'replayed',
      'replayed',
    ]);
    // Each response's scan id is the row of that very scan.
    const accepted = results.slice(0, 5).find((r) => r.statusCode === 200)!;
    expect(rows.find((x) => x.id === accepted.json().scanId)?.outcome).toBe('accepted');
  });

  it('refuses an expired code', async () => {
    const { code, codeId } = await issue();
    // 60 s lifetime + 30 s tolerated skew: presented 100 s later, it has expired.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 100_000);
      const r = await verify(clerk, { code });
      expect(r.statusCode).toBe(410);
      expect(r.json().code).toBe('service_code.expired');
    } finally {
      vi.useRealTimers();
    }
    expect((await scanRows(codeId)).map((x) => x.outcome)).toEqual(['expired']);
  });

  it('gives a gate only the masked name and real-name level, and does not use the code up', async () => {
    const gate = await scannerId('大厅入口闸机');
    const { code } = await issue();
    for (let i = 0; i < 2; i++) {
      const r = await verify(clerk, { code, deviceId: gate, purpose: '大厅入口通行' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({
        valid: true,
        profile: 'gate',
        holderType: 'person',
        nameMasked: '张*',
        realNameLevel: 'L2',
        consumed: false,
        codeId: expect.any(String),
        scanId: expect.any(String),
        expiresAt: expect.any(String),
      });
    }
    // The same code is still good for one counter scan afterwards.
    expect((await verify(clerk, { code })).json().profile).toBe('counter');
  });

  it('serves machine clients by the profile of their registered device; unregistered clients get nothing', async () => {
    const { code } = await issue();
    const info = { requestId: 'int-test', ip: '127.0.0.1' };
    const r = await sc.service.verify(clientActor('demo-nanjing-metro'), info, { code, purpose: '地铁进站' });
    expect(r).toMatchObject({
      profile: 'transport',
      nameMasked: '张*',
      card: { domain: 'transport', number: '3104320100012345678' },
      consumed: true,
    });
    const other = await issue();
    const refused = await sc.service
      .verify(clientActor('unknown-client'), info, { code: other.code, purpose: 'x' })
      .catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('service_code.out_of_scope');
    // The holder is not told a card number they did not link.
    const noCard = await sc.service
      .verify(clientActor('demo-jsph-outpatient'), info, { code: other.code, purpose: '门诊挂号' })
      .catch((e: unknown) => e);
    expect(isAppError(noCard) && noCard.code).toBe('service_code.card_not_linked');
  });

  it('refuses bad input with distinct problem codes, releasing and consuming nothing', async () => {
    const { code } = await issue();
    const bytes = base45Decode(code.slice(5))!;
    const flip = (i: number) => {
      const b = new Uint8Array(bytes);
      b[i]! ^= 0x01;
      return b;
    };
    const { base45Encode } = await import('./base45.ts');
    const cases: [string, string, number][] = [
      ['not a code at all', 'service_code.malformed', 422],
      [code.slice(0, 100), 'service_code.truncated', 422],
      ['SFM9:' + code.slice(5), 'service_code.unsupported_version', 422],
      ['HC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDE', 'service_code.foreign', 422],
      ['SFM1:' + base45Encode(flip(60)), 'service_code.bad_signature', 422],
      ['SFM1:' + base45Encode(flip(2)), 'service_code.unknown_key', 422],
    ];
    for (const [c, problem, status] of cases) {
      const r = await verify(clerk, { code: c });
      expect(r.statusCode, problem).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({
        code: problem,
        messages: { 'zh-CN': expect.any(String), en: expect.any(String) },
      });
    }
    // The genuine code was not touched by any of that.
    expect((await verify(clerk, { code })).statusCode).toBe(200);
  });

  it('is for scanners only: 401 anonymous, 403 for residents and staff without service-code.scan', async () => {
    const { code } = await issue();
    expect((await verify(new TestClient(p), { code })).statusCode).toBe(401);
    expect((await verify(resident, { code })).statusCode).toBe(403);
    const officer = new TestClient(p);
    await officer.login('officer.nanjing');
    const r = await verify(officer, { code });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('auth.forbidden');
    // Nothing was logged or consumed for those.
    expect((await verify(clerk, { code })).statusCode).toBe(200);
  });
});

describe('the holder', () => {
  it('sees where, when, by whom and for what their code was scanned', async () => {
    const r = await resident.get('/api/v1/service-code/me/scans?limit=50');
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as {
      purpose: string;
      caseNumber: string | null;
      organisation: string | null;
      scanner: { name: string; location: string };
      outcome: string;
      at: string;
    }[];
    const counter = items.find((i) => i.caseNumber === 'XW-20261127-0001');
    expect(counter).toMatchObject({
      purpose: '居住证办理',
      outcome: 'accepted',
      organisation: '南京市玄武区行政审批局',
    });
    expect(items.find((i) => i.scanner.name === '大厅入口闸机')).toMatchObject({
      purpose: '大厅入口通行',
      scanner: { location: '南京市玄武区政务服务中心 正门' },
    });
    expect(items.find((i) => i.scanner.name === '新街口站 进站闸机')?.organisation).toBe(
      '南京地铁运营有限责任公司',
    );
    expect(items.some((i) => i.outcome === 'replayed')).toBe(true);
    // Another resident sees none of it.
    const other = new TestClient(p);
    await other.login('13951000002');
    const theirs = (await other.get('/api/v1/service-code/me/scans')).json().items as { purpose: string }[];
    expect(theirs.some((i) => i.purpose === '居住证办理')).toBe(false);
  });

  it('links, lists and unlinks cards; a medical scanner then receives the medical code', async () => {
    const list = await resident.get('/api/v1/service-code/me/cards');
    expect(list.json().items).toEqual([
      expect.objectContaining({ domain: 'transport', numberMasked: '310432*********5678' }),
    ]);
    const bad = await resident.post('/api/v1/service-code/me/cards', { domain: 'medical', number: 'x1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('service_code.card_invalid');
    const added = await resident.post('/api/v1/service-code/me/cards', {
      domain: 'medical',
      number: 'E3201 0000 0000 0000 1234',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().numberMasked).not.toContain('0000000000');
    const dup = await resident.post('/api/v1/service-code/me/cards', {
      domain: 'medical',
      number: 'E3201000000000009999',
    });
    expect(dup.json().code).toBe('service_code.card_already_linked');
    const { code } = await issue();
    const r = await sc.service.verify(
      clientActor('demo-jsph-outpatient'),
      { requestId: 't', ip: null },
      {
        code,
        purpose: '门诊挂号',
      },
    );
    expect(r).toMatchObject({
      profile: 'medical',
      card: { domain: 'medical', number: 'E32010000000000001234' },
    });
    const del = await resident.delete(`/api/v1/service-code/me/cards/${added.json().id}`);
    expect(del.statusCode).toBe(204);
    expect((await resident.delete(`/api/v1/service-code/me/cards/${added.json().id}`)).statusCode).toBe(404);
    const actions = await p.database.db
      .selectFrom('audit.trail')
      .select('action')
      .where('action', 'in', ['service-code.card_linked', 'service-code.card_unlinked'])
      .where('actor_id', '=', residentAccountId)
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'service-code.card_linked',
      'service-code.card_unlinked',
    ]);
  });
});

describe('enterprise code', () => {
  it('is shown by the legal representative and by an authorised agent, and refused to others', async () => {
    const db = p.database.db;
    const me = await p.modules.identity.api.holderOfAccount(residentAccountId);
    const org = await db
      .selectFrom('identity.organisations')
      .select(['id', 'credit_code', 'name'])
      .where('legal_rep_person_id', '=', me!.id)
      .executeTakeFirstOrThrow();
    const r = await resident.post(`/api/v1/service-code/me?as=organisation&orgId=${org.id}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().holder).toEqual({ type: 'organisation', nameMasked: org.name });
    const v = await verify(clerk, { code: r.json().code, purpose: '企业变更登记' });
    expect(v.json()).toMatchObject({
      profile: 'counter',
      holderType: 'organisation',
      name: org.name,
      identifierType: 'credit_code',
      identifier: org.credit_code,
    });
    // The demo agent (李娜, authorised for all services) may show it too.
    const agent = new TestClient(p);
    await agent.login('13951000002');
    expect((await agent.post(`/api/v1/service-code/me?as=organisation&orgId=${org.id}`)).statusCode).toBe(
      200,
    );
    // Someone else's organisation: refused, without saying whether it exists.
    const other = await db
      .selectFrom('identity.organisations')
      .select('id')
      .where('id', '<>', org.id)
      .limit(1)
      .executeTakeFirstOrThrow();
    const refused = await resident.post(`/api/v1/service-code/me?as=organisation&orgId=${other.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('service_code.not_representative');
    const missing = await resident.post('/api/v1/service-code/me?as=organisation');
    expect(missing.statusCode).toBe(400);
    // The organisation's scan history is visible to its representative, not in the person's own.
    const scans = await resident.get(`/api/v1/service-code/me/scans?as=organisation&orgId=${org.id}`);
    expect((scans.json().items as { purpose: string }[]).map((i) => i.purpose)).toContain('企业变更登记');
    const mine = await resident.get('/api/v1/service-code/me/scans?limit=100');
    expect((mine.json().items as { purpose: string }[]).map((i) => i.purpose)).not.toContain('企业变更登记');
  });
});

describe('console', () => {
  it('lets the system administrator register and change scanner devices; a clerk may not', async () => {
    const list = await admin.get('/api/v1/admin/service-code/scanners');
    expect(list.statusCode).toBe(200);
    expect((list.json().items as { profile: string }[]).map((s) => s.profile).sort()).toEqual(
      expect.arrayContaining(['counter', 'gate', 'medical', 'transport']),
    );
    expect((await clerk.get('/api/v1/admin/service-code/scanners')).statusCode).toBe(403);
    const created = await admin.post('/api/v1/admin/service-code/scanners', {
      name: '自助终端 1 号',
      location: '南京市玄武区政务服务中心 自助区',
      departmentId: '320102-xzspj',
      profile: 'gate',
      clientId: 'kiosk-xuanwu-1',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      departmentName: '南京市玄武区行政审批局',
      status: 'active',
      clientSecret: null,
    });
    const badDept = await admin.post('/api/v1/admin/service-code/scanners', {
      name: 'x',
      location: 'y',
      departmentId: 'nope',
      profile: 'gate',
    });
    expect(badDept.statusCode).toBe(400);
    const { code } = await issue();
    const info = { requestId: 't', ip: null };
    expect(
      await sc.service.verify(clientActor('kiosk-xuanwu-1'), info, { code, purpose: '取号' }),
    ).toMatchObject({
      profile: 'gate',
    });
    const off = await admin.put(`/api/v1/admin/service-code/scanners/${created.json().id}`, {
      status: 'disabled',
    });
    expect(off.json().status).toBe('disabled');
    const after = await sc.service
      .verify(clientActor('kiosk-xuanwu-1'), info, { code, purpose: '取号' })
      .catch((e: unknown) => e);
    expect(isAppError(after) && after.code).toBe('service_code.out_of_scope');
  });

  it('rotates keys with overlap: old codes verify during the overlap; an overlap of 0 withdraws the key', async () => {
    const before = await issue();
    const gate = await scannerId('大厅入口闸机');
    expect((await clerk.post('/api/v1/admin/service-code/keys/rotate', {})).statusCode).toBe(403);
    const rot = await admin.post('/api/v1/admin/service-code/keys/rotate', { overlapSeconds: 3600 });
    expect(rot.statusCode, rot.body).toBe(200);
    expect(rot.json().retired).toBe(before.kid);
    const after = await issue();
    expect(after.kid).toBe(rot.json().active);
    expect(after.kid).not.toBe(before.kid);
    const published = (await new TestClient(p).get('/.well-known/service-code-keys')).json().keys as {
      kid: string;
      status: string;
      notAfter: string | null;
    }[];
    expect(published.find((k) => k.kid === before.kid)).toMatchObject({
      status: 'retired',
      notAfter: expect.any(String),
    });
    expect(published.find((k) => k.kid === after.kid)?.status).toBe('active');
    expect(published.find((k) => k.kid === rot.json().next)?.status).toBe('next');
    // Old and new codes both verify during the overlap.
    for (const c of [before, after])
      expect((await verify(clerk, { code: c.code, deviceId: gate })).statusCode).toBe(200);
    // Emergency rotation: the current key is withdrawn at once.
    const urgent = await admin.post('/api/v1/admin/service-code/keys/rotate', { overlapSeconds: 0 });
    expect(urgent.json().retired).toBe(after.kid);
    const r = await verify(clerk, { code: after.code, deviceId: gate });
    expect(r.json().code).toBe('service_code.unknown_key');
    expect((await verify(clerk, { code: before.code, deviceId: gate })).statusCode).toBe(200);
    const keys = await admin.get('/api/v1/admin/service-code/keys');
    expect((keys.json().items as { status: string }[]).filter((k) => k.status === 'active')).toHaveLength(1);
  });
});
