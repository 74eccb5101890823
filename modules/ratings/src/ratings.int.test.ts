import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import {
  anonymousActor,
  createHttpApp,
  createLogger,
  createOutboxWorker,
  publishEvent,
  type Actor,
  type AnyDb,
  type HttpApp,
} from '@sufu/kernel';
import { permissionsOf, regionScope } from '@sufu/identity';
import { createTestPlatform, type TestPlatform } from '@sufu/testing';
import { createRatingsModule, type Notification, type RatingsModule } from './ratings.module.ts';
import { ratingsMigrations } from '../migrations/index.ts';

/**
 * 好差评 on its own, before and after it is wired into the server: the module is built over
 * the seeded test database (its migrations run here when the platform has not run them), its
 * routes mounted on a bare kernel HTTP app whose actors come from a test header, and case
 * events fed through the real outbox worker with only this module's reactions.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- queries of other schemas in assertions
type Loose = Record<string, Record<string, any>>;
let p: TestPlatform;
let db: AnyDb;
let m: RatingsModule;
let app: HttpApp;
let now = new Date('2026-09-30T02:00:00Z');
const notes: Notification[] = [];

const staff = (role: string, departmentId: string, regionCode: string, display: string): Actor => ({
  kind: 'staff',
  accountId: `acc-${display}`,
  display,
  grants: [{ role, departmentId, regionCode }],
  permissions: permissionsOf([role]),
  sessionId: 's',
});
const resident = (id: string): Actor => ({
  kind: 'person',
  accountId: id,
  display: id,
  grants: [{ role: 'resident', departmentId: null, regionCode: null }],
  permissions: permissionsOf(['resident']),
  sessionId: 's',
});
const ACTORS: Record<string, Actor> = {
  alice: resident('acc-alice'),
  bob: resident('acc-bob'),
  officerGa: staff('officer', '320102-ga', '320102', 'officer-ga'),
  officerRs: staff('officer', '320100-rs', '320100', 'officer-rs'),
  headXuanwu: staff('dept_head', '320102-xzspj', '320102', 'head-xuanwu'),
  headSuzhou: staff('dept_head', '320500-xzspj', '320500', 'head-suzhou'),
  manager: staff('service_manager', '320000-zwb', '320000', 'manager'),
};

async function call(who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) {
  const res = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: 'Test', ...(who ? { 'x-test-actor': who } : {}) },
    ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
  });
  return {
    status: res.statusCode,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read any field
    body: res.json() as Record<string, any>,
    type: res.headers['content-type'],
  };
}

let seq = 0;
function caseEvent(over: Record<string, unknown> = {}) {
  seq++;
  return {
    caseId: `case-${seq}`,
    number: `JS2026${String(seq).padStart(6, '0')}`,
    kind: 'item',
    itemId: 'hk-move',
    itemName: '户口迁移',
    bundleId: null,
    parentId: null,
    departmentId: '320102-ga',
    regionCode: '320102',
    channel: 'online',
    applicantAccountId: 'acc-alice',
    submittedAt: '2026-09-01T01:00:00Z',
    materialsRequired: 5,
    materialsExempted: 2,
    ...over,
  };
}
function concluded(submitted: Record<string, unknown>, over: Record<string, unknown> = {}) {
  return {
    ...submitted,
    outcome: 'approved',
    acceptedAt: '2026-09-01T02:00:00Z',
    concludedAt: '2026-09-10T08:00:00Z',
    dueDate: '2026-09-15',
    onTime: true,
    workingDaysUsed: 6,
    promisedDays: 10,
    legalDays: 20,
    steps: 2,
    onSiteVisits: 0,
    ...over,
  };
}

async function feed(topic: string, payload: unknown) {
  await db.transaction().execute((trx) => publishEvent(trx, topic, payload));
  await createOutboxWorker(db, m.reactions, createLogger({ level: 'silent' })).drain();
}
async function concludedCase(over: Record<string, unknown> = {}, concl: Record<string, unknown> = {}) {
  const s = caseEvent(over);
  await feed('cases.submitted', s);
  await feed('cases.concluded', concluded(s, concl));
  return s.caseId;
}

const rate = (who: string, caseId: string, body: unknown, method: 'POST' | 'PUT' = 'POST') =>
  call(who, method, `/me/cases/${caseId}/rating`, body);

async function rectOf(caseId: string) {
  return (db as Kysely<Loose>)
    .selectFrom('ratings.rectifications')
    .selectAll()
    .select(sql<string>`deadline::text`.as('deadline'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
}

beforeAll(async () => {
  p = await createTestPlatform();
  db = p.database.db;
  const wired = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.schemata where schema_name = 'ratings'`.execute(db);
  if (wired.rows[0]!.n === 0)
    for (const name of Object.keys(ratingsMigrations).sort()) await ratingsMigrations[name]!.up(db);
  const departmentNames = async (ids: string[]) =>
    new Map([...(await p.modules.directory.api.describeDepartments(ids))].map(([k, v]) => [k, v.name]));
  m = createRatingsModule({
    db,
    calendar: p.modules.calendar.api,
    notify: async (_trx, n) => {
      notes.push(n);
    },
    scope: regionScope,
    departmentNames,
    clock: () => now,
  });
  app = await createHttpApp({
    logger: createLogger({ level: 'silent' }),
    version: 'test',
    bodyLimitBytes: 1_000_000,
    rateLimitPerMinute: 1_000_000,
    cookieSecure: false,
    trustProxy: false,
    resolveActor: async (req) => ACTORS[String(req.headers['x-test-actor'])] ?? anonymousActor,
  });
  await app.register(m.routes, { prefix: '/api/v1' });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await p?.dispose();
});

describe('reasons and settings', () => {
  it('lists the default reasons by band, and only ratings.reasons.manage changes them', async () => {
    const r = await call(null, 'GET', '/ratings/reasons');
    expect(r.status).toBe(200);
    const labels = r.body.items.map((i: { label: { 'zh-CN': string } }) => i.label['zh-CN']);
    expect(labels).toEqual(expect.arrayContaining(['办事流程繁琐', '多次跑动', '办理快捷', '一次办成']));
    expect((await call('officerGa', 'PUT', '/ratings/reasons', { items: r.body.items })).status).toBe(403);
    expect((await call(null, 'GET', '/ratings/settings')).status).toBe(401);
    const s = await call('manager', 'GET', '/ratings/settings');
    expect(s.body).toMatchObject({ deadlineWorkingDays: 15, rerateWorkingDays: 5 });
  });

  it('retires a reason left out of the list and adds a new one', async () => {
    const r = await call(null, 'GET', '/ratings/reasons');
    const items = r.body.items
      .filter((i: { id: string }) => i.id !== 'system_problems')
      .concat([{ id: 'parking', band: 'bad', label: { 'zh-CN': '停车不便', en: 'Hard to park' } }]);
    const put = await call('manager', 'PUT', '/ratings/reasons', { items });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const byId = new Map(put.body.items.map((i: { id: string; active: boolean }) => [i.id, i.active]));
    expect(byId.get('system_problems')).toBe(false);
    expect(byId.get('parking')).toBe(true);
    const dup = await call('manager', 'PUT', '/ratings/reasons', { items: [items[0], items[0]] });
    expect(dup.status).toBe(400);
    const audit = await (db as Kysely<Loose>)
      .selectFrom('audit.trail')
      .select('action')
      .where('action', '=', 'ratings.reasons_updated')
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('rating rules', () => {
  it('invites the applicant to rate when the case concludes', async () => {
    const before = notes.length;
    const id = await concludedCase();
    expect(notes.slice(before)).toEqual([
      expect.objectContaining({ accountId: 'acc-alice', link: `/portal/cases/${id}?rate=1` }),
    ]);
  });

  it('own case only, concluded only, once, amended once', async () => {
    const s = caseEvent();
    await feed('cases.submitted', s);
    const id = s.caseId;
    const body = { score: 4, reasons: ['fast'], comment: '很快' };
    expect((await rate('alice', 'case-unknown', body)).status).toBe(404);
    const other = await rate('bob', id, body);
    expect(other.status).toBe(404);
    expect(other.type).toContain('application/problem+json');
    expect(other.body.code).toBe('ratings.case_not_found');
    const early = await rate('alice', id, body);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('ratings.case_not_concluded');
    expect((await call(null, 'POST', `/me/cases/${id}/rating`, body)).status).toBe(401);

    await feed('cases.concluded', concluded(s));
    const first = await rate('alice', id, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ score: 4, amendable: true, rectification: null });
    expect(first.body.scoreLabel['zh-CN']).toBe('满意');
    const again = await rate('alice', id, body);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ratings.already_rated');

    const amended = await rate('alice', id, { score: 5, reasons: ['friendly', 'done_in_one_go'] }, 'PUT');
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({ score: 5, amended: true, amendable: false, previousScore: 4 });
    const twice = await rate('alice', id, { score: 3, reasons: [] }, 'PUT');
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ratings.amended_already');

    const mine = await call('alice', 'GET', `/me/cases/${id}/rating`);
    expect(mine.status).toBe(200);
    expect(mine.body.reasons.map((r: { id: string }) => r.id)).toEqual(['friendly', 'done_in_one_go']);
    expect((await call('bob', 'GET', `/me/cases/${id}/rating`)).status).toBe(404);
    const audit = await (db as Kysely<Loose>)
      .selectFrom('audit.trail')
      .select(['action', 'actor_id'])
      .where('action', 'in', ['ratings.rated', 'ratings.amended', 'ratings.rating_read'])
      .where('actor_id', '=', 'acc-alice')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'ratings.amended',
      'ratings.rated',
      'ratings.rating_read',
    ]);
  });

  it('refuses invalid scores, reasons of the other band, retired reasons and long comments', async () => {
    const id = await concludedCase();
    for (const score of [0, 6, 2.5]) {
      const r = await rate('alice', id, { score, reasons: [] });
      expect(r.status).toBe(400);
      expect(r.type).toContain('application/problem+json');
    }
    const band = await rate('alice', id, { score: 5, reasons: ['long_wait'] });
    expect(band.status).toBe(422);
    expect(band.body.code).toBe('ratings.invalid_reason');
    expect((await rate('alice', id, { score: 1, reasons: ['system_problems'] })).status).toBe(422);
    expect((await rate('alice', id, { score: 1, reasons: ['nope'] })).status).toBe(422);
    expect((await rate('alice', id, { score: 4, reasons: [], comment: 'x'.repeat(501) })).status).toBe(400);
    expect((await rate('alice', id, { score: 4, reasons: [], comment: '好'.repeat(500) })).status).toBe(201);
  });

  it('lets counter cases be rated once submitted, and bundle parents and children alike', async () => {
    const counter = caseEvent({ channel: 'counter' });
    await feed('cases.submitted', counter);
    expect((await rate('alice', counter.caseId, { score: 5, reasons: ['friendly'] })).status).toBe(201);

    const parent = caseEvent({
      kind: 'bundle',
      itemId: null,
      bundleId: 'newborn',
      departmentId: '320102-ga',
    });
    const child = caseEvent({ parentId: parent.caseId, bundleId: 'newborn' });
    await feed('cases.submitted', parent);
    await feed('cases.submitted', child);
    const before = notes.length;
    await feed('cases.concluded', concluded(child));
    await feed('cases.concluded', concluded(parent, { itemName: '出生一件事' }));
    // One invitation for the bundle, none for its child.
    expect(notes.slice(before).map((n) => n.link)).toEqual([`/portal/cases/${parent.caseId}?rate=1`]);
    expect((await rate('alice', child.caseId, { score: 4, reasons: [] })).status).toBe(201);
    expect((await rate('alice', parent.caseId, { score: 5, reasons: [] })).status).toBe(201);
  });
});

describe('rectification', () => {
  let caseId: string;
  let rectId: string;

  it('a bad rating opens a rectification due 15 working days later on the official calendar', async () => {
    now = new Date('2026-09-30T02:00:00Z'); // 10:00 in Nanjing, the day before National Day
    caseId = await concludedCase();
    const r = await rate('alice', caseId, {
      score: 1,
      reasons: ['long_wait', 'many_visits'],
      comment: '跑了三次',
    });
    expect(r.status).toBe(201);
    const cal = await p.modules.calendar.api.calendar();
    const expected = cal.addWorkingDays('2026-09-30', 15);
    // 国庆节 (10-01..10-07) does not count and Saturday 10-10 is a make-up working day: 10-08 is
    // the first working day, 10-27 the fifteenth (three plain weeks of weekdays would end 10-21).
    expect(expected).toBe('2026-10-27');
    expect(r.body.rectification).toMatchObject({ status: 'open', deadline: expected });
    const row = await rectOf(caseId);
    expect(row).toMatchObject({ department_id: '320102-ga', region_code: '320102', status: 'open' });
    rectId = row!.id as string;
  });

  it('shows it to the case department only; another department gets 403', async () => {
    const ga = await call('officerGa', 'GET', '/ratings/rectifications');
    expect(ga.status).toBe(200);
    expect(ga.body.items.map((i: { id: string }) => i.id)).toContain(rectId);
    const rs = await call('officerRs', 'GET', '/ratings/rectifications');
    expect(rs.body.items.map((i: { id: string }) => i.id)).not.toContain(rectId);
    expect((await call('officerRs', 'GET', `/ratings/rectifications/${rectId}`)).status).toBe(403);
    const t = await call('officerRs', 'POST', `/ratings/rectifications/${rectId}/transitions`, {
      action: 'verify',
      expectedVersion: 1,
    });
    expect(t.status).toBe(403);
    expect(t.body.code).toBe('auth.out_of_scope');
    expect((await call('alice', 'GET', '/ratings/rectifications')).status).toBe(403);
    // Not escalated yet: the head of the region does not see it.
    const head = await call('headXuanwu', 'GET', '/ratings/rectifications');
    expect(head.body.items.map((i: { id: string }) => i.id)).not.toContain(rectId);
    const d = await call('officerGa', 'GET', `/ratings/rectifications/${rectId}`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: 'open', actions: ['verify', 'unfounded'], version: 1 });
    expect(d.body.rating).toMatchObject({ score: 1, comment: '跑了三次' });
    expect(d.body.timeline.map((e: { action: string }) => e.action)).toEqual(['opened']);
  });

  it('escalates it when overdue, to the head of the region', async () => {
    now = new Date('2026-10-27T10:00:00Z');
    expect(await m.escalateOverdue(now)).toBe(0); // due today (18:00 in Nanjing): not overdue yet
    now = new Date('2026-10-27T16:30:00Z'); // 00:30 on 10-28 in Nanjing
    expect(await m.escalateOverdue(now)).toBe(1);
    expect(await m.escalateOverdue(now)).toBe(0);
    const head = await call('headXuanwu', 'GET', '/ratings/rectifications?escalated=true');
    expect(head.body.items.map((i: { id: string }) => i.id)).toContain(rectId);
    const suzhou = await call('headSuzhou', 'GET', '/ratings/rectifications?escalated=true');
    expect(suzhou.body.items.map((i: { id: string }) => i.id)).not.toContain(rectId);
    expect((await call('headSuzhou', 'GET', `/ratings/rectifications/${rectId}`)).status).toBe(403);
  });

  it('moves through verify and reply with version checks, and notifies the applicant', async () => {
    const stale = await call('officerGa', 'POST', `/ratings/rectifications/${rectId}/transitions`, {
      action: 'verify',
      expectedVersion: 1,
    });
    expect(stale.status).toBe(409); // the escalation bumped the version
    expect(stale.body.code).toBe('ratings.version_conflict');
    const early = await call('officerGa', 'POST', `/ratings/rectifications/${rectId}/transitions`, {
      action: 'reply',
      text: '已整改',
      expectedVersion: 2,
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('ratings.transition_not_allowed');
    const v = await call('officerGa', 'POST', `/ratings/rectifications/${rectId}/transitions`, {
      action: 'verify',
      text: '经核实情况属实',
      expectedVersion: 2,
    });
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    expect(v.body).toMatchObject({ status: 'verified', version: 3, actions: ['reply', 'unfounded'] });
    const noText = await call('officerGa', 'POST', `/ratings/rectifications/${rectId}/transitions`, {
      action: 'reply',
      text: '  ',
      expectedVersion: 3,
    });
    expect(noText.status).toBe(400);
    const before = notes.length;
    const reply = await call('officerGa', 'POST', `/ratings/rectifications/${rectId}/transitions`, {
      action: 'reply',
      text: '已增设取号窗口并实行一次性告知',
      expectedVersion: 3,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'rectified', reply: '已增设取号窗口并实行一次性告知' });
    expect(reply.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'opened',
      'escalated',
      'verify',
      'reply',
    ]);
    expect(notes.slice(before)).toEqual([
      expect.objectContaining({ accountId: 'acc-alice', link: `/portal/cases/${caseId}?rate=1` }),
    ]);
    const audit = await (db as Kysely<Loose>)
      .selectFrom('audit.trail')
      .select('action')
      .where('resource_id', '=', rectId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'ratings.rectification_opened',
      'ratings.rectification_read',
      'ratings.rectification_escalated',
      'ratings.rectification_verify',
      'ratings.rectification_reply',
    ]);
  });

  it('closes when the applicant rates again', async () => {
    const r = await rate('alice', caseId, { score: 4, reasons: ['friendly'] }, 'PUT');
    expect(r.status).toBe(200);
    expect(r.body.rectification).toMatchObject({ status: 'closed' });
    expect(await rectOf(caseId)).toMatchObject({
      status: 'closed',
      close_reason: 're_rated',
      re_rating_score: 4,
    });
  });

  it('closes after the reply when the applicant does not rate again in time', async () => {
    now = new Date('2026-11-02T02:00:00Z');
    const id = await concludedCase();
    await rate('alice', id, { score: 2, reasons: ['poor_attitude'] });
    const row = await rectOf(id);
    await call('officerGa', 'POST', `/ratings/rectifications/${row!.id}/transitions`, {
      action: 'verify',
      expectedVersion: 1,
    });
    const reply = await call('officerGa', 'POST', `/ratings/rectifications/${row!.id}/transitions`, {
      action: 'reply',
      text: '已对窗口人员开展服务规范培训',
      expectedVersion: 2,
    });
    const until = reply.body.rerateUntil as string;
    expect(until).toBe((await p.modules.calendar.api.calendar()).addWorkingDays('2026-11-02', 5));
    const onLastDay = new Date(`${until}T10:00:00+08:00`);
    expect(await m.closeUnanswered(onLastDay)).toBe(0);
    const before = notes.length;
    expect(await m.closeUnanswered(new Date(onLastDay.getTime() + 86_400_000))).toBe(1);
    expect(await rectOf(id)).toMatchObject({ status: 'closed', close_reason: 'no_response' });
    expect(notes.slice(before)).toHaveLength(1);
  });

  it('an unfounded complaint needs a reason and still tells the applicant', async () => {
    const id = await concludedCase();
    await rate('alice', id, { score: 1, reasons: [] });
    const row = await rectOf(id);
    const url = `/ratings/rectifications/${row!.id}/transitions`;
    expect((await call('officerGa', 'POST', url, { action: 'unfounded', expectedVersion: 1 })).status).toBe(
      400,
    );
    const before = notes.length;
    const r = await call('officerGa', 'POST', url, {
      action: 'unfounded',
      text: '监控显示当日等候时间为 5 分钟',
      expectedVersion: 1,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'closed_unfounded', closeReason: 'unfounded', actions: [] });
    expect(notes.slice(before)).toHaveLength(1);
  });
});

describe('public statistics', () => {
  it('counts volume, online and on-time shares, ratings and rectification rates', async () => {
    // A department and item of their own, so earlier tests do not disturb the numbers.
    const base = {
      departmentId: '320100-rs',
      regionCode: '320105',
      itemId: 'sbk-apply',
      itemName: '社保卡申领',
    };
    const a = await concludedCase(
      { ...base },
      { onTime: true, steps: 2, legalSteps: 4, onSiteVisits: 0, legalVisits: 2 },
    );
    const b = await concludedCase(
      { ...base, channel: 'counter' },
      { onTime: false, workingDaysUsed: 12, steps: 3, legalSteps: 4, onSiteVisits: 1, legalVisits: 2 },
    );
    const c = await concludedCase(
      { ...base },
      { onTime: true, steps: 1, legalSteps: 4, onSiteVisits: 0, legalVisits: 2 },
    );
    await feed('cases.submitted', caseEvent({ ...base })); // submitted, not concluded
    await rate('alice', a, { score: 5, reasons: [] });
    await rate('alice', b, { score: 1, reasons: ['long_wait'] });
    await rate('alice', c, { score: 3, reasons: [] });
    const rect = await rectOf(b);
    await call('officerRs', 'POST', `/ratings/rectifications/${rect!.id}/transitions`, {
      action: 'verify',
      expectedVersion: 1,
    });
    await call('officerRs', 'POST', `/ratings/rectifications/${rect!.id}/transitions`, {
      action: 'reply',
      text: '已优化流程',
      expectedVersion: 2,
    });

    const byDept = await call(null, 'GET', '/ratings/stats?by=department');
    expect(byDept.status).toBe(200);
    const rs = byDept.body.items.find((i: { key: string }) => i.key === '320100-rs');
    expect(rs).toMatchObject({
      volume: 4,
      onlineShare: 0.75,
      concluded: 3,
      onTimeShare: 0.6667,
      ratingCount: 3,
      averageScore: 3,
      badRatingCount: 1,
      rectificationsOpened: 1,
      rectificationsClosed: 0,
      rectificationRate: 0,
      rectifiedShare: 1,
    });
    expect(rs.name).toContain('人力资源');

    const byItem = await call(null, 'GET', '/ratings/stats?by=item');
    expect(byItem.body.items.find((i: { key: string }) => i.key === 'sbk-apply')).toMatchObject({
      name: '社保卡申领',
      volume: 4,
    });
    const byRegion = await call(null, 'GET', '/ratings/stats?by=region');
    const nanjing = byRegion.body.items.find((i: { key: string }) => i.key === '320100');
    expect(nanjing.name).toBe('南京市');
    expect(byRegion.body.total.volume).toBe(
      byRegion.body.items.reduce((s: number, i: { volume: number }) => s + i.volume, 0),
    );
    expect((await call(null, 'GET', '/ratings/stats?by=nope')).status).toBe(400);

    const item = await call(null, 'GET', '/ratings/stats/items/sbk-apply');
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({
      volume: 4,
      concluded: 3,
      ratingCount: 3,
      steps: { baseline: 4, actual: 2, reduction: 2, reductionRate: 0.5 },
      materials: { baseline: 5, actual: 3, reduction: 2, reductionRate: 0.4 },
      days: { baseline: 20, actual: 8, promised: 10, reductionRate: 0.6 },
      visits: { baseline: 2, actual: 0.33, reduction: 1.67 },
      fees: { baseline: null, actual: null },
    });
    expect((await call(null, 'GET', '/ratings/stats/items/none')).status).toBe(404);
  });
});
