import { sql, type Kysely, type Selectable } from 'kysely';
import {
  CommonErrors,
  publishEvent,
  recordAudit,
  requireAccount,
  requirePermission,
  requireSignedIn,
  shanghaiDate,
  systemActor,
  type Actor,
  type AnyDb,
  type AuditContext,
  type Localized,
  type Logger,
  type Reaction,
  type WorkingDayCalendar,
} from '@sufu/kernel';
import { RatingsErrors } from './errors.ts';
import {
  CASES_TOPICS,
  concludedPayload,
  submittedPayload,
  type ConcludedPayload,
  type SubmittedPayload,
} from './events.ts';
import { bandOf, isBad, SCORE_LABELS } from './labels.ts';
import type { Band, RatingsTables, RectificationStatus } from './tables.ts';
import { createStats } from './stats.ts';
import { ratingsRoutes } from './routes.ts';

/**
 * 好差评: residents rate concluded cases (or counter cases once submitted) from 1 to 5 with
 * reasons from a fixed list; a rating of 1 or 2 opens a rectification (整改) for the case's
 * department, due in working days on the official calendar, escalated when overdue and
 * closed when the applicant re-rates or lets the re-rating window pass. Cases are known only
 * from the cases module's outbox events, projected into `ratings.case_facts`.
 */
export type Notification = { accountId: string; title: Localized; body: Localized; link: string };
export type Notify = (trx: AnyDb, n: Notification) => Promise<void>;

export type RatingsDeps = {
  db: AnyDb;
  /** The official working-day calendar (the calendar module's api). */
  calendar: { calendar(): Promise<WorkingDayCalendar> };
  /** Sends a notification to an account inside the caller's transaction. */
  notify: Notify;
  /** Region prefixes within which the actor holds a permission ([''] = all; identity's regionScope). */
  scope: (actor: Actor, permission: string) => string[];
  departmentNames: (ids: string[]) => Promise<Map<string, string>>;
  logger?: Logger | undefined;
  /** Link to the applicant's case in the portal (default `/portal/cases/<id>`). */
  caseLink?: ((caseId: string) => string) | undefined;
  /** The current time (tests set it). */
  clock?: (() => Date) | undefined;
};

export const RATINGS_EVENTS = {
  rated: 'ratings.rated',
  rectificationChanged: 'ratings.rectification_changed',
} as const;

export type RatingInput = { score: number; reasons: string[]; comment?: string | null | undefined };
export type TransitionInput = {
  action: 'verify' | 'unfounded' | 'reply';
  text?: string | null | undefined;
  expectedVersion: number;
};
export type ReasonInput = { id: string; band: Band; zh: string; en: string; active: boolean };

type Db = Kysely<RatingsTables>;
type Facts = Selectable<RatingsTables['ratings.case_facts']>;
type Rect = Selectable<RatingsTables['ratings.rectifications']>;
type RatingRow = Selectable<RatingsTables['ratings.ratings']>;

const OPEN_STATES: RectificationStatus[] = ['open', 'verified', 'rectified'];
const SYSTEM: AuditContext = { actor: systemActor('ratings'), requestId: null };

/** Selects a date column as text so no time zone ever shifts it. */
const rectColumns = [
  'id',
  'case_id',
  'rating_id',
  'department_id',
  'region_code',
  'status',
  'opened_at',
  sql<string>`deadline::text`.as('deadline'),
  'verified_at',
  'reply',
  'replied_at',
  sql<string | null>`rerate_until::text`.as('rerate_until'),
  'unfounded_reason',
  'closed_at',
  'close_reason',
  're_rating_score',
  'escalated_at',
  'version',
] as const;

