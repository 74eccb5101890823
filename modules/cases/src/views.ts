import { sql } from 'kysely';
import { CommonErrors, recordAudit, shanghaiDate, type Actor, type WorkingDayCalendar } from '@sufu/kernel';
import { CaseErrors } from './errors.ts';
import type { CaseRow, CasesService, RequestInfo } from './cases.service.ts';
import type { Handling } from './handling.ts';
import { checkUpload } from './files.ts';

const QUEUE_COUNT_CAP = 10_000;

/** An uploaded file as the API shows it (never the bytes). */
const toFileView = (f: {
  id: string;
  material: string;
  name: string;
  media_type: string;
  size: number;
  sm3: string;
  created_at: Date;
}) => ({
  id: f.id,
  material: f.material,
  name: f.name,
  mediaType: f.media_type,
  size: f.size,
  sm3: f.sm3,
  uploadedAt: f.created_at.toISOString(),
});

export type QueueQuery = {
  view: 'all' | 'acceptance' | 'review' | 'escalated';
  status?: string | undefined;
  sla?: 'green' | 'yellow' | 'red' | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
};

/** Read models: the clerk's queue, case details for staff and applicant, drafts and files. */
export function createViews(svc: CasesService, h: Handling) {
  const { db, deps, now } = svc;

  function slaView(cal: WorkingDayCalendar, c: CaseRow) {
    return svc.slaOf(
      cal,
      {
        limitDays: c.limit_days,
        unit: c.limit_unit,
        acceptedAt: c.accepted_at,
        dueDate: h.dateText(c.due_date),
        warnDate: h.dateText(c.warn_date),
        suspendedSince: c.suspended_since,
        suspendedDays: c.suspended_days,
        concludedAt: c.concluded_at,
      },
      now(),
    );
  }

  async function names(ids: (string | null)[]) {
    return deps.departments([...new Set(ids.filter((x): x is string => !!x))]);
  }

  function summary(
    c: CaseRow,
    cal: WorkingDayCalendar,
    deptNames: Map<string, { name: string }>,
    maskApplicant: boolean,
  ) {
    return {
      id: c.id,
      number: c.number,
      kind: c.kind,
      parentId: c.parent_id,
      title: c.title,
      itemId: c.item_id,
      bundleId: c.bundle_id,
      status: c.status,
      outcome: c.outcome,
      channel: c.channel,
      departmentId: c.department_id,
      departmentName: c.department_id ? (deptNames.get(c.department_id)?.name ?? c.department_id) : null,
      regionCode: c.region_code,
      applicantName: maskApplicant ? svc.maskName(c.applicant_name) : c.applicant_name,
      applicantType: c.applicant_type,
      submittedAt: c.submitted_at.toISOString(),
      acceptedAt: c.accepted_at?.toISOString() ?? null,
      concludedAt: c.concluded_at?.toISOString() ?? null,
      escalated: c.escalated_at !== null,
      version: c.version,
      sla: slaView(cal, c),
    };
  }

  async function queue(actor: Actor, q: QueueQuery) {
    if (actor.kind !== 'staff')
      throw actor.kind === 'anonymous' ? CommonErrors.unauthenticated() : CommonErrors.forbidden();
    const read = [...h.deptsWith(actor, 'cases.read')];
    if (read.length === 0) throw CommonErrors.forbidden();
    const prefixes = h.windowPrefixes(actor);
    const today = shanghaiDate(svc.now());
    let query = db.selectFrom('cases.cases').where('kind', '=', 'item');
    if (q.view === 'acceptance') {
      query = query
        .where('status', '=', 'submitted')
        .where((eb) =>
          eb.or([
            eb('department_id', 'in', read),
            ...prefixes.map((p) => eb('region_code', 'like', `${p}%`)),
          ]),
        );
    } else if (q.view === 'review') {
      query = query
        .where('status', 'in', ['under_review', 'suspended'])
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('cases.tasks')
            .select('case_id')
            .where('department_id', 'in', read)
            .where('status', '=', 'open'),
        );
    } else if (q.view === 'escalated') {
      const heads = [...h.deptsWith(actor, 'cases.escalations')];
      if (heads.length === 0) throw CommonErrors.forbidden();
      query = query
        .where('department_id', 'in', heads)
        .where('escalated_at', 'is not', null)
        .where('status', 'in', ['under_review', 'suspended']);
    } else {
      query = query.where('department_id', 'in', read);
    }
    if (q.status) query = query.where('status', '=', q.status as never);
    if (q.q) query = query.where('number', 'like', `${q.q.replace(/[^0-9]/g, '')}%`);
    if (q.sla === 'red')
      query = query
        .where('due_date', '<', today as never)
        .where('status', 'in', ['under_review', 'suspended']);
    if (q.sla === 'yellow')
      query = query
        .where('warn_date', '<=', today as never)
        .where('due_date', '>=', today as never)
        .where('status', 'in', ['under_review', 'suspended']);
    if (q.sla === 'green')
      query = query
        .where('warn_date', '>', today as never)
        .where('status', 'in', ['under_review', 'suspended']);
    // Active work is ordered by urgency; the department's whole list, newest first.
    const byUrgency =
      q.view !== 'all' || q.sla !== undefined || q.status === 'under_review' || q.status === 'suspended';
    const ordered = byUrgency
      ? query
          .orderBy(sql`due_date asc nulls last`)
          .orderBy('submitted_at')
          .orderBy('id')
      : query.orderBy('submitted_at', 'desc').orderBy('id');
    const [rows, total] = await Promise.all([
      ordered
        .selectAll()
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      // Counting stops at 10,000: a queue that long is paged by filters, not by page numbers.
      db
        .selectFrom(query.select('id').limit(QUEUE_COUNT_CAP).as('t'))
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    const cal = await deps.calendar();
    const dn = await names(rows.map((r) => r.department_id));
    return {
      items: rows.map((r) => summary(r, cal, dn, true)),
      total: Number(total.n),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async function full(c: CaseRow, withFiles: boolean) {
    const cal = await deps.calendar();
    const [tl, tasks, files, kids] = await Promise.all([
      db.selectFrom('cases.timeline').selectAll().where('case_id', '=', c.id).orderBy('id').execute(),
      db
        .selectFrom('cases.tasks')
        .selectAll()
        .where('case_id', '=', c.id)
        .orderBy('role')
        .orderBy('department_id')
        .execute(),
      withFiles
        ? db
            .selectFrom('cases.files')
            .select(['id', 'material', 'name', 'media_type', 'size', 'sm3', 'created_at'])
            .where('case_id', '=', c.id)
            .orderBy('created_at')
            .execute()
        : Promise.resolve([]),
      c.kind === 'bundle'
        ? db.selectFrom('cases.cases').selectAll().where('parent_id', '=', c.id).orderBy('number').execute()
        : Promise.resolve([]),
    ]);
    const dn = await names([
      c.department_id,
      ...tasks.map((t) => t.department_id),
      ...kids.map((k) => k.department_id),
      ...tl.map((t) => t.department_id),
    ]);
    const deptName = (id: string | null) => (id ? (dn.get(id)?.name ?? id) : null);
    return {
      ...summary(c, cal, dn, false),
      form: c.form,
      materials: c.materials,
      materialsRequired: c.materials_required,
      materialsExempted: c.materials_exempted,
      correction: c.correction,
      correctionUsed: c.correction_used,
      reasons: c.reasons,
      delivery: c.delivery,
      itemVersion: c.item_version,
      limitDays: c.limit_days,
      limitUnit: c.limit_unit,
      timeline: tl.map((t) => ({
        at: t.at.toISOString(),
        action: t.action,
        from: t.from_status,
        to: t.to_status,
        actor: t.actor_display,
        departmentName: deptName(t.department_id),
        note: (t.note ?? null) as Record<string, unknown> | null,
      })),
      tasks: tasks.map((t) => ({
        id: t.id,
        departmentId: t.department_id,
        departmentName: deptName(t.department_id)!,
        role: t.role,
        status: t.status,
        opinion: t.opinion,
        comment: t.comment,
        doneBy: t.done_by,
        doneAt: t.done_at?.toISOString() ?? null,
      })),
      files: files.map(toFileView),
      children: kids.map((k) => summary(k, cal, dn, false)),
    };
  }

  async function staffDetail(actor: Actor, info: RequestInfo, id: string) {
    if (actor.kind !== 'staff')
      throw actor.kind === 'anonymous' ? CommonErrors.unauthenticated() : CommonErrors.forbidden();
    const c = await h.load(id);
    if (!(await h.mayView(actor, c))) throw CaseErrors.notFound();
    const view = await full(c, true);
    await recordAudit(
      db,
      { actor, requestId: info.requestId, ip: info.ip },
      {
        action: 'cases.read',
        resourceType: 'case',
        resourceId: c.id,
        subjectRef: c.applicant_ref,
        purpose: 'case handling',
        details: { number: c.number },
      },
    );
    return {
      ...view,
      permissions: {
        accept: h.mayAccept(actor, c),
        decide: h.mayDecide(actor, c),
        deliver:
          h.mayDecide(actor, c) ||
          (h.grants(actor, 'cases.accept').length > 0 && h.inWindow(actor, c.region_code)),
        review: view.tasks.some(
          (t) => t.status === 'open' && h.deptsWith(actor, 'cases.review').has(t.departmentId),
        ),
      },
    };
  }

  async function ownCase(actor: Actor, id: string) {
    if (!actor.accountId) throw CommonErrors.unauthenticated();
    const c = await h.load(id);
    if (c.applicant_account_id !== actor.accountId) throw CaseErrors.notFound();
    return c;
  }

  async function myCases(actor: Actor, q: { status?: string | undefined; page: number; pageSize: number }) {
    if (!actor.accountId) throw CommonErrors.unauthenticated();
    let query = db
      .selectFrom('cases.cases')
      .where('applicant_account_id', '=', actor.accountId)
      .where('parent_id', 'is', null);
    if (q.status === 'active')
      query = query.where('status', 'in', ['submitted', 'correction_requested', 'under_review', 'suspended']);
    else if (q.status === 'done')
      query = query.where('status', 'in', ['concluded', 'delivered', 'not_accepted']);
    const [rows, total] = await Promise.all([
      query
        .selectAll()
        .orderBy('submitted_at', 'desc')
        .orderBy('id')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const cal = await deps.calendar();
    const dn = await names(rows.map((r) => r.department_id));
    return {
      items: rows.map((r) => summary(r, cal, dn, false)),
      total: Number(total.n),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async function myCase(actor: Actor, id: string) {
    return full(await ownCase(actor, id), true);
  }

  // ------------------------------------------------------------------ drafts and files

  async function ownDraft(actor: Actor, id: string) {
    if (!actor.accountId) throw CommonErrors.unauthenticated();
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw CaseErrors.draftNotFound();
    const d = await db
      .selectFrom('cases.drafts')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', actor.accountId)
      .executeTakeFirst();
    if (!d) throw CaseErrors.draftNotFound();
    return d;
  }

  async function draftView(actor: Actor, info: RequestInfo, id: string) {
    const d = await ownDraft(actor, id);
    const pre = await svc.prefill(actor, info, {
      itemId: d.item_id ?? undefined,
      bundleId: d.bundle_id ?? undefined,
      regionCode: d.region_code,
    });
    const files = await db
      .selectFrom('cases.files')
      .select(['id', 'material', 'name', 'media_type', 'size', 'sm3', 'created_at'])
      .where('draft_id', '=', d.id)
      .orderBy('created_at')
      .execute();
    return {
      id: d.id,
      itemId: d.item_id,
      bundleId: d.bundle_id,
      caseId: d.case_id,
      savedForm: d.form,
      updatedAt: d.updated_at.toISOString(),
      ...pre,
      files: files.map(toFileView),
    };
  }

  async function createDraft(
    actor: Actor,
    info: RequestInfo,
    input: { itemId?: string | undefined; bundleId?: string | undefined; regionCode?: string | undefined },
  ) {
    if (!actor.accountId) throw CommonErrors.unauthenticated();
    if (!!input.itemId === !!input.bundleId) throw CommonErrors.validation();
    const record = await svc.applicantRecord(actor);
    const regionCode = input.regionCode ?? record.holder.regionCode;
    await svc.plan(input, record, regionCode); // refuses unknown items before anything is stored
    const d = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('cases.drafts')
        .values({
          account_id: actor.accountId!,
          organisation_id: actor.actingFor?.organisationId ?? null,
          item_id: input.itemId ?? null,
          bundle_id: input.bundleId ?? null,
          region_code: regionCode,
          form: sql`'{}'::jsonb` as never,
          case_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        { actor, requestId: info.requestId, ip: info.ip },
        { action: 'cases.draft.create', resourceType: 'draft', resourceId: row.id },
      );
      return row;
    });
    return draftView(actor, info, d.id);
  }

  async function saveDraft(actor: Actor, info: RequestInfo, id: string, form: Record<string, unknown>) {
    const d = await ownDraft(actor, id);
    if (d.case_id) throw CaseErrors.notRateable();
    const text = JSON.stringify(form);
    if (text.length > 64_000) throw CaseErrors.formInvalid();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('cases.drafts')
        .set({ form: sql`${text}::jsonb` as never, updated_at: now() })
        .where('id', '=', d.id)
        .execute();
      await recordAudit(
        trx,
        { actor, requestId: info.requestId, ip: info.ip },
        { action: 'cases.draft.save', resourceType: 'draft', resourceId: d.id },
      );
    });
    return { id: d.id, updatedAt: now().toISOString() };
  }

  async function myDrafts(actor: Actor) {
    if (!actor.accountId) throw CommonErrors.unauthenticated();
    const rows = await db
      .selectFrom('cases.drafts')
      .select(['id', 'item_id', 'bundle_id', 'updated_at'])
      .where('account_id', '=', actor.accountId)
      .where('case_id', 'is', null)
      .orderBy('updated_at', 'desc')
      .limit(50)
      .execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        itemId: r.item_id,
        bundleId: r.bundle_id,
        updatedAt: r.updated_at.toISOString(),
      })),
    };
  }

  async function deleteDraft(actor: Actor, info: RequestInfo, id: string) {
    const d = await ownDraft(actor, id);
    if (d.case_id) throw CaseErrors.notRateable();
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('cases.files').where('draft_id', '=', d.id).execute();
      await trx.deleteFrom('cases.drafts').where('id', '=', d.id).execute();
      await recordAudit(
        trx,
        { actor, requestId: info.requestId, ip: info.ip },
        { action: 'cases.draft.delete', resourceType: 'draft', resourceId: d.id },
      );
    });
  }

  /** Material keys of a draft: `m<i>` for an item, `<item index>.m<i>` for a bundle. */
  async function materialKeys(actor: Actor, info: RequestInfo, draftId: string) {
    const v = await draftView(actor, info, draftId);
    const multi = v.items.length > 1;
    return new Set(v.items.flatMap((it, i) => it.materials.map((m) => (multi ? `${i}.${m.key}` : m.key))));
  }

  async function upload(
    actor: Actor,
    info: RequestInfo,
    target: { draftId: string } | { caseId: string },
    material: string,
    name: string,
    content: Buffer,
    declared: string | undefined,
  ) {
    const checked = checkUpload(content, declared);
    let draftId: string | null = null;
    let caseId: string | null = null;
    if ('draftId' in target) {
      const d = await ownDraft(actor, target.draftId);
      if (d.case_id) throw CaseErrors.notRateable();
      if (!(await materialKeys(actor, info, d.id)).has(material)) throw CaseErrors.materialUnknown();
      draftId = d.id;
    } else {
      // Answering a correction notice: files go straight to the case.
      const c = await ownCase(actor, target.caseId);
      if (c.status !== 'correction_requested' || c.kind !== 'item') throw CaseErrors.notRateable();
      if (!c.materials.some((m) => m.key === material) && material !== 'correction')
        throw CaseErrors.materialUnknown();
      caseId = c.id;
    }
    return db.transaction().execute(async (trx) => {
      const n = await trx
        .selectFrom('cases.files')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where(draftId ? 'draft_id' : 'case_id', '=', (draftId ?? caseId)!)
        .where('material', '=', material)
        .executeTakeFirstOrThrow();
      if (Number(n.n) >= 10) throw CaseErrors.tooManyFiles();
      const row = await trx
        .insertInto('cases.files')
        .values({
          account_id: actor.accountId!,
          draft_id: draftId,
          case_id: caseId,
          material,
          name: name.slice(0, 200),
          media_type: checked.mediaType,
          size: content.length,
          sm3: checked.sm3,
          content,
        })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        { actor, requestId: info.requestId, ip: info.ip },
        {
          action: 'cases.file.upload',
          resourceType: draftId ? 'draft' : 'case',
          resourceId: draftId ?? caseId,
          details: { material, size: content.length, sm3: checked.sm3 },
        },
      );
      return {
        id: row.id,
        material,
        name: name.slice(0, 200),
        mediaType: checked.mediaType,
        size: content.length,
        sm3: checked.sm3,
        uploadedAt: row.created_at.toISOString(),
      };
    });
  }

  async function removeDraftFile(actor: Actor, info: RequestInfo, draftId: string, fileId: string) {
    const d = await ownDraft(actor, draftId);
    if (d.case_id) throw CaseErrors.notRateable();
    await db.transaction().execute(async (trx) => {
      const r = await trx
        .deleteFrom('cases.files')
        .where('id', '=', fileId)
        .where('draft_id', '=', d.id)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw CommonErrors.notFound();
      await recordAudit(
        trx,
        { actor, requestId: info.requestId, ip: info.ip },
        { action: 'cases.file.remove', resourceType: 'draft', resourceId: d.id, details: { fileId } },
      );
    });
  }

  async function file(
    actor: Actor,
    info: RequestInfo,
    caseId: string,
    fileId: string,
    as: 'staff' | 'applicant',
  ) {
    const c = as === 'staff' ? await h.load(caseId) : await ownCase(actor, caseId);
    if (as === 'staff' && !(actor.kind === 'staff' && (await h.mayView(actor, c))))
      throw CaseErrors.notFound();
    if (!/^[0-9a-f-]{36}$/i.test(fileId)) throw CommonErrors.notFound();
    const f = await db
      .selectFrom('cases.files')
      .selectAll()
      .where('id', '=', fileId)
      .where('case_id', '=', c.id)
      .executeTakeFirst();
    if (!f) throw CommonErrors.notFound();
    await recordAudit(
      db,
      { actor, requestId: info.requestId, ip: info.ip },
      {
        action: 'cases.file.read',
        resourceType: 'case',
        resourceId: c.id,
        subjectRef: c.applicant_ref,
        details: { fileId },
      },
    );
    return f;
  }

  return {
    queue,
    staffDetail,
    myCases,
    myCase,
    ownCase,
    createDraft,
    saveDraft,
    draftView,
    myDrafts,
    deleteDraft,
    upload,
    removeDraftFile,
    file,
  };
}

export type Views = ReturnType<typeof createViews>;
