import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import {
  CommonErrors,
  publishEvent,
  recordAudit,
  shanghaiDate,
  type Actor,
  type AnyDb,
  type Grant,
  type Localized,
  type WorkingDayCalendar,
} from '@sufu/kernel';
import { CaseErrors } from './errors.ts';
import { defaultForm, validateForm, type FormSchema } from './form.ts';
import { deadlines, daysBetween, slaOf } from './sla.ts';
import {
  interimCertificates,
  sharedMaterialSource,
  type CertificateSource,
  type Holder,
  type PrefillField,
  type SharedDataSource,
  type SharedRecord,
} from './sources.ts';
import type { CaseMaterial, CaseStatus, CasesTables } from './tables.ts';

type Db = Kysely<CasesTables>;
type Trx = Transaction<CasesTables>;
export type CaseRow = Selectable<CasesTables['cases.cases']>;

/** The parts of a published catalog item a case needs (the rest of the snapshot is kept as is). */
export type ItemLike = {
  id: string;
  name: string;
  audience: 'person' | 'organisation' | 'both';
  departmentId: string;
  status: string;
  legalTimeLimit: { days: number | null; unit: 'working_days' | 'days' | null };
  promisedTimeLimit: { days: number | null; unit: 'working_days' | 'days' };
  onSiteVisits?: { count: number | null };
  fee?: { charged: boolean | null };
  materials:
    | {
        name: string;
        source: 'applicant' | 'government_issued' | 'shared_data';
        certificate: string | null;
        required: boolean;
        note: string | null;
      }[]
    | null;
  resultCertificate: string | null;
  form?: FormSchema | null;
  collaborators?: string[];
  steps?: unknown[];
  minRealNameLevel?: 'L1' | 'L2' | 'L3';
};

export type CasesCatalog = {
  publishedItem(id: string): Promise<{ version: number; snapshot: ItemLike } | null>;
  lifeEvent(
    id: string,
  ): Promise<{ id: string; name: string; nameEn: string; itemIds: string[]; sharedFields?: string[] } | null>;
};

export type CasesDeps = {
  db: AnyDb;
  catalog: CasesCatalog;
  departments(ids: string[]): Promise<Map<string, { name: string; regionCode?: string }>>;
  calendar(): Promise<WorkingDayCalendar>;
  shared: SharedDataSource;
  certificates?: CertificateSource;
  notify(
    trx: AnyDb,
    input: { accountId: string; kind: string; title: Localized; body: Localized; link?: string | null },
  ): Promise<void>;
  /** The actor's grants that carry a permission (roles are identity's business). */
  grantsWith(actor: Actor, permission: string): Grant[];
  realNameLevel(accountId: string): Promise<'L1' | 'L2' | 'L3' | null>;
  now?: () => Date;
};

export type RequestInfo = { requestId: string | null; ip: string | null };

export const CASES_EVENTS = {
  submitted: 'cases.submitted',
  stateChanged: 'cases.state_changed',
  concluded: 'cases.concluded',
} as const;

const STATUS_TEXT: Record<CaseStatus, Localized> = {
  submitted: { 'zh-CN': '已提交，待受理', en: 'Submitted, awaiting acceptance' },
  not_accepted: { 'zh-CN': '不予受理', en: 'Not accepted' },
  correction_requested: { 'zh-CN': '待补正材料', en: 'Correction requested' },
  under_review: { 'zh-CN': '审查中', en: 'Under review' },
  suspended: { 'zh-CN': '特别程序（暂停计时）', en: 'Suspended (special procedure)' },
  concluded: { 'zh-CN': '已办结', en: 'Concluded' },
  delivered: { 'zh-CN': '结果已送达', en: 'Result delivered' },
};

export const ACTIVE: CaseStatus[] = ['submitted', 'correction_requested', 'under_review', 'suspended'];

const regionPrefix = (code: string) =>
  /^\d{2}0000$/.test(code) ? code.slice(0, 2) : /^\d{4}00$/.test(code) ? code.slice(0, 4) : code;

/** Candidates for the handling department of an item in a region (属地办理), nearest first. */
export function handlingCandidates(itemDepartmentId: string, regionCode: string): string[] {
  const kind = itemDepartmentId.slice(itemDepartmentId.indexOf('-') + 1);
  const city = `${regionCode.slice(0, 4)}00`;
  return [...new Set([`${regionCode}-${kind}`, `${city}-${kind}`, `320000-${kind}`, itemDepartmentId])];
}

const maskName = (name: string) => {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
};