export function createRatingsService(deps: RatingsDeps) {
  const db = deps.db as unknown as Db;
  const caseLink = deps.caseLink ?? ((id: string) => `/portal/cases/${encodeURIComponent(id)}`);
  const t = (trx: AnyDb) => trx as unknown as Db;
  const clock = deps.clock ?? (() => new Date());

  // ---------- case facts (projection of the cases module's events) ----------

  async function onSubmitted(p: SubmittedPayload, trx: AnyDb) {
    await t(trx)
      .insertInto('ratings.case_facts')
      .values({
        case_id: p.caseId,
        number: p.number,
        kind: p.kind,
        item_id: p.itemId,
        item_name: null,
        bundle_id: p.bundleId,
        parent_id: p.parentId,
        department_id: p.departmentId,
        region_code: p.regionCode,
        channel: p.channel,
        applicant_account_id: p.applicantAccountId,
        submitted_at: p.submittedAt ?? clock(),
        concluded_at: null,
        on_time: null,
        outcome: null,
        steps: null,
        legal_steps: null,
        materials_required: p.materialsRequired,
        materials_exempted: p.materialsExempted,
        legal_days: null,
        promised_days: null,
        working_days_used: null,
        fees: null,
        legal_fees: null,
        on_site_visits: null,
        legal_visits: null,
      })
      .onConflict((oc) =>
        // A case answered after 补正 is submitted again: keep the first submission time.
        oc.column('case_id').doUpdateSet((eb) => ({
          number: eb.ref('excluded.number'),
          department_id: eb.ref('excluded.department_id'),
          region_code: eb.ref('excluded.region_code'),
          materials_required: eb.ref('excluded.materials_required'),
          materials_exempted: eb.ref('excluded.materials_exempted'),
          submitted_at: sql`coalesce(ratings.case_facts.submitted_at, excluded.submitted_at)`,
          updated_at: clock(),
        })),
      )
      .execute();
  }

  async function onConcluded(p: ConcludedPayload, trx: AnyDb) {
    const values = {
      case_id: p.caseId,
      number: p.number,
      kind: p.kind,
      item_id: p.itemId,
      item_name: p.itemName,
      bundle_id: p.bundleId,
      parent_id: p.parentId,
      department_id: p.departmentId,
      region_code: p.regionCode,
      channel: p.channel,
      applicant_account_id: p.applicantAccountId,
      submitted_at: p.submittedAt,
      concluded_at: p.concludedAt ?? clock(),
      on_time: p.onTime,
      outcome: p.outcome,
      steps: p.steps,
      legal_steps: p.legalSteps,
      materials_required: p.materialsRequired,
      materials_exempted: p.materialsExempted,
      legal_days: p.legalDays,
      promised_days: p.promisedDays,
      working_days_used: p.workingDaysUsed,
      fees: p.fees,
      legal_fees: p.legalFees,
      on_site_visits: p.onSiteVisits,
      legal_visits: p.legalVisits,
    };
    const { case_id: _id, submitted_at: _s, ...update } = values;
    await t(trx)
      .insertInto('ratings.case_facts')
      .values(values)
      .onConflict((oc) =>
        oc.column('case_id').doUpdateSet({
          ...update,
          submitted_at: sql`coalesce(ratings.case_facts.submitted_at, excluded.submitted_at)`,
          updated_at: clock(),
        }),
      )
      .execute();
    // Invite the applicant to rate; a bundle's children are rated from the bundle's invitation.
    if (!p.applicantAccountId || p.parentId) return;
    const rated = await t(trx)
      .selectFrom('ratings.ratings')
      .select('id')
      .where('case_id', '=', p.caseId)
      .executeTakeFirst();
    if (rated) return;
    const name = p.itemName ?? p.number;
    await deps.notify(trx, {
      accountId: p.applicantAccountId,
      title: { 'zh-CN': '办件已办结，请您评价', en: 'Your case is concluded: please rate it' },
      body: {
        'zh-CN': `您的办件「${name}」（${p.number}）已办结，欢迎对本次服务进行评价（好差评）。`,
        en: `Your case “${name}” (${p.number}) is concluded. Please tell us how the service was.`,
      },
      link: `${caseLink(p.caseId)}?rate=1`,
    });
  }

  const reactions: Reaction[] = [
    {
      name: 'ratings.case-facts-submitted',
      topic: CASES_TOPICS.submitted,
      handle: async (event, trx) => {
        const p = submittedPayload.safeParse(event.payload);
        if (!p.success) {
          deps.logger?.warn({ eventId: event.id }, 'ratings: unreadable cases.submitted payload skipped');
          return;
        }
        await onSubmitted(p.data, trx);
      },
    },
    {
      name: 'ratings.case-facts-concluded',
      topic: CASES_TOPICS.concluded,
      handle: async (event, trx) => {
        const p = concludedPayload.safeParse(event.payload);
        if (!p.success) {
          deps.logger?.warn({ eventId: event.id }, 'ratings: unreadable cases.concluded payload skipped');
          return;
        }
        await onConcluded(p.data, trx);
      },
    },
  ];

  // ---------- reasons and settings ----------

  async function listReasons(executor: AnyDb = deps.db) {
    const rows = await t(executor)
      .selectFrom('ratings.reasons')
      .selectAll()
      .orderBy('band')
      .orderBy('position')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      band: r.band,
      label: { 'zh-CN': r.label_zh, en: r.label_en },
      active: r.active,
    }));
  }

  async function putReasons(ctx: AuditContext, items: ReasonInput[]) {
    requirePermission(ctx.actor, 'ratings.reasons.manage');
    const ids = items.map((i) => i.id);
    if (new Set(ids).size !== ids.length) throw RatingsErrors.duplicateReason();
    return db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('ratings.reasons').select('id').execute();
      const given = new Set(ids);
      for (const [i, r] of items.entries()) {
        await trx
          .insertInto('ratings.reasons')
          .values({
            id: r.id,
            band: r.band,
            label_zh: r.zh,
            label_en: r.en,
            position: i + 1,
            active: r.active,
          })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet({
              band: r.band,
              label_zh: r.zh,
              label_en: r.en,
              position: i + 1,
              active: r.active,
            }),
          )
          .execute();
      }
      // Reasons left out are retired, never deleted: past ratings still name them.
      const retired = existing.map((e) => e.id).filter((id) => !given.has(id));
      if (retired.length)
        await trx.updateTable('ratings.reasons').set({ active: false }).where('id', 'in', retired).execute();
      await recordAudit(trx, ctx, {
        action: 'ratings.reasons_updated',
        resourceType: 'ratings.reasons',
        details: { count: items.length, retired },
      });
      return listReasons(trx);
    });
  }

  async function getSettings(executor: AnyDb = deps.db) {
    const s = await t(executor).selectFrom('ratings.settings').selectAll().executeTakeFirstOrThrow();
    return {
      deadlineWorkingDays: s.deadline_days,
      rerateWorkingDays: s.rerate_days,
      updatedAt: s.updated_at.toISOString(),
      updatedBy: s.updated_by,
    };
  }

  async function putSettings(
    ctx: AuditContext,
    input: { deadlineWorkingDays: number; rerateWorkingDays: number },
  ) {
    requirePermission(ctx.actor, 'ratings.reasons.manage');
    return db.transaction().execute(async (trx) => {
      const before = await getSettings(trx);
      await trx
        .updateTable('ratings.settings')
        .set({
          deadline_days: input.deadlineWorkingDays,
          rerate_days: input.rerateWorkingDays,
          updated_at: clock(),
          updated_by: ctx.actor.display,
        })
        .execute();
      await recordAudit(trx, ctx, {
        action: 'ratings.settings_updated',
        resourceType: 'ratings.settings',
        details: {
          from: { deadline: before.deadlineWorkingDays, rerate: before.rerateWorkingDays },
          to: { deadline: input.deadlineWorkingDays, rerate: input.rerateWorkingDays },
        },
      });
      return getSettings(trx);
    });
  }

  // ---------- ratings ----------

  // The calendar reads the database: fetch it before a transaction, never inside (one PGlite connection).
  function workingDaysAfter(cal: WorkingDayCalendar, start: Date, n: number): string {
    // Past the last loaded year the date is provisional (weekdays only) rather than refused.
    return cal.addWorkingDays(shanghaiDate(start), n, { allowBeyond: true }).due;
  }

  async function ownFacts(trx: Db, actor: Actor & { accountId: string }, caseId: string) {
    const f = await trx
      .selectFrom('ratings.case_facts')
      .selectAll()
      .where('case_id', '=', caseId)
      .forUpdate()
      .executeTakeFirst();
    // Someone else's case answers like an unknown one: its existence is not disclosed.
    if (!f || f.applicant_account_id !== actor.accountId) throw RatingsErrors.caseNotFound();
    return f;
  }

  function ratable(f: Facts) {
    return f.concluded_at !== null || (f.channel === 'counter' && f.submitted_at !== null);
  }

  async function checkReasons(trx: Db, score: number, reasons: string[]) {
    if (new Set(reasons).size !== reasons.length) throw RatingsErrors.invalidReason();
    if (reasons.length === 0) return;
    const rows = await trx
      .selectFrom('ratings.reasons')
      .select(['id', 'band', 'active'])
      .where('id', 'in', reasons)
      .execute();
    const band = bandOf(score);
    const ok = new Map(rows.filter((r) => r.active && r.band === band).map((r) => [r.id, true]));
    const wrong = reasons.filter((r) => !ok.has(r));
    if (wrong.length)
      throw RatingsErrors.invalidReason({
        errors: wrong.map((w) => ({
          path: `reasons.${reasons.indexOf(w)}`,
          message: { 'zh-CN': `原因 ${w} 不适用。`, en: `Reason ${w} does not apply.` },
        })),
      });
  }

  async function addEvent(
    trx: Db,
    rectId: string,
    action: string,
    actorDisplay: string,
    text: string | null,
  ) {
    await trx
      .insertInto('ratings.rectification_events')
      .values({ rectification_id: rectId, action, actor_display: actorDisplay, text })
      .execute();
  }

  async function openRectification(
    trx: Db,
    cal: WorkingDayCalendar,
    ctx: AuditContext,
    f: Facts,
    rating: RatingRow,
    now: Date,
  ) {
    if (!f.department_id) {
      deps.logger?.warn({ caseId: f.case_id }, 'ratings: bad rating on a case without department');
      return null;
    }
    const settings = await getSettings(trx);
    const deadline = workingDaysAfter(cal, now, settings.deadlineWorkingDays);
    const r = await trx
      .insertInto('ratings.rectifications')
      .values({
        case_id: f.case_id,
        rating_id: rating.id,
        department_id: f.department_id,
        region_code: f.region_code,
        status: 'open',
        opened_at: now,
        deadline,
        verified_at: null,
        reply: null,
        replied_at: null,
        rerate_until: null,
        unfounded_reason: null,
        closed_at: null,
        close_reason: null,
        re_rating_score: null,
        escalated_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addEvent(trx, r.id, 'opened', '系统 · system', null);
    await recordAudit(trx, ctx, {
      action: 'ratings.rectification_opened',
      resourceType: 'ratings.rectification',
      resourceId: r.id,
      details: { caseId: f.case_id, departmentId: f.department_id, deadline, score: rating.score },
    });
    await publishEvent(
      trx,
      RATINGS_EVENTS.rectificationChanged,
      { rectificationId: r.id, caseId: f.case_id, departmentId: f.department_id, status: 'open', deadline },
      ctx.requestId,
    );
    return { id: r.id, deadline };
  }

  async function closeRectification(
    trx: Db,
    ctx: AuditContext,
    rect: Pick<Rect, 'id' | 'case_id' | 'department_id'>,
    how: { reason: 're_rated' | 'no_response'; score?: number | null; accountId: string | null; now: Date },
  ) {
    await trx
      .updateTable('ratings.rectifications')
      .set((eb) => ({
        status: 'closed',
        closed_at: how.now,
        close_reason: how.reason,
        re_rating_score: how.score ?? null,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', rect.id)
      .execute();
    await addEvent(trx, rect.id, `closed_${how.reason}`, ctx.actor.display, null);
    await recordAudit(trx, ctx, {
      action: 'ratings.rectification_closed',
      resourceType: 'ratings.rectification',
      resourceId: rect.id,
      details: { reason: how.reason, score: how.score ?? null },
    });
    await publishEvent(
      trx,
      RATINGS_EVENTS.rectificationChanged,
      { rectificationId: rect.id, caseId: rect.case_id, departmentId: rect.department_id, status: 'closed' },
      ctx.requestId,
    );
    if (how.accountId)
      await deps.notify(trx, {
        accountId: how.accountId,
        title: { 'zh-CN': '差评整改已办结', en: 'The rectification is closed' },
        body:
          how.reason === 're_rated'
            ? {
                'zh-CN': '感谢您的再次评价，本次差评整改已办结。',
                en: 'Thank you for rating again; the rectification is now closed.',
              }
            : {
                'zh-CN': '您未在期限内再次评价，本次差评整改已按答复办结。',
                en: 'You did not rate again in time, so the rectification was closed with the reply given.',
              },
        link: caseLink(rect.case_id),
      });
  }

  async function ratingView(executor: Db, row: RatingRow) {
    const reasons = new Map((await listReasons(executor)).map((r) => [r.id, r]));
    const rect = await executor
      .selectFrom('ratings.rectifications')
      .select(rectColumns)
      .where('case_id', '=', row.case_id)
      .orderBy('opened_at', 'desc')
      .executeTakeFirst();
    return {
      caseId: row.case_id,
      score: row.score,
      scoreLabel: SCORE_LABELS[row.score as 1],
      reasons: row.reasons.map((id) => ({
        id,
        label: reasons.get(id)?.label ?? { 'zh-CN': id, en: id },
      })),
      comment: row.comment,
      amendable: row.amendments === 0,
      amended: row.amendments > 0,
      previousScore: row.previous?.score ?? null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      rectification: rect
        ? {
            status: rect.status,
            deadline: rect.deadline,
            reply: rect.reply,
            repliedAt: rect.replied_at?.toISOString() ?? null,
            unfoundedReason: rect.unfounded_reason,
            rerateUntil: rect.rerate_until,
          }
        : null,
    };
  }

  async function rate(ctx: AuditContext, caseId: string, input: RatingInput) {
    const actor = ctx.actor;
    requireAccount(actor);
    const cal = await deps.calendar.calendar();
    return db.transaction().execute(async (trx) => {
      const f = await ownFacts(trx, actor, caseId);
      if (!ratable(f)) throw RatingsErrors.notRatable();
      await checkReasons(trx, input.score, input.reasons);
      const now = clock();
      const row = await trx
        .insertInto('ratings.ratings')
        .values({
          case_id: caseId,
          account_id: actor.accountId,
          score: input.score,
          reasons: sql`${JSON.stringify(input.reasons)}::jsonb` as never,
          comment: input.comment?.trim() || null,
          previous: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('case_id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw RatingsErrors.alreadyRated();
      await recordAudit(trx, ctx, {
        action: 'ratings.rated',
        resourceType: 'ratings.rating',
        resourceId: row.id,
        details: { caseId, score: input.score, channel: f.channel },
      });
      await publishEvent(
        trx,
        RATINGS_EVENTS.rated,
        { caseId, score: input.score, departmentId: f.department_id, itemId: f.item_id, amended: false },
        ctx.requestId,
      );
      if (isBad(input.score)) await openRectification(trx, cal, ctx, f, row, now);
      return ratingView(trx, row);
    });
  }

  async function amend(ctx: AuditContext, caseId: string, input: RatingInput) {
    const actor = ctx.actor;
    requireAccount(actor);
    const cal = await deps.calendar.calendar();
    return db.transaction().execute(async (trx) => {
      const f = await ownFacts(trx, actor, caseId);
      const current = await trx
        .selectFrom('ratings.ratings')
        .selectAll()
        .where('case_id', '=', caseId)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw RatingsErrors.notRated();
      if (current.amendments > 0) throw RatingsErrors.amendedAlready();
      await checkReasons(trx, input.score, input.reasons);
      const now = clock();
      const previous = {
        score: current.score,
        reasons: current.reasons,
        comment: current.comment,
        at: current.updated_at.toISOString(),
      };
      const row = await trx
        .updateTable('ratings.ratings')
        .set({
          score: input.score,
          reasons: sql`${JSON.stringify(input.reasons)}::jsonb` as never,
          comment: input.comment?.trim() || null,
          amendments: 1,
          previous: sql`${JSON.stringify(previous)}::jsonb` as never,
          updated_at: now,
        })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'ratings.amended',
        resourceType: 'ratings.rating',
        resourceId: row.id,
        details: { caseId, from: current.score, to: input.score },
      });
      await publishEvent(
        trx,
        RATINGS_EVENTS.rated,
        { caseId, score: input.score, departmentId: f.department_id, itemId: f.item_id, amended: true },
        ctx.requestId,
      );
      const rects = await trx
        .selectFrom('ratings.rectifications')
        .select(rectColumns)
        .where('case_id', '=', caseId)
        .execute();
      const running = rects.find((r) => OPEN_STATES.includes(r.status));
      // The re-rating closes a replied rectification whatever the score; before the reply it
      // closes only when the applicant is no longer dissatisfied.
      if (running && (running.status === 'rectified' || !isBad(input.score)))
        await closeRectification(trx, ctx, running, {
          reason: 're_rated',
          score: input.score,
          accountId: actor.accountId,
          now,
        });
      else if (!running && rects.length === 0 && isBad(input.score))
        await openRectification(trx, cal, ctx, f, row, now);
      return ratingView(trx, row);
    });
  }

  async function myRating(ctx: AuditContext, caseId: string) {
    const actor = ctx.actor;
    requireAccount(actor);
    return db.transaction().execute(async (trx) => {
      const f = await trx
        .selectFrom('ratings.case_facts')
        .select(['applicant_account_id', 'concluded_at', 'channel', 'submitted_at'])
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      if (!f || f.applicant_account_id !== actor.accountId) throw RatingsErrors.caseNotFound();
      const row = await trx
        .selectFrom('ratings.ratings')
        .selectAll()
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      if (!row) throw RatingsErrors.notRated();
      await recordAudit(trx, ctx, {
        action: 'ratings.rating_read',
        resourceType: 'ratings.rating',
        resourceId: row.id,
        details: { caseId },
      });
      return ratingView(trx, row);
    });
  }

  // ---------- rectifications ----------

  /** Departments in which the actor holds the permission through a grant of that department. */
  function departmentsWith(actor: Actor, permission: string): Set<string> {
    const out = new Set<string>();
    if (!actor.permissions.has(permission)) return out;
    for (const g of actor.grants)
      if (g.departmentId && deps.scope({ ...actor, grants: [g] }, permission).length > 0)
        out.add(g.departmentId);
    return out;
  }

  function escalationScope(actor: Actor): string[] {
    if (!actor.permissions.has('ratings.escalations')) return [];
    return deps.scope(actor, 'ratings.escalations');
  }

  const inPrefixes = (prefixes: string[], region: string | null) =>
    prefixes.includes('') || (!!region && prefixes.some((p) => region.startsWith(p)));

  function mayHandle(actor: Actor, r: Pick<Rect, 'department_id' | 'escalated_at' | 'region_code'>) {
    if (departmentsWith(actor, 'ratings.rectify').has(r.department_id)) return true;
    return r.escalated_at !== null && inPrefixes(escalationScope(actor), r.region_code);
  }

  function requireWorkbench(actor: Actor) {
    requireSignedIn(actor);
    if (!actor.permissions.has('ratings.rectify') && !actor.permissions.has('ratings.escalations'))
      throw CommonErrors.forbidden();
  }

  function actionsFor(r: Pick<Rect, 'status'>): TransitionInput['action'][] {
    if (r.status === 'open') return ['verify', 'unfounded'];
    if (r.status === 'verified') return ['reply', 'unfounded'];
    return [];
  }

  async function listRectifications(
    actor: Actor,
    q: {
      status?: RectificationStatus | undefined;
      escalated?: boolean | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    requireWorkbench(actor);
    const depts = [...departmentsWith(actor, 'ratings.rectify')];
    const prefixes = escalationScope(actor);
    let query = db
      .selectFrom('ratings.rectifications as r')
      .innerJoin('ratings.case_facts as f', 'f.case_id', 'r.case_id')
      .innerJoin('ratings.ratings as g', 'g.id', 'r.rating_id')
      .where((eb) => {
        const ors = [];
        if (depts.length) ors.push(eb('r.department_id', 'in', depts));
        if (prefixes.length)
          ors.push(
            eb.and([
              eb('r.escalated_at', 'is not', null),
              prefixes.includes('')
                ? eb.val(true)
                : eb.or(prefixes.map((p) => eb('r.region_code', 'like', `${p}%`))),
            ]),
          );
        return ors.length ? eb.or(ors) : eb.val(false);
      });
    if (q.status) query = query.where('r.status', '=', q.status);
    if (q.escalated !== undefined) query = query.where('r.escalated_at', q.escalated ? 'is not' : 'is', null);
    const total = await query.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const rows = await query
      .select([
        'r.id',
        'r.case_id',
        'r.department_id',
        'r.status',
        'r.opened_at',
        sql<string>`r.deadline::text`.as('deadline'),
        'r.escalated_at',
        'r.version',
        'f.number',
        'f.item_name',
        'g.score',
      ])
      .orderBy(sql`case when r.status in ('open', 'verified') then 0 else 1 end`)
      .orderBy('r.deadline')
      .orderBy('r.opened_at')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const names = await deps.departmentNames([...new Set(rows.map((r) => r.department_id))]);
    const cal = await deps.calendar.calendar();
    const today = shanghaiDate(clock());
    return {
      items: rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        caseNumber: r.number,
        itemName: r.item_name,
        departmentId: r.department_id,
        departmentName: names.get(r.department_id) ?? null,
        status: r.status,
        score: r.score,
        openedAt: r.opened_at.toISOString(),
        deadline: r.deadline,
        workingDaysLeft: OPEN_STATES.slice(0, 2).includes(r.status) ? daysLeft(cal, today, r.deadline) : null,
        escalated: r.escalated_at !== null,
        version: r.version,
      })),
      total: Number(total.n),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async function loadVisible(trx: Db, actor: Actor, id: string, lock: boolean) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw RatingsErrors.rectificationNotFound();
    let q = trx.selectFrom('ratings.rectifications').select(rectColumns).where('id', '=', id);
    if (lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw RatingsErrors.rectificationNotFound();
    if (!mayHandle(actor, r)) throw CommonErrors.outOfScope();
    return r;
  }

  async function detail(trx: Db, cal: WorkingDayCalendar, r: Rect) {
    const f = await trx
      .selectFrom('ratings.case_facts')
      .selectAll()
      .where('case_id', '=', r.case_id)
      .executeTakeFirstOrThrow();
    const g = await trx
      .selectFrom('ratings.ratings')
      .selectAll()
      .where('id', '=', r.rating_id)
      .executeTakeFirstOrThrow();
    const rating = await ratingView(trx, g);
    const events = await trx
      .selectFrom('ratings.rectification_events')
      .selectAll()
      .where('rectification_id', '=', r.id)
      .orderBy('id')
      .execute();
    return {
      id: r.id,
      status: r.status,
      version: r.version,
      departmentId: r.department_id,
      /** Filled in after the transaction (the directory reads the database on its own). */
      departmentName: null as string | null,
      openedAt: r.opened_at.toISOString(),
      deadline: r.deadline,
      workingDaysLeft:
        r.status === 'open' || r.status === 'verified'
          ? daysLeft(cal, shanghaiDate(clock()), r.deadline)
          : null,
      escalatedAt: r.escalated_at?.toISOString() ?? null,
      verifiedAt: r.verified_at?.toISOString() ?? null,
      reply: r.reply,
      repliedAt: r.replied_at?.toISOString() ?? null,
      rerateUntil: r.rerate_until,
      unfoundedReason: r.unfounded_reason,
      closedAt: r.closed_at?.toISOString() ?? null,
      closeReason: r.close_reason,
      reRatingScore: r.re_rating_score,
      actions: actionsFor(r),
      case: {
        id: f.case_id,
        number: f.number,
        kind: f.kind,
        itemId: f.item_id,
        itemName: f.item_name,
        channel: f.channel,
        submittedAt: f.submitted_at?.toISOString() ?? null,
        concludedAt: f.concluded_at?.toISOString() ?? null,
        onTime: f.on_time,
        outcome: f.outcome,
      },
      rating: {
        score: rating.score,
        scoreLabel: rating.scoreLabel,
        reasons: rating.reasons,
        comment: rating.comment,
        amended: rating.amended,
        previousScore: rating.previousScore,
        createdAt: rating.createdAt,
      },
      timeline: events.map((e) => ({
        at: e.at.toISOString(),
        action: e.action,
        actor: e.actor_display,
        text: e.text,
      })),
    };
  }

  async function named<T extends { departmentId: string; departmentName: string | null }>(d: T): Promise<T> {
    const names = await deps.departmentNames([d.departmentId]);
    return { ...d, departmentName: names.get(d.departmentId) ?? null };
  }

  async function getRectification(ctx: AuditContext, id: string) {
    requireWorkbench(ctx.actor);
    const cal = await deps.calendar.calendar();
    return named(
      await db.transaction().execute(async (trx) => {
        const r = await loadVisible(trx, ctx.actor, id, false);
        await recordAudit(trx, ctx, {
          action: 'ratings.rectification_read',
          resourceType: 'ratings.rectification',
          resourceId: id,
          purpose: '差评整改',
        });
        return detail(trx, cal, r);
      }),
    );
  }

  async function transition(ctx: AuditContext, id: string, input: TransitionInput) {
    requireWorkbench(ctx.actor);
    const text = input.text?.trim() || null;
    if ((input.action === 'unfounded' || input.action === 'reply') && !text)
      throw RatingsErrors.textRequired({
        errors: [{ path: 'text', message: { 'zh-CN': '请填写说明。', en: 'Please enter the text.' } }],
      });
    const cal = await deps.calendar.calendar();
    return named(
      await db.transaction().execute(async (trx) => {
        const r = await loadVisible(trx, ctx.actor, id, true);
        if (r.version !== input.expectedVersion) throw RatingsErrors.versionConflict();
        if (!actionsFor(r).includes(input.action)) throw RatingsErrors.transitionNotAllowed();
        const now = clock();
        const applicant = await trx
          .selectFrom('ratings.ratings')
          .select(['account_id', 'amendments'])
          .where('id', '=', r.rating_id)
          .executeTakeFirstOrThrow();
        if (input.action === 'verify') {
          await trx
            .updateTable('ratings.rectifications')
            .set({ status: 'verified', verified_at: now, version: r.version + 1 })
            .where('id', '=', id)
            .execute();
        } else if (input.action === 'unfounded') {
          await trx
            .updateTable('ratings.rectifications')
            .set({
              status: 'closed_unfounded',
              unfounded_reason: text,
              closed_at: now,
              close_reason: 'unfounded',
              version: r.version + 1,
            })
            .where('id', '=', id)
            .execute();
          await deps.notify(trx, {
            accountId: applicant.account_id,
            title: { 'zh-CN': '差评核实结果', en: 'About your rating' },
            body: {
              'zh-CN': `经核实，您反映的问题不属实：${text}`,
              en: `After checking, the department found the complaint unfounded: ${text}`,
            },
            link: caseLink(r.case_id),
          });
        } else {
          const settings = await getSettings(trx);
          const rerateUntil = workingDaysAfter(cal, now, settings.rerateWorkingDays);
          await trx
            .updateTable('ratings.rectifications')
            .set({
              status: 'rectified',
              reply: text,
              replied_at: now,
              rerate_until: rerateUntil,
              version: r.version + 1,
            })
            .where('id', '=', id)
            .execute();
          await deps.notify(trx, {
            accountId: applicant.account_id,
            title: { 'zh-CN': '差评整改答复', en: 'Reply to your rating' },
            body:
              applicant.amendments === 0
                ? {
                    'zh-CN': `针对您的评价，办理部门已整改并答复：${text}。欢迎您在 ${rerateUntil} 前再次评价。`,
                    en: `The department has addressed your rating and replies: ${text}. You may rate again until ${rerateUntil}.`,
                  }
                : {
                    'zh-CN': `针对您的评价，办理部门已整改并答复：${text}`,
                    en: `The department has addressed your rating and replies: ${text}`,
                  },
            link: `${caseLink(r.case_id)}?rate=1`,
          });
        }
        await addEvent(trx, id, input.action, ctx.actor.display, text);
        await recordAudit(trx, ctx, {
          action: `ratings.rectification_${input.action}`,
          resourceType: 'ratings.rectification',
          resourceId: id,
          details: { from: r.status, caseId: r.case_id },
        });
        const after = await trx
          .selectFrom('ratings.rectifications')
          .select(rectColumns)
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        await publishEvent(
          trx,
          RATINGS_EVENTS.rectificationChanged,
          { rectificationId: id, caseId: r.case_id, departmentId: r.department_id, status: after.status },
          ctx.requestId,
        );
        return detail(trx, cal, after);
      }),
    );
  }

  /** Marks open rectifications past their deadline as escalated (to department heads). */
  async function escalateOverdue(now: Date = clock()): Promise<number> {
    const today = shanghaiDate(now);
    return db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('ratings.rectifications')
        .set((eb) => ({ escalated_at: now, version: eb('version', '+', 1) }))
        .where('status', 'in', ['open', 'verified'])
        .where('escalated_at', 'is', null)
        .where(sql<boolean>`deadline < ${today}::date`)
        .returning(['id', 'case_id', 'department_id'])
        .execute();
      for (const r of rows) {
        await addEvent(trx, r.id, 'escalated', '系统 · system', null);
        await recordAudit(trx, SYSTEM, {
          action: 'ratings.rectification_escalated',
          resourceType: 'ratings.rectification',
          resourceId: r.id,
          details: { caseId: r.case_id, departmentId: r.department_id },
        });
      }
      return rows.length;
    });
  }

  /** Closes replied rectifications whose applicant did not re-rate within the window. */
  async function closeUnanswered(now: Date = clock()): Promise<number> {
    const today = shanghaiDate(now);
    return db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('ratings.rectifications as r')
        .innerJoin('ratings.ratings as g', 'g.id', 'r.rating_id')
        .select(['r.id', 'r.case_id', 'r.department_id', 'g.account_id'])
        .where('r.status', '=', 'rectified')
        .where(sql<boolean>`r.rerate_until < ${today}::date`)
        .forUpdate()
        .execute();
      for (const r of rows)
        await closeRectification(trx, SYSTEM, r, { reason: 'no_response', accountId: r.account_id, now });
      return rows.length;
    });
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  /** Runs escalation and closing every `intervalMs` (default 10 minutes), first after 5 s. */
  function startTimers(intervalMs = 10 * 60_000) {
    const tick = () => {
      running = (async () => {
        try {
          await escalateOverdue();
          await closeUnanswered();
        } catch (e) {
          deps.logger?.warn({ err: e instanceof Error ? e.message : String(e) }, 'ratings timer failed');
        }
      })();
      timer = setTimeout(tick, intervalMs);
      timer.unref?.();
    };
    timer = setTimeout(tick, 5_000);
    timer.unref?.();
  }
  async function stop() {
    if (timer) clearTimeout(timer);
    timer = undefined;
    await running;
  }

  const stats = createStats({ db: deps.db, departmentNames: deps.departmentNames });

  return {
    reactions,
    onSubmitted,
    onConcluded,
    listReasons,
    putReasons,
    getSettings,
    putSettings,
    rate,
    amend,
    myRating,
    listRectifications,
    getRectification,
    transition,
    escalateOverdue,
    closeUnanswered,
    startTimers,
    stop,
    stats,
  };
}

function daysLeft(cal: WorkingDayCalendar, today: string, deadline: string): number | null {
  try {
    return cal.workingDaysBetween(today, deadline);
  } catch {
    return null;
  }
}

export type RatingsService = ReturnType<typeof createRatingsService>;

/** The module: the service, its routes (mount under /api/v1), reactions and timers. */
export function createRatingsModule(deps: RatingsDeps) {
  const service = createRatingsService(deps);
  return { ...service, routes: ratingsRoutes(service) };
}

export type RatingsModule = ReturnType<typeof createRatingsModule>;
