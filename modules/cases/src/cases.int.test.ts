import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, TestClient, type TestPlatform } from '@sufu/testing';
import { createOfficialCalendar } from '@sufu/kernel';
import { fillForm, SAMPLE_PDF, SAMPLE_PNG } from './test-helpers.ts';
import type { FormSchema } from './form.ts';

/**
 * 一网通办 on the seeded platform: a resident applies for 户口登记（出生登记） with two
 * materials exempted by certificates, the clerk asks for a correction once, the police
 * sub-bureau reviews and decides in working days, the result is delivered, and the
 * applicant is told at every step. Bad input and conflicting clerks get clear 4xx answers.
 */
let p: TestPlatform;
let resident: TestClient;
let clerk: TestClient;
let officer: TestClient;
let stranger: TestClient;

type Prefill = {
  title: string;
  form: FormSchema;
  prefill: { key: string; value: string }[];
  items: {
    itemId: string;
    departmentId: string;
    materials: { key: string; name: string; status: string }[];
  }[];
  exempted: number;
};
type Receipt = {
  caseId: string;
  number: string;
  materialsExempted: number;
  materialsRequired: number;
  children: unknown[];
};
type Detail = {
  id: string;
  status: string;
  version: number;
  sla: { dueDate: string; colour: string; limitDays: number } | null;
  timeline: { action: string }[];
  tasks: { departmentId: string; status: string }[];
  acceptedAt: string | null;
  correction: { items: string[] } | null;
};

const json = <T>(r: { body: string }) => JSON.parse(r.body) as T;
function expectProblem(
  r: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code?: string,
) {
  expect(r.statusCode, r.body).toBe(status);
  expect(String(r.headers['content-type'])).toContain('application/problem+json');
  const b = json<{ code: string; detail: string }>(r);
  if (code) expect(b.code).toBe(code);
  return b;
}

beforeAll(async () => {
  p = await createTestPlatform();
  resident = new TestClient(p);
  await resident.login('13951000001');
  clerk = new TestClient(p);
  await clerk.login('clerk.xuanwu');
  officer = new TestClient(p);
  await officer.login('officer.xuanwu.ga');
  stranger = new TestClient(p);
  await stranger.login('officer.nanjing');
});
afterAll(async () => {
  await p?.dispose();
});

async function upload(client: TestClient, url: string, body: Buffer, type: string) {
  return client.request('POST', url, body, { 'content-type': type });
}

async function applyForBirthRegistration(key: string) {
  const draft = await resident.post('/api/v1/cases/drafts', { itemId: 'JS-GA-001' });
  expect(draft.statusCode, draft.body).toBe(201);
  const d = json<Prefill & { id: string }>(draft);
  const prefilled = new Set(d.prefill.map((f) => f.key));
  const toUpload = d.items[0]!.materials.filter((m) => m.status === 'upload');
  for (const m of toUpload) {
    const r = await upload(
      resident,
      `/api/v1/cases/drafts/${d.id}/files?material=${m.key}&name=${encodeURIComponent('出生医学证明.pdf')}`,
      SAMPLE_PDF,
      'application/pdf',
    );
    expect(r.statusCode, r.body).toBe(201);
  }
  const save = await resident.put(`/api/v1/cases/drafts/${d.id}`, { form: fillForm(d.form, prefilled) });
  expect(save.statusCode, save.body).toBe(200);
  const sub = await resident.post(
    '/api/v1/cases',
    { draftId: d.id, consent: true },
    { 'idempotency-key': key },
  );
  expect(sub.statusCode, sub.body).toBe(201);
  return { draft: d, receipt: json<Receipt>(sub) };
}

