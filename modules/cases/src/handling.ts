import { sql, type Kysely, type Transaction } from 'kysely';
import {
  CommonErrors,
  publishEvent,
  recordAudit,
  shanghaiDate,
  systemActor,
  type Actor,
  type Grant,
  type WorkingDayCalendar,
} from '@sufu/kernel';
import { CaseErrors } from './errors.ts';
import {
  CASES_EVENTS,
  handlingCandidates,
  type CaseRow,
  type CasesService,
  type ItemLike,
  type RequestInfo,
} from './cases.service.ts';
import type { CaseStatus, CasesTables } from './tables.ts';

type Trx = Transaction<CasesTables>;

export type TransitionInput = {
  action:
    | 'accept'
    | 'refuse'
    | 'request_correction'
    | 'complete_task'
    | 'decide'
    | 'suspend'
    | 'resume'
    | 'deliver';
  expectedVersion: number;
  reasons?: string | undefined;
  items?: string[] | undefined;
  note?: string | undefined;
  outcome?: 'approved' | 'not_approved' | undefined;
  opinion?: 'agree' | 'disagree' | undefined;
  method?: 'e_certificate' | 'post' | 'counter_pickup' | undefined;
  trackingNumber?: string | undefined;
};

const ENDED: CaseStatus[] = ['concluded', 'delivered', 'not_accepted'];
const dateText = (d: string | Date | null) =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

