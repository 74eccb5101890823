import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { lastSmsTo } from '@sufu/kernel';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';
import { generateIdNumber, createRng } from '@sufu/china-ids';
import { DEMO_ORGANISATION } from '@sufu/identity';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => {
  await p?.dispose();
});

const codeSentTo = (mobile: string) => lastSmsTo(p.config.dataDir, mobile)?.params.code ?? '';

async function unregisteredPerson() {
  const r = await sql<{ name: string; id_number: string }>`
    select p.name, p.id_number from identity.persons p
    where not exists (select 1 from identity.accounts a where a.person_id = p.id) order by p.id_number limit 1`.execute(
    p.database.db,
  );
  return r.rows[0]!;
}

describe('real-name registration', () => {
  it('registers a resident found in the population library at level L2 after an SMS code, and signs them in', async () => {
    const person = await unregisteredPerson();
    const c = new TestClient(p, '10.1.0.1');
    const sent = await c.post('/api/v1/registration/code', { mobile: '137 0000 0001' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().resendAfterSeconds).toBe(60);
    const sms = lastSmsTo(p.config.dataDir, '13700000001');
    expect(sms?.text).toMatch(/【苏服办】您的注册验证码为 \d{6}/);
    const wrong = await c.post('/api/v1/registration', {
      name: person.name,
      idNumber: person.id_number,
      mobile: '13700000001',
      code: '000000',
      password: 'Good#Pass2026',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('otp.invalid');
    const r = await c.post('/api/v1/registration', {
      name: person.name,
      idNumber: person.id_number,
      mobile: '13700000001',
      code: codeSentTo('13700000001'),
      password: 'Good#Pass2026',
    });
    expect(r.statusCode).toBe(201);
    expect(r.json().session.account.realNameLevel).toBe('L2');
    expect((await c.get('/api/v1/me/profile')).json().displayName).toBe(person.name);
    // The code was consumed: it cannot register twice.
    const again = await new TestClient(p, '10.1.0.2').post('/api/v1/registration/code', {
      mobile: '13700000001',
    });
    expect(again.statusCode).toBe(429);
  });

  it('gives L1 to an ID number the library does not hold, and refuses a name that does not match the library', async () => {
    const person = await unregisteredPerson();
    const c = new TestClient(p, '10.1.0.3');
    await c.post('/api/v1/registration/code', { mobile: '13700000002' });
    const mismatch = await c.post('/api/v1/registration', {
      name: '冒名者',
      idNumber: person.id_number,
      mobile: '13700000002',
      code: codeSentTo('13700000002'),
      password: 'Good#Pass2026',
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().code).toBe('registration.identity_mismatch');

    const outsider = generateIdNumber(createRng('outsider'), { regionCode: '110105' });
    const d = new TestClient(p, '10.1.0.4');
    await d.post('/api/v1/registration/code', { mobile: '13700000003' });
    const ok = await d.post('/api/v1/registration', {
      name: '北京来客',
      idNumber: outsider,
      mobile: '13700000003',
      code: codeSentTo('13700000003'),
      password: 'Good#Pass2026',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().session.account.realNameLevel).toBe('L1');
  });

  it('explains an invalid ID number, and refuses a number that is already registered', async () => {
    const c = new TestClient(p, '10.1.0.5');
    await c.post('/api/v1/registration/code', { mobile: '13700000004' });
    const bad = await c.post('/api/v1/registration', {
      name: '张三',
      idNumber: '320102199003071230',
      mobile: '13700000004',
      code: codeSentTo('13700000004'),
      password: 'Good#Pass2026',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('registration.invalid_id_number');
    expect(bad.json().messages['zh-CN']).toMatch(/校验/);
    const taken = await c.post('/api/v1/registration', {
      name: '张伟',
      idNumber: '320102199003071239',
      mobile: '13700000004',
      code: codeSentTo('13700000004'),
      password: 'Good#Pass2026',
    });
    expect(taken.statusCode).toBe(409);
  });
});

describe('sign-in with an SMS code', () => {
  it('signs a resident in with a code sent to the registered mobile, once', async () => {
    const c = new TestClient(p, '10.1.1.1');
    expect((await c.post('/api/v1/session/sms-code', { mobile: '13951000001' })).statusCode).toBe(200);
    const code = codeSentTo('13951000001');
    const r = await c.post('/api/v1/session/sms-login', { mobile: '13951000001', code });
    expect(r.statusCode).toBe(200);
    expect(r.json().session.account.displayName).toBe('张伟');
    const replay = await new TestClient(p, '10.1.1.2').post('/api/v1/session/sms-login', {
      mobile: '13951000001',
      code,
    });
    expect(replay.statusCode).toBe(401);
  });

  it('answers the same for an unknown number and sends nothing', async () => {
    const c = new TestClient(p, '10.1.1.3');
    const r = await c.post('/api/v1/session/sms-code', { mobile: '13799999999' });
    expect(r.statusCode).toBe(200);
    expect(lastSmsTo(p.config.dataDir, '13799999999')).toBeUndefined();
  });
});

describe('enterprises and agents', () => {
  it('lets the legal representative act for the enterprise and refuses anyone else', async () => {
    const zhang = new TestClient(p);
    await zhang.login('13951000001');
    const mine = (await zhang.get('/api/v1/me/organisations')).json().items;
    const org = mine.find(
      (a: { organisation: { creditCode: string } }) =>
        a.organisation.creditCode === DEMO_ORGANISATION.creditCode,
    );
    expect(org.role).toBe('legal_rep');
    const acting = await zhang.put('/api/v1/session/acting', { organisationId: org.organisation.id });
    expect(acting.statusCode).toBe(200);
    expect(acting.json().actingFor).toMatchObject({ name: DEMO_ORGANISATION.name, role: 'legal_rep' });
    // What single sign-on releases as acting_org for this person now.
    const me = (await zhang.get('/api/v1/session')).json().account.id as string;
    expect(await p.modules.identity.api.actingOrganisationOf(me)).toEqual({
      name: DEMO_ORGANISATION.name,
      creditCode: DEMO_ORGANISATION.creditCode,
    });
    // Other people's enterprises cannot be claimed.
    const other = await sql<{
      credit_code: string;
    }>`select credit_code from identity.organisations where credit_code <> ${DEMO_ORGANISATION.creditCode} limit 1`.execute(
      p.database.db,
    );
    const claim = await zhang.post('/api/v1/organisations/claim', { creditCode: other.rows[0]!.credit_code });
    expect(claim.statusCode).toBe(403);
    expect(claim.json().code).toBe('organisations.not_legal_representative');
    expect(
      (await zhang.post('/api/v1/organisations/claim', { creditCode: '91350100M000100Y4Z' })).statusCode,
    ).toBe(400);
  });

  it('lets an agent act within the scope granted, records both agent and enterprise, and stops them when revoked', async () => {
    const zhang = new TestClient(p);
    await zhang.login('13951000001');
    const orgId = (await zhang.get('/api/v1/me/organisations'))
      .json()
      .items.find((a: { role: string }) => a.role === 'legal_rep').organisation.id;
    const person = await unregisteredPerson();
    // The agent must be a registered resident.
    const notRegistered = await zhang.post(`/api/v1/organisations/${orgId}/agents`, {
      name: person.name,
      idNumber: person.id_number,
      scopeAll: true,
      validUntil: null,
    });
    expect(notRegistered.statusCode).toBe(404);
    const grant = await zhang.post(`/api/v1/organisations/${orgId}/agents`, {
      name: '李娜',
      idNumber: '320583198511110025',
      scopeAll: false,
      services: ['000105001000'],
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(grant.statusCode).toBe(201);
    const authId = grant.json().id;

    const li = new TestClient(p);
    const s = await li.login('13951000002');
    const liAccount = s.session.account.id;
    expect(await p.modules.identity.api.authorisedFor(liAccount, orgId, '000105001000')).toBe(true);
    // The seeded all-services authorisation also exists; revoke it to test the narrow one.
    const agents = (await zhang.get(`/api/v1/organisations/${orgId}/agents`)).json().items as {
      id: string;
      scopeAll: boolean;
      status: string;
    }[];
    for (const a of agents.filter((x) => x.scopeAll && x.status === 'active'))
      expect((await zhang.delete(`/api/v1/organisations/${orgId}/agents/${a.id}`)).statusCode).toBe(204);
    expect(await p.modules.identity.api.authorisedFor(liAccount, orgId, '000105001000')).toBe(true);
    expect(await p.modules.identity.api.authorisedFor(liAccount, orgId, '000199999999')).toBe(false);

    expect((await li.put('/api/v1/session/acting', { organisationId: orgId })).statusCode).toBe(200);
    await li.get('/api/v1/me/profile');
    const trail = await sql<{
      details: { actingFor?: string } | null;
    }>`select details from audit.trail where actor_id = ${liAccount} and action = 'person.profile_read' order by id desc limit 1`.execute(
      p.database.db,
    );
    expect(trail.rows[0]!.details?.actingFor).toBe(orgId);

    expect((await zhang.delete(`/api/v1/organisations/${orgId}/agents/${authId}`)).statusCode).toBe(204);
    // Revocation ends the acting at once.
    expect((await li.get('/api/v1/session')).json().actingFor).toBeNull();
    const refused = await li.put('/api/v1/session/acting', { organisationId: orgId });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('organisations.not_authorised');
  });

  it('stops an agent whose authorisation has expired', async () => {
    const zhang = new TestClient(p);
    await zhang.login('13951000001');
    const orgId = (await zhang.get('/api/v1/me/organisations'))
      .json()
      .items.find((a: { role: string }) => a.role === 'legal_rep').organisation.id;
    const g = await zhang.post(`/api/v1/organisations/${orgId}/agents`, {
      name: '李娜',
      idNumber: '320583198511110025',
      scopeAll: true,
      validUntil: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const li = new TestClient(p);
    await li.login('13951000002');
    expect((await li.put('/api/v1/session/acting', { organisationId: orgId })).statusCode).toBe(200);
    await sql`update identity.org_authorisations set valid_until = now() - interval '1 second' where id = ${g.json().id}`.execute(
      p.database.db,
    );
    expect((await li.get('/api/v1/session')).json().actingFor).toBeNull();
  });
});

describe('face-to-face verification (L3)', () => {
  it('queues a resident’s request at the counters of their region, and a clerk approves it after checking the card', async () => {
    const zhang = new TestClient(p);
    await zhang.login('13951000001');
    const req = await zhang.post('/api/v1/me/verification');
    expect(req.statusCode).toBe(201);
    expect((await zhang.post('/api/v1/me/verification')).statusCode).toBe(409);

    const clerk = new TestClient(p);
    await clerk.login('clerk.xuanwu');
    const queue = (await clerk.get('/api/v1/identity/verification-queue')).json().items;
    const item = queue.find((q: { id: string }) => q.id === req.json().id);
    expect(item.idNumberMasked).toBe('320102********1239');
    // A clerk of another county does not see it.
    const far = new TestClient(p);
    await far.login('clerk.320583');
    expect(
      (await far.get('/api/v1/identity/verification-queue'))
        .json()
        .items.find((q: { id: string }) => q.id === item.id),
    ).toBeUndefined();
    const wrongCard = await clerk.post(`/api/v1/identity/verification-queue/${item.id}/decision`, {
      decision: 'approve',
      idNumber: '320583198511110025',
    });
    expect(wrongCard.statusCode).toBe(422);
    const ok = await clerk.post(`/api/v1/identity/verification-queue/${item.id}/decision`, {
      decision: 'approve',
      idNumber: '320102199003071239',
    });
    expect(ok.json().status).toBe('approved');
    expect((await zhang.get('/api/v1/session')).json().account.realNameLevel).toBe('L3');
  });
});
