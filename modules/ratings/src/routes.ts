import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, type AuditContext } from '@sufu/kernel';
import type { RatingsService } from './ratings.module.ts';

const TAGS = ['ratings'];
const ctx = (req: FastifyRequest): AuditContext => ({
  actor: req.actor,
  requestId: String(req.id),
  ip: req.ip ?? null,
});

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });
const caseId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/);
/** A real calendar date (PostgreSQL would refuse 0000-00-00 or 2026-02-30 with a 500). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '1900-01-01';
  }, 'a real date');
const status = z.enum(['open', 'verified', 'rectified', 'closed', 'closed_unfounded']);

export const ratingInput = z.object({
  score: z.number().int().min(1).max(5),
  reasons: z
    .array(z.string().regex(/^[a-z0-9_-]{1,40}$/))
    .max(10)
    .default([]),
  comment: z.string().max(500).nullish(),
});

const reason = z.object({
  id: z.string(),
  band: z.enum(['bad', 'good']),
  label: localized,
  active: z.boolean(),
});

const ratingView = z.object({
  caseId: z.string(),
  score: z.number().int(),
  scoreLabel: localized,
  reasons: z.array(z.object({ id: z.string(), label: localized })),
  comment: z.string().nullable(),
  amendable: z.boolean(),
  amended: z.boolean(),
  previousScore: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  rectification: z
    .object({
      status,
      deadline: z.string(),
      reply: z.string().nullable(),
      repliedAt: z.string().nullable(),
      unfoundedReason: z.string().nullable(),
      rerateUntil: z.string().nullable(),
    })
    .nullable(),
});

const rectSummary = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  itemName: z.string().nullable(),
  departmentId: z.string(),
  departmentName: z.string().nullable(),
  status,
  score: z.number().int(),
  openedAt: z.string(),
  deadline: z.string(),
  workingDaysLeft: z.number().int().nullable(),
  escalated: z.boolean(),
  version: z.number().int(),
});

const rectDetail = z.object({
  id: z.string(),
  status,
  version: z.number().int(),
  departmentId: z.string(),
  departmentName: z.string().nullable(),
  openedAt: z.string(),
  deadline: z.string(),
  workingDaysLeft: z.number().int().nullable(),
  escalatedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  rerateUntil: z.string().nullable(),
  unfoundedReason: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeReason: z.enum(['re_rated', 'no_response', 'unfounded']).nullable(),
  reRatingScore: z.number().int().nullable(),
  actions: z.array(z.enum(['verify', 'unfounded', 'reply'])),
  case: z.object({
    id: z.string(),
    number: z.string(),
    kind: z.enum(['item', 'bundle']),
    itemId: z.string().nullable(),
    itemName: z.string().nullable(),
    channel: z.enum(['online', 'counter']),
    submittedAt: z.string().nullable(),
    concludedAt: z.string().nullable(),
    onTime: z.boolean().nullable(),
    outcome: z.enum(['approved', 'not_approved']).nullable(),
  }),
  rating: z.object({
    score: z.number().int(),
    scoreLabel: localized,
    reasons: z.array(z.object({ id: z.string(), label: localized })),
    comment: z.string().nullable(),
    amended: z.boolean(),
    previousScore: z.number().int().nullable(),
    createdAt: z.string(),
  }),
  timeline: z.array(
    z.object({ at: z.string(), action: z.string(), actor: z.string(), text: z.string().nullable() }),
  ),
});

const share = z.number().nullable();
const groupStats = z.object({
  volume: z.number().int(),
  onlineShare: share,
  concluded: z.number().int(),
  onTimeShare: share,
  ratingCount: z.number().int(),
  averageScore: z.number().nullable(),
  badRatingCount: z.number().int(),
  rectificationsOpened: z.number().int(),
  rectificationsClosed: z.number().int(),
  rectificationRate: share,
  rectifiedShare: share,
});
const measure = z.object({
  baseline: z.number().nullable(),
  actual: z.number().nullable(),
  reduction: z.number().nullable(),
  reductionRate: z.number().nullable(),
});

const settings = z.object({
  deadlineWorkingDays: z.number().int(),
  rerateWorkingDays: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

/** Routes under /api/v1. */
export function ratingsRoutes(s: RatingsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/ratings/reasons',
      {
        schema: {
          tags: TAGS,
          summary: '评价原因 · Rating reasons',
          description:
            'Band `bad` applies to scores 1–3, `good` to 4–5. Retired reasons have `active: false`.',
          response: { 200: z.object({ items: z.array(reason) }) },
        },
      },
      async () => ({ items: await s.listReasons() }),
    );

    app.put(
      '/ratings/reasons',
      {
        schema: {
          tags: TAGS,
          summary: '维护评价原因 · Maintain the rating reasons',
          description: 'Replaces the list in the given order; reasons left out are retired, never deleted.',
          body: z.object({
            items: z
              .array(
                z.object({
                  id: z.string().regex(/^[a-z0-9_-]{1,40}$/),
                  band: z.enum(['bad', 'good']),
                  label: z.object({
                    'zh-CN': z.string().trim().min(1).max(40),
                    en: z.string().trim().min(1).max(80),
                  }),
                  active: z.boolean().default(true),
                }),
              )
              .min(1)
              .max(60),
          }),
          response: { 200: z.object({ items: z.array(reason) }) },
        },
      },
      async (req) => ({
        items: await s.putReasons(
          ctx(req),
          req.body.items.map((i) => ({
            id: i.id,
            band: i.band,
            zh: i.label['zh-CN'],
            en: i.label.en,
            active: i.active,
          })),
        ),
      }),
    );

    app.post(
      '/me/cases/:caseId/rating',
      {
        schema: {
          tags: TAGS,
          summary: '评价办件 · Rate my case',
          description:
            'Once per case, after conclusion (counter cases once submitted). A score of 1 or 2 opens a rectification.',
          params: z.object({ caseId }),
          body: ratingInput,
          response: { 201: ratingView },
        },
      },
      async (req, reply) => {
        const r = await s.rate(ctx(req), req.params.caseId, req.body);
        return reply.code(201).send(r);
      },
    );

    app.put(
      '/me/cases/:caseId/rating',
      {
        schema: {
          tags: TAGS,
          summary: '修改评价（仅一次）· Amend my rating (once)',
          params: z.object({ caseId }),
          body: ratingInput,
          response: { 200: ratingView },
        },
      },
      async (req) => s.amend(ctx(req), req.params.caseId, req.body),
    );

    app.get(
      '/me/cases/:caseId/rating',
      {
        schema: {
          tags: TAGS,
          summary: '我的评价 · My rating of a case',
          params: z.object({ caseId }),
          response: { 200: ratingView },
        },
      },
      async (req) => s.myRating(ctx(req), req.params.caseId),
    );

    app.get(
      '/ratings/rectifications',
      {
        schema: {
          tags: TAGS,
          summary: '差评整改工作台 · Rectification queue',
          description:
            'Rectifications of the departments where the actor holds `ratings.rectify`, and escalated ones in the ' +
            'region of a `ratings.escalations` grant. Open ones first, by deadline.',
          querystring: z.object({
            status: status.optional(),
            escalated: z.enum(['true', 'false']).optional(),
            page: z.coerce.number().int().min(1).max(1000).default(1),
            pageSize: z.coerce.number().int().min(1).max(100).default(20),
          }),
          response: {
            200: z.object({
              items: z.array(rectSummary),
              total: z.number().int(),
              page: z.number().int(),
              pageSize: z.number().int(),
            }),
          },
        },
      },
      async (req) =>
        s.listRectifications(req.actor, {
          status: req.query.status,
          escalated: req.query.escalated === undefined ? undefined : req.query.escalated === 'true',
          page: req.query.page,
          pageSize: req.query.pageSize,
        }),
    );

    app.get(
      '/ratings/rectifications/:id',
      {
        schema: {
          tags: TAGS,
          summary: '整改单详情 · Rectification',
          params: z.object({ id: z.string().max(64) }),
          response: { 200: rectDetail },
        },
      },
      async (req) => s.getRectification(ctx(req), req.params.id),
    );

    app.post(
      '/ratings/rectifications/:id/transitions',
      {
        schema: {
          tags: TAGS,
          summary: '整改操作 · Act on a rectification',
          description:
            '`verify` (open → verified), `unfounded` with a reason (open|verified → closed_unfounded, the applicant ' +
            'is told), `reply` with the text for the applicant (verified → rectified, the applicant is invited to ' +
            'rate again). `expectedVersion` guards against concurrent edits (409).',
          params: z.object({ id: z.string().max(64) }),
          body: z.object({
            action: z.enum(['verify', 'unfounded', 'reply']),
            text: z.string().max(2000).nullish(),
            expectedVersion: z.number().int().min(1),
          }),
          response: { 200: rectDetail },
        },
      },
      async (req) => s.transition(ctx(req), req.params.id, req.body),
    );

    app.get(
      '/ratings/stats',
      {
        schema: {
          tags: TAGS,
          summary: '好差评与办件统计 · Service statistics',
          description:
            'Public. Per item, department or city (`region`): volume (submitted item cases), online share, on-time ' +
            'share of concluded cases, average rating, rectification rate (closed / opened) and the share of bad ' +
            'ratings rectified. `from`/`to` filter on the submission date.',
          querystring: z.object({
            by: z.enum(['item', 'department', 'region']).default('department'),
            from: isoDate.optional(),
            to: isoDate.optional(),
          }),
          response: {
            200: z.object({
              by: z.enum(['item', 'department', 'region']),
              items: z.array(
                groupStats.extend({ key: z.string(), name: z.string(), nameEn: z.string().nullable() }),
              ),
              total: groupStats,
            }),
          },
        },
      },
      async (req) => s.stats.byGroup(req.query.by, { from: req.query.from, to: req.query.to }),
    );

    app.get(
      '/ratings/stats/items/:itemId',
      {
        schema: {
          tags: TAGS,
          summary:
            '事项减环节、减材料、减时限、减费用、减跑动 · Reductions of an item against the legal baseline',
          params: z.object({ itemId: z.string().regex(/^[A-Za-z0-9-]{1,40}$/) }),
          response: {
            200: z.object({
              itemId: z.string(),
              name: z.string(),
              volume: z.number().int(),
              concluded: z.number().int(),
              ratingCount: z.number().int(),
              averageScore: z.number().nullable(),
              steps: measure,
              materials: measure,
              days: measure.extend({ promised: z.number().nullable() }),
              fees: measure,
              visits: measure,
            }),
          },
        },
      },
      async (req) => s.stats.item(req.params.itemId),
    );

    app.get(
      '/ratings/settings',
      {
        schema: {
          tags: TAGS,
          summary: '好差评设置 · Rating settings',
          response: { 200: settings },
        },
      },
      async (req) => {
        requirePermission(req.actor, 'ratings.reasons.manage');
        return s.getSettings();
      },
    );

    app.put(
      '/ratings/settings',
      {
        schema: {
          tags: TAGS,
          summary: '修改好差评设置 · Change the rating settings',
          description:
            'Deadline of a rectification in working days from opening (default 15); window for the applicant to ' +
            'rate again after the reply (default 5).',
          body: z.object({
            deadlineWorkingDays: z.number().int().min(1).max(60),
            rerateWorkingDays: z.number().int().min(1).max(30),
          }),
          response: { 200: settings },
        },
      },
      async (req) => s.putSettings(ctx(req), req.body),
    );
  };
}