/** Department handling (受理、审查、决定、送达), the queues, and the applicant's own view. */
export function createHandling(svc: CasesService) {
  const { db, deps, now } = svc;

  // ------------------------------------------------------------------ who may do what

  const grants = (actor: Actor, perm: string): Grant[] => deps.grantsWith(actor, perm);
  const deptsWith = (actor: Actor, perm: string) =>
    new Set(
      grants(actor, perm)
        .map((g) => g.departmentId)
        .filter((d): d is string => !!d),
    );
  /** Clerks of a comprehensive window (综合窗口) accept for every department in their region. */
  const windowPrefixes = (actor: Actor) =>
    grants(actor, 'cases.intake').map((g) => (g.regionCode ? svc.regionPrefix(g.regionCode) : ''));
  const inWindow = (actor: Actor, regionCode: string) =>
    windowPrefixes(actor).some((p) => regionCode.startsWith(p));

  function mayAccept(actor: Actor, c: CaseRow) {
    return (
      grants(actor, 'cases.accept').length > 0 &&
      ((c.department_id !== null && deptsWith(actor, 'cases.accept').has(c.department_id)) ||
        inWindow(actor, c.region_code))
    );
  }
  const mayDecide = (actor: Actor, c: CaseRow) =>
    c.department_id !== null && deptsWith(actor, 'cases.decide').has(c.department_id);

  async function mayView(actor: Actor, c: CaseRow): Promise<boolean> {
    const read = deptsWith(actor, 'cases.read');
    if (c.kind === 'bundle') {
      const kids = await db.selectFrom('cases.cases').selectAll().where('parent_id', '=', c.id).execute();
      for (const k of kids) if (await mayView(actor, k)) return true;
      return false;
    }
    if (c.department_id && read.has(c.department_id)) return true;
    if (grants(actor, 'cases.read').length && inWindow(actor, c.region_code)) return true;
    if (read.size === 0) return false;
    const t = await db
      .selectFrom('cases.tasks')
      .select('id')
      .where('case_id', '=', c.id)
      .where('department_id', 'in', [...read])
      .executeTakeFirst();
    return !!t;
  }

  async function load(id: string, executor: Kysely<CasesTables> = db) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw CaseErrors.notFound();
    const c = await executor.selectFrom('cases.cases').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw CaseErrors.notFound();
    return c;
  }

  // ------------------------------------------------------------------ transitions

  async function timeline(
    trx: Trx,
    c: { id: string },
    action: string,
    from: string | null,
    to: string | null,
    actor: Actor,
    note: unknown = null,
  ) {
    await trx
      .insertInto('cases.timeline')
      .values({
        case_id: c.id,
        action,
        from_status: from,
        to_status: to,
        actor_display: actor.display,
        department_id: actor.grants[0]?.departmentId ?? null,
        note: sql`${JSON.stringify(note)}::jsonb` as never,
      })
      .execute();
  }

  async function notifyApplicant(
    trx: Trx,
    c: CaseRow,
    to: CaseStatus,
    extra?: { 'zh-CN': string; en: string },
  ) {
    if (!c.applicant_account_id) return;
    const s = svc.STATUS_TEXT[to];
    await deps.notify(trx, {
      accountId: c.applicant_account_id,
      kind: `cases.${to}`,
      title: { 'zh-CN': `办件${s['zh-CN']}`, en: `Case: ${s.en}` },
      body: {
        'zh-CN': `您的“${c.title}”（${c.number}）${s['zh-CN']}。${extra?.['zh-CN'] ?? ''}`,
        en: `Your case "${c.title}" (${c.number}): ${s.en}. ${extra?.en ?? ''}`.trim(),
      },
      link: `/portal/cases/${c.parent_id ?? c.id}`,
    });
  }

  function concludedPayload(c: CaseRow, cal: WorkingDayCalendar, at: Date, outcome: string) {
    const item = c.snapshot as Partial<ItemLike> & { steps?: unknown[] };
    const used =
      c.accepted_at && c.limit_days !== null
        ? Math.max(
            0,
            svc.daysBetween(cal, c.limit_unit, shanghaiDate(c.accepted_at), shanghaiDate(at)) -
              c.suspended_days,
          )
        : null;
    const due = dateText(c.due_date);
    return {
      caseId: c.id,
      number: c.number,
      kind: c.kind,
      itemId: c.item_id,
      itemName: c.title,
      bundleId: c.bundle_id,
      parentId: c.parent_id,
      departmentId: c.department_id,
      regionCode: c.region_code,
      channel: c.channel,
      applicantAccountId: c.applicant_account_id,
      outcome,
      submittedAt: c.submitted_at.toISOString(),
      acceptedAt: c.accepted_at?.toISOString() ?? null,
      concludedAt: at.toISOString(),
      dueDate: due,
      onTime: due === null ? true : shanghaiDate(at) <= due,
      workingDaysUsed: used,
      promisedDays: c.limit_days,
      legalDays: item.legalTimeLimit?.days ?? null,
      steps: Array.isArray(item.steps) ? item.steps.length : 4,
      materialsRequired: c.materials_required,
      materialsExempted: c.materials_exempted,
      onSiteVisits: item.onSiteVisits?.count ?? null,
      feeCharged: item.fee?.charged ?? null,
    };
  }

  /** Keeps a bundle's status in step with its children; runs in the child's transaction. */
  async function syncParent(
    trx: Trx,
    parentId: string,
    actor: Actor,
    info: RequestInfo,
    cal: WorkingDayCalendar,
  ) {
    const parent = await trx
      .selectFrom('cases.cases')
      .selectAll()
      .where('id', '=', parentId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const kids = await trx
      .selectFrom('cases.cases')
      .select(['status', 'outcome'])
      .where('parent_id', '=', parentId)
      .execute();
    const all = (f: (s: CaseStatus) => boolean) => kids.every((k) => f(k.status));
    const any = (f: (s: CaseStatus) => boolean) => kids.some((k) => f(k.status));
    let status: CaseStatus;
    if (all((s) => ENDED.includes(s)))
      status =
        all((s) => s === 'delivered' || s === 'not_accepted') && any((s) => s === 'delivered')
          ? 'delivered'
          : 'concluded';
    else if (any((s) => ['under_review', 'suspended', 'concluded', 'delivered'].includes(s)))
      status = 'under_review';
    else if (any((s) => s === 'correction_requested')) status = 'correction_requested';
    else if (all((s) => s === 'not_accepted')) status = 'not_accepted';
    else status = 'submitted';
    if (status === parent.status) return;
    const at = now();
    const approved = kids.filter((k) => k.outcome === 'approved').length;
    const concludedNow = (status === 'concluded' || status === 'delivered') && !parent.concluded_at;
    const outcome = concludedNow
      ? approved === kids.length
        ? 'approved'
        : approved === 0
          ? 'not_approved'
          : 'partly_approved'
      : parent.outcome;
    const updated = await trx
      .updateTable('cases.cases')
      .set({
        status,
        outcome,
        accepted_at: parent.accepted_at ?? (status === 'under_review' ? at : null),
        concluded_at: concludedNow ? at : parent.concluded_at,
        delivered_at: status === 'delivered' ? at : parent.delivered_at,
        version: parent.version + 1,
      })
      .where('id', '=', parent.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await timeline(trx, parent, 'bundle_progress', parent.status, status, systemActor('一件事联办'));
    await publishEvent(trx, CASES_EVENTS.stateChanged, {
      caseId: parent.id,
      number: parent.number,
      parentId: null,
      from: parent.status,
      to: status,
      applicantAccountId: parent.applicant_account_id,
      at: at.toISOString(),
    });
    if (concludedNow) {
      await publishEvent(
        trx,
        CASES_EVENTS.concluded,
        concludedPayload(updated, cal, at, outcome!),
        info.requestId,
      );
      await notifyApplicant(trx, updated, 'concluded', {
        'zh-CN': '一件事的全部事项均已办结，欢迎评价。',
        en: 'Every service of this bundle is concluded; you are welcome to rate it.',
      });
    }
    void actor;
  }

  async function transition(actor: Actor, info: RequestInfo, id: string, input: TransitionInput) {
    if (actor.kind !== 'staff')
      throw actor.kind === 'anonymous' ? CommonErrors.unauthenticated() : CommonErrors.forbidden();
    const c0 = await load(id);
    if (c0.kind === 'bundle') throw CaseErrors.transitionNotAllowed();
    if (!(await mayView(actor, c0))) throw CaseErrors.notFound();
    const cal = await deps.calendar();
    const a = input.action;
    const need = (cond: boolean) => {
      if (!cond) throw CaseErrors.notYourDepartment();
    };
    if (a === 'accept' || a === 'refuse' || a === 'request_correction') need(mayAccept(actor, c0));
    else if (a === 'complete_task') need(grants(actor, 'cases.review').length > 0);
    else if (a === 'deliver')
      need(
        mayDecide(actor, c0) || (grants(actor, 'cases.accept').length > 0 && inWindow(actor, c0.region_code)),
      );
    else need(mayDecide(actor, c0));
    const text = (s: string | undefined) => (s ?? '').trim();
    if ((a === 'refuse' || a === 'decide' || a === 'suspend') && !text(input.reasons))
      throw CaseErrors.reasonsRequired();
    if (a === 'request_correction' && !(input.items ?? []).some((x) => x.trim()))
      throw CaseErrors.reasonsRequired();
    if (a === 'decide' && !input.outcome) throw CommonErrors.validation();
    if (a === 'deliver' && !input.method) throw CommonErrors.validation();
    // Collaborating departments of the item, resolved in the case's region.
    let collaborators: string[] = [];
    if (a === 'accept') {
      const kinds = ((c0.snapshot as ItemLike).collaborators ?? []).map((k) => `x-${k.toLowerCase()}`);
      for (const k of kinds) {
        const cands = handlingCandidates(k, c0.region_code).filter((d) => !d.startsWith('x-'));
        const found = await deps.departments(cands);
        const d = cands.find((x) => found.has(x));
        if (d && d !== c0.department_id) collaborators.push(d);
      }
      collaborators = [...new Set(collaborators)];
    }
    const deliverIssuer =
      a === 'deliver'
        ? ((await deps.departments([c0.department_id!])).get(c0.department_id!)?.name ?? '')
        : '';
    const at = now();
    const today = shanghaiDate(at);

    return db.transaction().execute(async (trx) => {
      const c = await load(id, trx);
      if (c.version !== input.expectedVersion) throw CaseErrors.versionConflict();
      const from = c.status;
      const set: Partial<Record<keyof CaseRow, unknown>> = {};
      let to: CaseStatus = from;
      let note: Record<string, unknown> | null = null;
      const requireStatus = (...ok: CaseStatus[]) => {
        if (!ok.includes(from)) throw CaseErrors.transitionNotAllowed();
      };
      switch (a) {
        case 'accept': {
          requireStatus('submitted');
          to = 'under_review';
          set.accepted_at = at;
          if (c.limit_days !== null) {
            const d = svc.deadlines(cal, today, c.limit_days, c.limit_unit);
            set.due_date = d.dueDate;
            set.warn_date = d.warnDate;
          }
          await trx
            .insertInto('cases.tasks')
            .values([
              {
                case_id: c.id,
                department_id: c.department_id!,
                role: 'lead',
                opinion: null,
                comment: null,
                done_by: null,
                done_at: null,
              },
              ...collaborators.map((d) => ({
                case_id: c.id,
                department_id: d,
                role: 'collaborator' as const,
                opinion: null,
                comment: null,
                done_by: null,
                done_at: null,
              })),
            ])
            .execute();
          note = { collaborators, dueDate: set.due_date ?? null };
          break;
        }
        case 'refuse':
          requireStatus('submitted');
          to = 'not_accepted';
          set.reasons = text(input.reasons);
          note = { reasons: set.reasons };
          break;
        case 'request_correction':
          requireStatus('submitted');
          if (c.correction_used) throw CaseErrors.correctionOnce();
          to = 'correction_requested';
          set.correction_used = true;
          set.correction = sql`${JSON.stringify({
            items: input.items!.map((x) => x.trim()).filter(Boolean),
            note: text(input.note) || null,
            requestedAt: at.toISOString(),
          })}::jsonb`;
          note = { items: input.items, note: input.note ?? null };
          break;
        case 'complete_task': {
          requireStatus('under_review');
          const mine = deptsWith(actor, 'cases.review');
          const task = await trx
            .selectFrom('cases.tasks')
            .selectAll()
            .where('case_id', '=', c.id)
            .where('status', '=', 'open')
            .execute();
          const t = task.find((x) => mine.has(x.department_id));
          if (!t) throw CaseErrors.notYourDepartment();
          const done = await trx
            .updateTable('cases.tasks')
            .set({
              status: 'done',
              opinion: input.opinion ?? 'agree',
              comment: text(input.note) || null,
              done_by: actor.display,
              done_at: at,
            })
            .where('id', '=', t.id)
            .where('status', '=', 'open')
            .executeTakeFirst();
          if (Number(done.numUpdatedRows) === 0) throw CaseErrors.versionConflict();
          note = {
            department: t.department_id,
            opinion: input.opinion ?? 'agree',
            comment: text(input.note) || null,
          };
          break;
        }
        case 'decide': {
          requireStatus('under_review');
          const open = await trx
            .selectFrom('cases.tasks')
            .select('id')
            .where('case_id', '=', c.id)
            .where('status', '=', 'open')
            .executeTakeFirst();
          if (open) throw CaseErrors.tasksOpen();
          to = 'concluded';
          set.outcome = input.outcome;
          set.reasons = text(input.reasons);
          set.concluded_at = at;
          note = { outcome: input.outcome, reasons: set.reasons };
          break;
        }
        case 'suspend':
          requireStatus('under_review');
          to = 'suspended';
          set.suspended_since = at;
          note = { reasons: text(input.reasons) };
          break;
        case 'resume': {
          requireStatus('suspended');
          to = 'under_review';
          const since = shanghaiDate(c.suspended_since!);
          const paused = Math.max(0, svc.daysBetween(cal, c.limit_unit, since, today));
          const total = c.suspended_days + paused;
          set.suspended_since = null;
          set.suspended_days = total;
          if (c.limit_days !== null && c.accepted_at) {
            const d = svc.deadlines(cal, shanghaiDate(c.accepted_at), c.limit_days, c.limit_unit, total);
            set.due_date = d.dueDate;
            set.warn_date = d.warnDate;
          }
          note = { pausedDays: paused, dueDate: set.due_date ?? null };
          break;
        }
        case 'deliver': {
          requireStatus('concluded');
          to = 'delivered';
          set.delivered_at = at;
          const cert = (c.snapshot as ItemLike).resultCertificate;
          const delivery: Record<string, unknown> = {
            method: input.method,
            trackingNumber: input.trackingNumber ?? null,
          };
          if (c.outcome === 'approved' && cert && input.method === 'e_certificate') {
            const number = `${c.number.slice(-12)}`;
            await trx
              .insertInto('cases.results')
              .values({
                case_id: c.id,
                holder_type: c.applicant_type,
                holder_ref: c.applicant_ref,
                certificate_type: cert,
                certificate_number: number,
                issuer: deliverIssuer,
              })
              .execute();
            delivery.certificate = { type: cert, number, issuer: deliverIssuer };
          }
          set.delivery = sql`${JSON.stringify(delivery)}::jsonb`;
          note = delivery;
          break;
        }
      }
      const updated = await trx
        .updateTable('cases.cases')
        .set({ ...(set as object), status: to, version: c.version + 1 })
        .where('id', '=', c.id)
        .where('version', '=', c.version)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw CaseErrors.versionConflict();
      await timeline(trx, c, a, from, to, actor, note);
      if (from !== to) {
        await publishEvent(
          trx,
          CASES_EVENTS.stateChanged,
          {
            caseId: c.id,
            number: c.number,
            parentId: c.parent_id,
            from,
            to,
            applicantAccountId: c.applicant_account_id,
            at: at.toISOString(),
          },
          info.requestId,
        );
        const extra =
          to === 'correction_requested'
            ? {
                'zh-CN': `请补正：${input.items!.join('；')}`,
                en: `Please provide: ${input.items!.join('; ')}`,
              }
            : to === 'not_accepted' || to === 'concluded'
              ? { 'zh-CN': `理由：${text(input.reasons)}`, en: `Reasons: ${text(input.reasons)}` }
              : undefined;
        await notifyApplicant(trx, updated, to, extra);
      }
      if (to === 'concluded' && from !== 'concluded') {
        await publishEvent(
          trx,
          CASES_EVENTS.concluded,
          concludedPayload(updated, cal, at, input.outcome!),
          info.requestId,
        );
      }
      if (c.parent_id) await syncParent(trx, c.parent_id, actor, info, cal);
      await recordAudit(
        trx,
        { actor, requestId: info.requestId, ip: info.ip },
        {
          action: `cases.${a}`,
          resourceType: 'case',
          resourceId: c.id,
          subjectRef: c.applicant_ref,
          details: { number: c.number, from, to },
        },
      );
      return { caseId: c.id, status: to, version: updated.version };
    });
  }

  /** The applicant answers a correction notice (补正): the case returns to acceptance. */
  async function answerCorrection(
    actor: Actor,
    info: RequestInfo,
    id: string,
    input: { note?: string | undefined; form?: Record<string, unknown> | undefined },
  ) {
    if (!actor.accountId) throw CommonErrors.unauthenticated();
    const c0 = await load(id);
    if (c0.applicant_account_id !== actor.accountId) throw CaseErrors.notFound();
    const cal = await deps.calendar();
    return db.transaction().execute(async (trx) => {
      const c = await load(id, trx);
      if (c.status !== 'correction_requested') throw CaseErrors.transitionNotAllowed();
      const at = now();
      const correction = {
        ...(c.correction ?? { items: [], note: null, requestedAt: at.toISOString() }),
        answeredAt: at.toISOString(),
        answer: input.note ?? null,
      };
      const form = input.form ? { ...c.form, ...input.form } : c.form;
      const updated = await trx
        .updateTable('cases.cases')
        .set({
          status: 'submitted',
          correction: sql`${JSON.stringify(correction)}::jsonb` as never,
          form: sql`${JSON.stringify(form)}::jsonb` as never,
          version: c.version + 1,
        })
        .where('id', '=', c.id)
        .where('version', '=', c.version)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw CaseErrors.versionConflict();
      await timeline(trx, c, 'answer_correction', c.status, 'submitted', actor, { note: input.note ?? null });
      await publishEvent(trx, CASES_EVENTS.stateChanged, {
        caseId: c.id,
        number: c.number,
        parentId: c.parent_id,
        from: c.status,
        to: 'submitted',
        applicantAccountId: c.applicant_account_id,
        at: at.toISOString(),
      });
      if (c.parent_id) await syncParent(trx, c.parent_id, actor, info, cal);
      await recordAudit(
        trx,
        { actor, requestId: info.requestId, ip: info.ip },
        {
          action: 'cases.answer_correction',
          resourceType: 'case',
          resourceId: c.id,
          subjectRef: c.applicant_ref,
        },
      );
      return { caseId: c.id, status: 'submitted' as const, version: updated.version };
    });
  }

  /** Marks overdue cases and puts them in the department head's queue. Returns how many. */
  async function escalateOverdue(at: Date = now()): Promise<number> {
    const today = shanghaiDate(at);
    const due = await db
      .selectFrom('cases.cases')
      .select(['id', 'number', 'department_id'])
      .where('status', '=', 'under_review')
      .where('escalated_at', 'is', null)
      .where('due_date', '<', today as never)
      .limit(500)
      .execute();
    if (due.length === 0) return 0;
    const actor = systemActor('超期督办');
    await db.transaction().execute(async (trx) => {
      for (const c of due) {
        const r = await trx
          .updateTable('cases.cases')
          .set((eb) => ({ escalated_at: at, version: eb('version', '+', 1) }))
          .where('id', '=', c.id)
          .where('escalated_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) continue;
        await timeline(trx, c, 'escalate', 'under_review', 'under_review', actor, { reason: 'overdue' });
        await recordAudit(
          trx,
          { actor, requestId: null },
          { action: 'cases.escalate', resourceType: 'case', resourceId: c.id, details: { number: c.number } },
        );
      }
    });
    return due.length;
  }

  return {
    transition,
    answerCorrection,
    escalateOverdue,
    mayView,
    mayAccept,
    mayDecide,
    load,
    grants,
    deptsWith,
    windowPrefixes,
    inWindow,
    dateText,
  };
}

export type Handling = ReturnType<typeof createHandling>;