async function detail(client: TestClient, id: string) {
  const r = await client.get(`/api/v1/cases/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return json<Detail>(r);
}

async function act(client: TestClient, id: string, body: Record<string, unknown>) {
  const v = (await detail(client, id)).version;
  return client.post(`/api/v1/cases/${id}/transitions`, { expectedVersion: v, ...body });
}

describe('applying with the two exemptions', () => {
  it('shows what is prefilled from the population library and which materials are exempted', async () => {
    const r = await resident.get('/api/v1/cases/prefill?itemId=JS-GA-001');
    expect(r.statusCode, r.body).toBe(200);
    const pre = json<Prefill>(r);
    expect(pre.items[0]!.departmentId).toBe('320102-ga'); // 属地: 玄武分局 for a 玄武区 resident
    const byName = new Map(pre.items[0]!.materials.map((m) => [m.name, m.status]));
    expect(byName.get('居民身份证')).toBe('exempt_certificate');
    expect(byName.get('居民户口簿')).toBe('exempt_certificate');
    expect(byName.get('出生医学证明')).toBe('upload');
    expect(pre.exempted).toBe(2);
    const name = pre.prefill.find((f) => f.value === '张伟');
    expect(name, 'the applicant name comes from the population library').toBeTruthy();
  });

  it('refuses a submission without consent, without materials, and with an invalid form', async () => {
    const draft = json<Prefill & { id: string }>(
      await resident.post('/api/v1/cases/drafts', { itemId: 'JS-GA-001' }),
    );
    expectProblem(
      await resident.post('/api/v1/cases', { draftId: draft.id, consent: false }),
      422,
      'cases.consent_required',
    );
    expectProblem(await resident.post('/api/v1/cases', { draftId: draft.id, consent: true }), 422);
    const bad = await resident.put(`/api/v1/cases/drafts/${draft.id}`, { form: { notAField: 'x' } });
    expect(bad.statusCode).toBe(200); // drafts may be incomplete
    const r = await resident.post('/api/v1/cases', {
      itemId: 'JS-GA-001',
      consent: true,
      form: { notAField: 'x' },
    });
    const b = expectProblem(r, 422);
    expect(['cases.form_invalid', 'cases.materials_missing']).toContain(b.code);
    expectProblem(
      await resident.post('/api/v1/cases', { itemId: 'NO-SUCH-ITEM', consent: true }),
      422,
      'cases.item_unavailable',
    );
    const anon = new TestClient(p);
    expectProblem(await anon.post('/api/v1/cases', { itemId: 'JS-GA-001', consent: true }), 401);
  });

  it('checks uploads by their content: mislabelled, unknown and oversized files are refused', async () => {
    const d = json<Prefill & { id: string }>(
      await resident.post('/api/v1/cases/drafts', { itemId: 'JS-GA-001' }),
    );
    const m = d.items[0]!.materials.find((x) => x.status === 'upload')!;
    const url = `/api/v1/cases/drafts/${d.id}/files?material=${m.key}&name=a.pdf`;
    expectProblem(
      await upload(resident, url, SAMPLE_PNG, 'application/pdf'),
      415,
      'cases.file_type_mismatch',
    );
    expectProblem(
      await upload(resident, url, Buffer.from('MZ\x90\x00 not a document'), 'application/pdf'),
      415,
      'cases.file_type_unsupported',
    );
    const big = Buffer.concat([SAMPLE_PDF, Buffer.alloc(10 * 1024 * 1024 + 10)]);
    const r = await upload(resident, url, big, 'application/pdf');
    expect(r.statusCode).toBe(413);
    expectProblem(
      await upload(
        resident,
        `/api/v1/cases/drafts/${d.id}/files?material=m99&name=a.pdf`,
        SAMPLE_PDF,
        'application/pdf',
      ),
      400,
      'cases.material_unknown',
    );
    const ok = await upload(resident, url, SAMPLE_PNG, 'image/png');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(json<{ sm3: string; mediaType: string }>(ok)).toMatchObject({ mediaType: 'image/png' });
    expect(json<{ sm3: string }>(ok).sm3).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is idempotent: a retry returns the same receipt, another body under the same key is refused', async () => {
    const { receipt, draft } = await applyForBirthRegistration('birth-idem-0001');
    expect(receipt.materialsExempted).toBe(2);
    expect(receipt.number).toMatch(/^\d{8}320102\d{7}$/);
    const again = await resident.post(
      '/api/v1/cases',
      { draftId: draft.id, consent: true },
      { 'idempotency-key': 'birth-idem-0001' },
    );
    expect(again.statusCode).toBe(200);
    expect(json<Receipt>(again).number).toBe(receipt.number);
    expectProblem(
      await resident.post(
        '/api/v1/cases',
        { itemId: 'JS-WJ-003', consent: true },
        { 'idempotency-key': 'birth-idem-0001' },
      ),
      422,
      'cases.idempotency_key_reused',
    );
  });
});

describe('handling in working days', () => {
  it('runs correction, acceptance, review, decision and delivery, telling the applicant each time', async () => {
    const { receipt } = await applyForBirthRegistration('birth-flow-0001');
    const id = receipt.caseId;
    // The clerk's acceptance queue shows it with the applicant's name masked.
    const q = await clerk.get('/api/v1/cases/queue?view=acceptance');
    expect(q.statusCode, q.body).toBe(200);
    const row = json<{ items: { id: string; applicantName: string }[] }>(q).items.find((x) => x.id === id);
    expect(row?.applicantName).toBe('张*');
    // Another department can neither see nor touch it.
    expectProblem(await stranger.get(`/api/v1/cases/${id}`), 404);
    expectProblem(
      await stranger.post(`/api/v1/cases/${id}/transitions`, { action: 'accept', expectedVersion: 1 }),
      404,
    );
    // Correction: one notice listing everything, once.
    expectProblem(
      await act(clerk, id, { action: 'request_correction', items: [] }),
      422,
      'cases.reasons_required',
    );
    const corr = await act(clerk, id, {
      action: 'request_correction',
      items: ['出生医学证明扫描件不清晰', '请补充父亲身份证明'],
    });
    expect(corr.statusCode, corr.body).toBe(200);
    const mine = json<Detail>(await resident.get(`/api/v1/me/cases/${id}`));
    expect(mine.status).toBe('correction_requested');
    expect(mine.correction?.items).toHaveLength(2);
    const ans = await resident.post(`/api/v1/me/cases/${id}/correction`, { note: '已重新上传' });
    expect(ans.statusCode, ans.body).toBe(200);
    expectProblem(
      await act(clerk, id, { action: 'request_correction', items: ['再次补正'] }),
      409,
      'cases.correction_once',
    );
    // Acceptance starts the clock on the official calendar.
    const acc = await act(clerk, id, { action: 'accept' });
    expect(acc.statusCode, acc.body).toBe(200);
    const accepted = await detail(officer, id);
    expect(accepted.status).toBe('under_review');
    expect(accepted.tasks).toEqual([expect.objectContaining({ departmentId: '320102-ga', status: 'open' })]);
    if (accepted.sla) {
      const cal = createOfficialCalendar();
      const day = new Date(accepted.acceptedAt!).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      expect(accepted.sla.dueDate).toBe(cal.addWorkingDays(day, accepted.sla.limitDays));
      expect(accepted.sla.colour).toBe('green');
    }
    // Decision needs the review done and reasons.
    expectProblem(
      await act(officer, id, { action: 'decide', outcome: 'approved', reasons: '符合条件' }),
      409,
      'cases.tasks_open',
    );
    expect(
      (await act(officer, id, { action: 'complete_task', opinion: 'agree', note: '材料齐全' })).statusCode,
    ).toBe(200);
    expectProblem(
      await act(officer, id, { action: 'decide', outcome: 'approved' }),
      422,
      'cases.reasons_required',
    );
    const dec = await act(officer, id, {
      action: 'decide',
      outcome: 'approved',
      reasons: '符合出生登记条件，准予登记',
    });
    expect(dec.statusCode, dec.body).toBe(200);
    const del = await act(officer, id, { action: 'deliver', method: 'e_certificate' });
    expect(del.statusCode, del.body).toBe(200);
    const done = json<Detail>(await resident.get(`/api/v1/me/cases/${id}`));
    expect(done.status).toBe('delivered');
    expect(done.timeline.map((t) => t.action)).toEqual([
      'submit',
      'request_correction',
      'answer_correction',
      'accept',
      'complete_task',
      'decide',
      'deliver',
    ]);
    const inbox = json<{ items: { kind: string }[] }>(
      await resident.get('/api/v1/me/notifications?limit=50'),
    );
    const kinds = inbox.items.map((n) => n.kind);
    for (const k of [
      'cases.submitted',
      'cases.correction_requested',
      'cases.under_review',
      'cases.concluded',
      'cases.delivered',
    ])
      expect(kinds).toContain(k);
    // Every transition and the staff's reads of the case are in the audit trail.
    const trail = await p.database.db
      .selectFrom('audit.trail' as never)
      .select(['action' as never])
      .where('resource_id' as never, '=', id as never)
      .execute();
    const actions = (trail as { action: string }[]).map((t) => t.action);
    for (const a of [
      'cases.submit',
      'cases.request_correction',
      'cases.accept',
      'cases.decide',
      'cases.deliver',
      'cases.read',
    ])
      expect(actions).toContain(a);
  });

  it('lets exactly one of 32 conflicting clerks win; the case stays valid', async () => {
    const { receipt } = await applyForBirthRegistration('birth-race-0001');
    const id = receipt.caseId;
    const actions = Array.from({ length: 32 }, (_, i) =>
      i % 3 === 0
        ? { action: 'accept' }
        : i % 3 === 1
          ? { action: 'refuse', reasons: '不属于本机关职权范围' }
          : { action: 'request_correction', items: ['材料不全'] },
    );
    const results = await Promise.all(
      actions.map((a) => clerk.post(`/api/v1/cases/${id}/transitions`, { expectedVersion: 1, ...a })),
    );
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) expectProblem(r, 409);
    const d = await detail(clerk, id);
    expect(d.version).toBe(2);
    const winner = json<{ status: string }>(ok[0]!).status;
    expect(d.status).toBe(winner);
    expect(d.timeline.filter((t) => t.action !== 'submit')).toHaveLength(1);
  });

  it('escalates overdue cases to the department head', async () => {
    const { receipt } = await applyForBirthRegistration('birth-late-0001');
    const id = receipt.caseId;
    expect((await act(clerk, id, { action: 'accept' })).statusCode).toBe(200);
    await p.database.db
      .updateTable('cases.cases' as never)
      .set({ due_date: '2026-01-05', warn_date: '2026-01-02' } as never)
      .where('id' as never, '=', id as never)
      .execute();
    const n = await p.modules.cases.handling.escalateOverdue();
    expect(n).toBeGreaterThanOrEqual(1);
    const head = new TestClient(p);
    await head.login('head.xuanwu.ga');
    const q = json<{ items: { id: string; escalated: boolean; sla: { colour: string } }[] }>(
      await head.get('/api/v1/cases/queue?view=escalated'),
    );
    const row = q.items.find((x) => x.id === id);
    expect(row?.escalated).toBe(true);
    expect(row?.sla.colour).toBe('red');
    expectProblem(await officer.get('/api/v1/cases/queue?view=escalated'), 403);
  });
});

describe('一件事: the newborn bundle', () => {
  it('fans one application out to every department, follows one progress, and concludes when all children do', async () => {
    const draftRes = await resident.post('/api/v1/cases/drafts', { bundleId: 'LE-01' });
    expect(draftRes.statusCode, draftRes.body).toBe(201);
    const d = json<Prefill & { id: string }>(draftRes);
    expect(d.title).toContain('出生');
    expect(d.items.length).toBeGreaterThanOrEqual(5);
    // The birth certificate issued by the first item stands in for that material in the others.
    const household = d.items.find((i) => i.itemId === 'JS-GA-001')!;
    expect(household.materials.find((m) => m.name === '出生医学证明')?.status).toBe('produced_in_bundle');
    expect(d.exempted).toBeGreaterThanOrEqual(6);
    for (const [i, it] of d.items.entries()) {
      for (const m of it.materials.filter((x) => x.status === 'upload')) {
        const r = await upload(
          resident,
          `/api/v1/cases/drafts/${d.id}/files?material=${i}.${m.key}&name=m.pdf`,
          SAMPLE_PDF,
          'application/pdf',
        );
        expect(r.statusCode, r.body).toBe(201);
      }
    }
    const prefilled = new Set(d.prefill.map((f) => f.key));
    expect(
      (await resident.put(`/api/v1/cases/drafts/${d.id}`, { form: fillForm(d.form, prefilled) })).statusCode,
    ).toBe(200);
    const sub = await resident.post(
      '/api/v1/cases',
      { draftId: d.id, consent: true },
      { 'idempotency-key': 'bundle-birth-0001' },
    );
    expect(sub.statusCode, sub.body).toBe(201);
    const receipt = json<Receipt & { children: { caseId: string; title: string; departmentName: string }[] }>(
      sub,
    );
    expect(receipt.children).toHaveLength(d.items.length);
    const parentId = receipt.caseId;

    // Each child goes to its own department; the window clerk of 玄武区 accepts them all.
    const officers: Record<string, string> = {
      '320100-wj': 'officer.nanjing.wj',
      '320102-ga': 'officer.xuanwu.ga',
      '320000-yb': 'officer.province.yb',
      '320100-rs': 'officer.nanjing.rs',
    };
    const mine = json<Detail & { children: { id: string; departmentId: string; status: string }[] }>(
      await resident.get(`/api/v1/me/cases/${parentId}`),
    );
    expect(new Set(mine.children.map((c) => c.departmentId))).toEqual(new Set(Object.keys(officers)));
    for (const c of mine.children)
      expect((await act(clerk, c.id, { action: 'accept' })).statusCode).toBe(200);
    expect(json<Detail>(await resident.get(`/api/v1/me/cases/${parentId}`)).status).toBe('under_review');

    const clients = new Map<string, TestClient>();
    for (const [i, c] of mine.children.entries()) {
      const username = officers[c.departmentId]!;
      let o = clients.get(username);
      if (!o) {
        o = new TestClient(p);
        await o.login(username);
        clients.set(username, o);
      }
      expect((await act(o, c.id, { action: 'complete_task', opinion: 'agree' })).statusCode).toBe(200);
      const r = await act(o, c.id, { action: 'decide', outcome: 'approved', reasons: '材料齐全，符合条件' });
      expect(r.statusCode, r.body).toBe(200);
      const parent = json<Detail>(await resident.get(`/api/v1/me/cases/${parentId}`));
      expect(parent.status).toBe(i === mine.children.length - 1 ? 'concluded' : 'under_review');
    }
    const done = json<Detail & { outcome: string }>(await resident.get(`/api/v1/me/cases/${parentId}`));
    expect(done.outcome).toBe('approved');
    const inbox = json<{ items: { kind: string; link: string }[] }>(
      await resident.get('/api/v1/me/notifications?limit=100'),
    );
    expect(
      inbox.items.some((n) => n.kind === 'cases.concluded' && n.link === `/portal/cases/${parentId}`),
    ).toBe(true);
  });
});

describe('draft files', () => {
  it('removes a wrong upload from a draft, and only from the applicant’s own draft', async () => {
    const d = json<Prefill & { id: string }>(
      await resident.post('/api/v1/cases/drafts', { itemId: 'JS-GA-001' }),
    );
    const m = d.items[0]!.materials.find((x) => x.status === 'upload')!;
    const up = await upload(
      resident,
      `/api/v1/cases/drafts/${d.id}/files?material=${m.key}&name=wrong.pdf`,
      SAMPLE_PDF,
      'application/pdf',
    );
    const fileId = json<{ id: string }>(up).id;
    const other = new TestClient(p);
    await other.login('13951000002');
    expectProblem(await other.delete(`/api/v1/cases/drafts/${d.id}/files/${fileId}`), 404);
    expect((await resident.delete(`/api/v1/cases/drafts/${d.id}/files/${fileId}`)).statusCode).toBe(204);
    const after = json<{ files: unknown[] }>(await resident.get(`/api/v1/cases/drafts/${d.id}`));
    expect(after.files).toHaveLength(0);
    expectProblem(await resident.delete(`/api/v1/cases/drafts/${d.id}/files/${fileId}`), 404);
  });
});

describe('special procedures', () => {
  it('stops the clock while suspended: the due date moves by the working days spent suspended', async () => {
    const { receipt } = await applyForBirthRegistration('birth-suspend-0001');
    const id = receipt.caseId;
    expect((await act(clerk, id, { action: 'accept' })).statusCode).toBe(200);
    const before = await detail(officer, id);
    expectProblem(await act(officer, id, { action: 'suspend' }), 422, 'cases.reasons_required');
    expect(
      (await act(officer, id, { action: 'suspend', reasons: '需要现场核查（特别程序）' })).statusCode,
    ).toBe(200);
    const suspended = await detail(officer, id);
    expect(suspended.status).toBe('suspended');
    expect(suspended.sla).toMatchObject({ suspended: true });
    // Pretend the suspension began five calendar days ago.
    const cal = createOfficialCalendar();
    const since = new Date(Date.now() - 5 * 86_400_000);
    await p.database.db
      .updateTable('cases.cases' as never)
      .set({ suspended_since: since } as never)
      .where('id' as never, '=', id as never)
      .execute();
    expectProblem(await act(officer, id, { action: 'decide', outcome: 'approved', reasons: '同意' }), 409);
    expect((await act(officer, id, { action: 'resume' })).statusCode).toBe(200);
    const resumed = await detail(officer, id);
    expect(resumed.status).toBe('under_review');
    const day = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const paused = cal.workingDaysBetween(day(since), day(new Date()));
    const accepted = day(new Date(resumed.acceptedAt!));
    expect(resumed.sla!.dueDate).toBe(cal.addWorkingDays(accepted, before.sla!.limitDays + paused));
    expect(resumed.timeline.map((t) => t.action)).toEqual(['submit', 'accept', 'suspend', 'resume']);
  });
});