export function createCasesService(deps: CasesDeps) {
  const db = deps.db as unknown as Db;
  const certificates = deps.certificates ?? interimCertificates;
  const now = deps.now ?? (() => new Date());
  const audit = (
    trx: AnyDb,
    actor: Actor,
    info: RequestInfo,
    ...entries: Parameters<typeof recordAudit>[2][]
  ) => recordAudit(trx, { actor, requestId: info.requestId, ip: info.ip }, ...entries);

  // ---------------------------------------------------------------- what an application needs

  type Plan = {
    item: ItemLike;
    itemVersion: number;
    form: FormSchema;
    materials: CaseMaterial[];
    departmentId: string;
    departmentName: string;
  };

  async function loadItem(id: string) {
    const p = await deps.catalog.publishedItem(id);
    if (!p || p.snapshot.status !== 'in_use') throw CaseErrors.itemUnavailable();
    return p;
  }

  async function resolveDepartment(itemDepartmentId: string, regionCode: string) {
    const candidates = handlingCandidates(itemDepartmentId, regionCode);
    const found = await deps.departments(candidates);
    for (const c of candidates) {
      const d = found.get(c);
      if (d) return { id: c, name: d.name };
    }
    return { id: itemDepartmentId, name: itemDepartmentId };
  }

  /** Evaluates each material: exempted by a certificate, by shared data, produced in the bundle, or to upload. */
  async function evaluateMaterials(
    item: ItemLike,
    holder: Holder,
    producedInBundle: Map<string, string>,
    executor: Db,
  ): Promise<CaseMaterial[]> {
    const out: CaseMaterial[] = [];
    for (const [i, m] of (item.materials ?? []).entries()) {
      const base = {
        key: `m${i}`,
        name: m.name,
        required: m.required,
        source: m.source,
        fileIds: [],
        note: m.note,
      };
      if (m.source === 'government_issued' && m.certificate) {
        const cert = await certificates.find(holder, m.certificate, executor);
        if (cert) {
          out.push({ ...base, status: 'exempt_certificate', certificate: cert });
          continue;
        }
        const producer = producedInBundle.get(m.certificate);
        if (producer) {
          out.push({ ...base, status: 'produced_in_bundle', producedBy: producer });
          continue;
        }
      }
      if (m.source === 'shared_data' || (m.source === 'government_issued' && !m.certificate)) {
        const src = sharedMaterialSource(m.name, holder);
        if (src) {
          out.push({ ...base, status: 'exempt_shared', sharedSource: src });
          continue;
        }
      }
      out.push({ ...base, status: m.required ? 'upload' : 'optional' });
    }
    return out;
  }

  async function applicantRecord(actor: Actor): Promise<SharedRecord> {
    if (!actor.accountId || actor.kind !== 'person') throw CommonErrors.forbidden();
    const r = await deps.shared.record({
      accountId: actor.accountId,
      organisationId: actor.actingFor?.organisationId ?? null,
    });
    if (!r) throw CommonErrors.forbidden();
    return r;
  }

  /** Everything an application for an item or bundle needs, for one applicant in one region. */
  async function plan(
    target: { itemId?: string | null; bundleId?: string | null },
    record: SharedRecord,
    regionCode: string,
  ) {
    let title: string;
    let itemIds: string[];
    let sharedFields: string[] = [];
    if (target.bundleId) {
      const le = await deps.catalog.lifeEvent(target.bundleId);
      if (!le || le.itemIds.length === 0) throw CaseErrors.itemUnavailable();
      title = le.name;
      itemIds = le.itemIds;
      sharedFields = le.sharedFields ?? [];
    } else if (target.itemId) {
      itemIds = [target.itemId];
      title = '';
    } else {
      throw CommonErrors.validation();
    }
    const items = await Promise.all(itemIds.map(loadItem));
    if (!target.bundleId) title = items[0]!.snapshot.name;
    // A result certificate of one bundle item stands in for that material in the others.
    const produced = new Map<string, string>();
    if (target.bundleId) {
      for (const it of items)
        if (it.snapshot.resultCertificate) produced.set(it.snapshot.resultCertificate, it.snapshot.name);
    }
    const plans: Plan[] = [];
    for (const it of items) {
      const own = new Map([...produced].filter(([, by]) => by !== it.snapshot.name));
      const dept = await resolveDepartment(it.snapshot.departmentId, regionCode);
      const audience = record.holder.type;
      plans.push({
        item: it.snapshot,
        itemVersion: it.version,
        form: it.snapshot.form ?? defaultForm(audience),
        materials: await evaluateMaterials(it.snapshot, record.holder, own, db),
        departmentId: dept.id,
        departmentName: dept.name,
      });
    }
    // The bundle form: every item's fields once (shared fields by name), item by item.
    const fields = new Map<string, FormSchema['properties'][string]>();
    const required = new Set<string>();
    for (const p of plans) {
      for (const [k, v] of Object.entries(p.form.properties)) if (!fields.has(k)) fields.set(k, v);
      for (const r of p.form.required ?? []) required.add(r);
    }
    const form: FormSchema = {
      type: 'object',
      title,
      properties: Object.fromEntries(fields),
      required: [...required],
    };
    return { title, plans, form, sharedFields };
  }

  function prefillOf(form: FormSchema, record: SharedRecord, title: string): PrefillField[] {
    const out: PrefillField[] = [];
    for (const [key, p] of Object.entries(form.properties)) {
      const src = p['x-prefill'];
      if (!src) continue;
      const value = record.fields[src];
      if (value === undefined) continue;
      out.push({
        key,
        value,
        source: record.source,
        purpose: {
          'zh-CN': `用于“${title}”申请表的预填`,
          en: `To fill in the application form of "${title}"`,
        },
      });
    }
    return out;
  }

  const levelRank = { L1: 1, L2: 2, L3: 3 } as const;

  // ---------------------------------------------------------------- portal: prefill, drafts, submit

  async function prefill(
    actor: Actor,
    info: RequestInfo,
    target: { itemId?: string; bundleId?: string; regionCode?: string },
  ) {
    const record = await applicantRecord(actor);
    const regionCode = target.regionCode ?? record.holder.regionCode;
    const p = await plan(target, record, regionCode);
    const fields = prefillOf(p.form, record, p.title);
    await audit(db, actor, info, {
      action: 'cases.prefill.read',
      resourceType: target.bundleId ? 'life_event' : 'service_item',
      resourceId: target.bundleId ?? target.itemId ?? null,
      subjectRef: record.holder.ref,
      purpose: 'application prefill',
      details: { fields: fields.map((f) => f.key) },
    });
    return {
      title: p.title,
      regionCode,
      form: p.form,
      sharedFields: p.sharedFields,
      prefill: fields,
      items: p.plans.map((x) => ({
        itemId: x.item.id,
        itemVersion: x.itemVersion,
        name: x.item.name,
        departmentId: x.departmentId,
        departmentName: x.departmentName,
        promisedDays: x.item.promisedTimeLimit.days,
        materials: x.materials,
      })),
      exempted: p.plans.reduce(
        (n, x) =>
          n +
          x.materials.filter((m) => m.status.startsWith('exempt') || m.status === 'produced_in_bundle')
            .length,
        0,
      ),
    };
  }

  function requestHash(body: unknown) {
    return createHash('sha256').update(JSON.stringify(body)).digest('hex');
  }

  async function nextNumber(trx: Trx, regionCode: string) {
    const r = await sql<{ n: string }>`select nextval('cases.case_number_seq')::text as n`.execute(trx);
    const day = shanghaiDate(now()).replaceAll('-', '');
    return `${day}${regionCode}${r.rows[0]!.n.padStart(7, '0')}`;
  }

  type SubmitInput = {
    itemId?: string | undefined;
    bundleId?: string | undefined;
    draftId?: string | undefined;
    regionCode?: string | undefined;
    form?: Record<string, unknown> | undefined;
    consent: boolean;
  };

  type Receipt = Awaited<ReturnType<typeof receiptOf>>;

  async function receiptOf(executor: Db, caseId: string) {
    const c = await executor
      .selectFrom('cases.cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const children =
      c.kind === 'bundle'
        ? await executor
            .selectFrom('cases.cases')
            .selectAll()
            .where('parent_id', '=', c.id)
            .orderBy('number')
            .execute()
        : [];
    const names = await deps.departments([
      ...new Set([c, ...children].map((x) => x.department_id).filter((x): x is string => !!x)),
    ]);
    return {
      caseId: c.id,
      number: c.number,
      title: c.title,
      kind: c.kind,
      status: c.status,
      submittedAt: c.submitted_at.toISOString(),
      materialsRequired: c.materials_required,
      materialsExempted: c.materials_exempted,
      children: children.map((x) => ({
        caseId: x.id,
        number: x.number,
        title: x.title,
        departmentName: names.get(x.department_id ?? '')?.name ?? x.department_id,
        promisedDays: x.limit_days,
      })),
      departmentName: c.department_id ? (names.get(c.department_id)?.name ?? c.department_id) : null,
      promisedDays: c.limit_days,
    };
  }

  /**
   * Submits an application (online, or at the counter for a walk-in applicant). Idempotent
   * per account and key: a retry returns the first receipt; a different body under the same
   * key is refused. Everything (case rows, files, idempotency record, events, notification,
   * audit) commits in one transaction.
   */
  async function submit(
    actor: Actor,
    info: RequestInfo,
    input: SubmitInput,
    opts: {
      idempotencyKey?: string | undefined;
      counter?: { record: SharedRecord & { accountId: string | null } };
    } = {},
  ): Promise<{ receipt: Receipt; replayed: boolean }> {
    if (!actor.accountId) throw CommonErrors.forbidden();
    const idemKey = opts.idempotencyKey;
    const hash = requestHash({ ...input, counter: opts.counter?.record.holder.ref ?? null });
    if (idemKey) {
      const prior = await db
        .selectFrom('cases.idempotency')
        .select(['request_hash', 'case_id'])
        .where('account_id', '=', actor.accountId)
        .where('key', '=', idemKey)
        .executeTakeFirst();
      if (prior) {
        if (prior.request_hash !== hash) throw CaseErrors.idempotencyReused();
        return { receipt: await receiptOf(db, prior.case_id), replayed: true };
      }
    }
    let draft: Selectable<CasesTables['cases.drafts']> | undefined;
    if (input.draftId) {
      draft = await db
        .selectFrom('cases.drafts')
        .selectAll()
        .where('id', '=', input.draftId)
        .where('account_id', '=', actor.accountId)
        .executeTakeFirst();
      if (!draft) throw CaseErrors.draftNotFound();
      if (draft.case_id) {
        return { receipt: await receiptOf(db, draft.case_id), replayed: true };
      }
    }
    const record = opts.counter?.record ?? (await applicantRecord(actor));
    const target = draft
      ? { itemId: draft.item_id, bundleId: draft.bundle_id }
      : { itemId: input.itemId, bundleId: input.bundleId };
    const regionCode = draft?.region_code ?? input.regionCode ?? record.holder.regionCode;
    const p = await plan(target, record, regionCode);
    // A bundle is coordinated by the region's comprehensive window (行政审批局 / 政务服务管理办公室).
    const coordinator = target.bundleId
      ? await resolveDepartment('320000-xzspj', regionCode).then(async (d) =>
          d.id === '320000-xzspj' ? resolveDepartment('320000-zwb', regionCode) : d,
        )
      : null;
    // Real-name level: the strictest item of the application decides.
    if (!opts.counter && record.holder.type === 'person') {
      const need = Math.max(...p.plans.map((x) => levelRank[x.item.minRealNameLevel ?? 'L2']));
      const level = await deps.realNameLevel(actor.accountId);
      if ((level ? levelRank[level] : 0) < need) throw CaseErrors.levelTooLow();
    }
    // Government-sourced values are taken from the base library, never from the request.
    const prefilled = prefillOf(p.form, record, p.title);
    const form: Record<string, unknown> = { ...(draft?.form ?? input.form ?? {}) };
    for (const f of prefilled) form[f.key] = f.value;
    for (const [k, v] of Object.entries(form)) if (v === '' || v === null) delete form[k];
    const usesGovernmentData =
      prefilled.length > 0 || p.plans.some((x) => x.materials.some((m) => m.status.startsWith('exempt')));
    if (usesGovernmentData && !input.consent) throw CaseErrors.consentRequired();
    const errors = validateForm(p.form, form);
    if (errors.length) throw CaseErrors.formInvalid({ errors });
    // Files uploaded to the draft, by material key (item index + material key for bundles).
    const files = draft
      ? await db
          .selectFrom('cases.files')
          .select(['id', 'material'])
          .where('draft_id', '=', draft.id)
          .orderBy('created_at')
          .execute()
      : [];
    const missing: string[] = [];
    p.plans.forEach((x, i) => {
      for (const m of x.materials) {
        const key = p.plans.length > 1 ? `${i}.${m.key}` : m.key;
        m.fileIds = files.filter((f) => f.material === key).map((f) => f.id);
        if (m.status === 'upload' && m.fileIds.length === 0)
          missing.push(p.plans.length > 1 ? `${x.item.name}：${m.name}` : m.name);
      }
    });
    // At the counter the clerk checks paper materials; online every required upload must be there.
    if (missing.length && !opts.counter) {
      throw CaseErrors.materialsMissing({
        errors: missing.map((name) => ({
          path: 'materials',
          message: { 'zh-CN': `请上传：${name}`, en: `Upload: ${name}` },
        })),
      });
    }
    const channel: 'online' | 'counter' = opts.counter ? 'counter' : 'online';
    const applicantAccountId = opts.counter ? opts.counter.record.accountId : actor.accountId;
    const caseId = randomUUID();
    const at = now();

    const result = await db.transaction().execute(async (trx) => {
      if (idemKey) {
        const ins = await trx
          .insertInto('cases.idempotency')
          .values({ account_id: actor.accountId!, key: idemKey, request_hash: hash, case_id: caseId })
          .onConflict((oc) => oc.columns(['account_id', 'key']).doNothing())
          .executeTakeFirst();
        if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) return null; // a concurrent twin committed first
      }
      const count = (ms: CaseMaterial[]) => ({
        // Every material the service asks for; the exempted ones need not be submitted.
        required: ms.length,
        exempted: ms.filter((m) => m.status.startsWith('exempt') || m.status === 'produced_in_bundle').length,
      });
      const base = {
        region_code: regionCode,
        channel,
        applicant_type: record.holder.type,
        applicant_ref: record.holder.ref,
        applicant_name: record.holder.name,
        applicant_account_id: applicantAccountId,
        submitted_by: actor.accountId,
        status: 'submitted' as const,
        outcome: null,
        reasons: null,
        correction: null,
        submitted_at: at,
        accepted_at: null,
        warn_date: null,
        due_date: null,
        suspended_since: null,
        concluded_at: null,
        delivered_at: null,
        delivery: null,
        escalated_at: null,
      };
      const rows: { id: string; number: string; plan: Plan | null }[] = [];
      const isBundle = !!target.bundleId;
      const allMaterials = p.plans.flatMap((x) => x.materials);
      const parentNumber = await nextNumber(trx, regionCode);
      await trx
        .insertInto('cases.cases')
        .values({
          ...base,
          id: caseId,
          number: parentNumber,
          kind: isBundle ? 'bundle' : 'item',
          parent_id: null,
          item_id: isBundle ? null : p.plans[0]!.item.id,
          item_version: isBundle ? null : p.plans[0]!.itemVersion,
          bundle_id: isBundle ? target.bundleId! : null,
          title: p.title,
          snapshot:
            sql`${JSON.stringify(isBundle ? { bundleId: target.bundleId, name: p.title, form: p.form, items: p.plans.map((x) => ({ id: x.item.id, version: x.itemVersion })) } : p.plans[0]!.item)}::jsonb` as never,
          department_id: isBundle ? coordinator!.id : p.plans[0]!.departmentId,
          form: sql`${JSON.stringify(form)}::jsonb` as never,
          materials: sql`${JSON.stringify(isBundle ? [] : allMaterials)}::jsonb` as never,
          materials_required: count(allMaterials).required,
          materials_exempted: count(allMaterials).exempted,
          correction_used: false,
          limit_days: isBundle
            ? Math.max(0, ...p.plans.map((x) => x.item.promisedTimeLimit.days ?? 0)) || null
            : p.plans[0]!.item.promisedTimeLimit.days,
          limit_unit: isBundle ? 'working_days' : p.plans[0]!.item.promisedTimeLimit.unit,
        })
        .execute();
      rows.push({ id: caseId, number: parentNumber, plan: isBundle ? null : p.plans[0]! });
      if (isBundle) {
        for (const x of p.plans) {
          const id = randomUUID();
          const number = await nextNumber(trx, regionCode);
          const own = Object.fromEntries(Object.entries(form).filter(([k]) => k in x.form.properties));
          await trx
            .insertInto('cases.cases')
            .values({
              ...base,
              id,
              number,
              kind: 'item',
              parent_id: caseId,
              item_id: x.item.id,
              item_version: x.itemVersion,
              bundle_id: target.bundleId!,
              title: x.item.name,
              snapshot: sql`${JSON.stringify(x.item)}::jsonb` as never,
              department_id: x.departmentId,
              form: sql`${JSON.stringify(own)}::jsonb` as never,
              materials: sql`${JSON.stringify(x.materials)}::jsonb` as never,
              materials_required: count(x.materials).required,
              materials_exempted: count(x.materials).exempted,
              correction_used: false,
              limit_days: x.item.promisedTimeLimit.days,
              limit_unit: x.item.promisedTimeLimit.unit,
            })
            .execute();
          rows.push({ id, number, plan: x });
        }
      }
      if (draft) {
        await trx
          .updateTable('cases.drafts')
          .set({ case_id: caseId, updated_at: at })
          .where('id', '=', draft.id)
          .execute();
        // Each file follows its material into the child case that needs it.
        for (const [i, r] of rows.filter((x) => x.plan).entries()) {
          const ids = r.plan!.materials.flatMap((m) => m.fileIds);
          if (ids.length)
            await trx.updateTable('cases.files').set({ case_id: r.id }).where('id', 'in', ids).execute();
          void i;
        }
      }
      for (const r of rows) {
        await trx
          .insertInto('cases.timeline')
          .values({
            case_id: r.id,
            action: 'submit',
            from_status: null,
            to_status: 'submitted',
            actor_display: actor.display,
            department_id: actor.grants[0]?.departmentId ?? null,
            note: sql`${JSON.stringify({ channel })}::jsonb` as never,
          })
          .execute();
        const pl = r.plan;
        const ms = pl ? pl.materials : allMaterials;
        await publishEvent(
          trx,
          CASES_EVENTS.submitted,
          {
            caseId: r.id,
            number: r.number,
            kind: r.id === caseId && isBundle ? 'bundle' : 'item',
            itemId: pl?.item.id ?? null,
            bundleId: target.bundleId ?? null,
            parentId: r.id === caseId ? null : caseId,
            departmentId: pl?.departmentId ?? null,
            regionCode,
            channel,
            applicantAccountId,
            submittedAt: at.toISOString(),
            materialsRequired: count(ms).required,
            materialsExempted: count(ms).exempted,
          },
          info.requestId,
        );
      }
      if (applicantAccountId) {
        await deps.notify(trx, {
          accountId: applicantAccountId,
          kind: 'cases.submitted',
          title: { 'zh-CN': '申请已提交', en: 'Application submitted' },
          body: {
            'zh-CN': `您的“${p.title}”申请已提交，办件编号 ${parentNumber}。`,
            en: `Your application "${p.title}" was submitted; case number ${parentNumber}.`,
          },
          link: `/portal/cases/${caseId}`,
        });
      }
      await audit(trx, actor, info, {
        action: channel === 'counter' ? 'cases.counter_intake' : 'cases.submit',
        resourceType: 'case',
        resourceId: caseId,
        subjectRef: record.holder.ref,
        details: {
          number: parentNumber,
          itemId: target.itemId ?? null,
          bundleId: target.bundleId ?? null,
          children: rows.length - 1,
        },
      });
      const all = count(allMaterials);
      // The receipt from what was just written, without reading it back.
      const receipt: Receipt = {
        caseId,
        number: parentNumber,
        title: p.title,
        kind: isBundle ? 'bundle' : 'item',
        status: 'submitted',
        submittedAt: at.toISOString(),
        materialsRequired: all.required,
        materialsExempted: all.exempted,
        children: rows
          .filter((r) => isBundle && r.plan)
          .map((r) => ({
            caseId: r.id,
            number: r.number,
            title: r.plan!.item.name,
            departmentName: r.plan!.departmentName,
            promisedDays: r.plan!.item.promisedTimeLimit.days,
          })),
        departmentName: isBundle ? coordinator!.name : p.plans[0]!.departmentName,
        promisedDays: isBundle
          ? Math.max(0, ...p.plans.map((x) => x.item.promisedTimeLimit.days ?? 0)) || null
          : p.plans[0]!.item.promisedTimeLimit.days,
      };
      return receipt;
    });
    if (result === null) {
      // The same key committed concurrently: answer with its receipt, or refuse a different body.
      const prior = await db
        .selectFrom('cases.idempotency')
        .select(['request_hash', 'case_id'])
        .where('account_id', '=', actor.accountId)
        .where('key', '=', idemKey!)
        .executeTakeFirstOrThrow();
      if (prior.request_hash !== hash) throw CaseErrors.idempotencyReused();
      return { receipt: await receiptOf(db, prior.case_id), replayed: true };
    }
    return { receipt: result, replayed: false };
  }

  return {
    db,
    deps,
    now,
    audit,
    prefill,
    submit,
    plan,
    receiptOf,
    applicantRecord,
    resolveDepartment,
    regionPrefix,
    maskName,
    STATUS_TEXT,
    slaOf,
    deadlines,
    daysBetween,
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
