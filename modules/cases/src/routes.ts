import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CommonErrors, requirePermission, type Actor } from '@sufu/kernel';
import * as S from './schemas.ts';
import type { CasesService, RequestInfo } from './cases.service.ts';
import type { Handling } from './handling.ts';
import type { Views } from './views.ts';
import { MAX_FILE_BYTES } from './files.ts';
import { CaseErrors } from './errors.ts';

const info = (req: FastifyRequest): RequestInfo => ({ requestId: String(req.id), ip: req.ip ?? null });
const TAGS = ['cases'];
const UPLOAD_TYPES = [
  'application/pdf',
  'application/ofd',
  'image/jpeg',
  'image/png',
  'application/octet-stream',
];
const idempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/, 'Idempotency-Key');

function requireResident(actor: Actor) {
  if (actor.kind === 'anonymous') throw CommonErrors.unauthenticated();
  if (actor.kind !== 'person' || !actor.accountId) throw CommonErrors.forbidden();
}

export function casesRoutes(svc: CasesService, h: Handling, v: Views): FastifyPluginAsyncZod {
  /** A raw-body upload to a draft, or to a case answering a correction notice. */
  async function uploadTo(
    req: FastifyRequest,
    query: { material: string; name: string },
    target: { draftId: string } | { caseId: string },
  ) {
    requireResident(req.actor);
    if (!Buffer.isBuffer(req.body)) throw CaseErrors.fileTypeUnsupported();
    return v.upload(
      req.actor,
      info(req),
      target,
      query.material,
      query.name,
      req.body,
      req.headers['content-type'],
    );
  }

  return async (app) => {
    // Uploads arrive as the raw file body; the content decides the type (see files.ts).
    app.addContentTypeParser(
      UPLOAD_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES + 1 },
      (_req, body, done) => done(null, body),
    );

    app.get(
      '/cases/prefill',
      {
        schema: {
          tags: TAGS,
          summary: '申请预填与免提交材料 · Prefill and exempted materials',
          querystring: S.prefillQuery,
          response: { 200: S.prefillView },
        },
      },
      async (req) => {
        requireResident(req.actor);
        return svc.prefill(req.actor, info(req), req.query);
      },
    );

    app.post(
      '/cases/drafts',
      {
        schema: {
          tags: TAGS,
          summary: '新建申请草稿 · Start a draft',
          body: S.draftCreate,
          response: { 201: S.draftView },
        },
      },
      async (req, reply) => {
        requireResident(req.actor);
        return reply.status(201).send(await v.createDraft(req.actor, info(req), req.body));
      },
    );
    app.get(
      '/cases/drafts',
      {
        schema: {
          tags: TAGS,
          summary: '我的草稿 · My drafts',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  itemId: z.string().nullable(),
                  bundleId: z.string().nullable(),
                  updatedAt: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        requireResident(req.actor);
        return v.myDrafts(req.actor);
      },
    );
    app.get(
      '/cases/drafts/:id',
      {
        schema: {
          tags: TAGS,
          summary: '草稿详情 · A draft',
          params: S.uuidParam,
          response: { 200: S.draftView },
        },
      },
      async (req) => {
        requireResident(req.actor);
        return v.draftView(req.actor, info(req), req.params.id);
      },
    );
    app.put(
      '/cases/drafts/:id',
      {
        schema: {
          tags: TAGS,
          summary: '保存草稿 · Save a draft',
          params: S.uuidParam,
          body: z.object({ form: S.formData }),
          response: { 200: z.object({ id: z.string(), updatedAt: z.string() }) },
        },
      },
      async (req) => {
        requireResident(req.actor);
        return v.saveDraft(req.actor, info(req), req.params.id, req.body.form);
      },
    );
    app.delete(
      '/cases/drafts/:id',
      {
        schema: {
          tags: TAGS,
          summary: '删除草稿 · Delete a draft',
          params: S.uuidParam,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        requireResident(req.actor);
        await v.deleteDraft(req.actor, info(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/cases/drafts/:id/files',
      {
        bodyLimit: MAX_FILE_BYTES + 1,
        schema: {
          tags: TAGS,
          summary: '上传材料（PDF/OFD/JPEG/PNG，≤10 MB） · Upload a material',
          params: S.uuidParam,
          querystring: S.uploadQuery,
          response: { 201: S.fileView },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await uploadTo(req, req.query, { draftId: req.params.id })),
    );

    app.delete(
      '/cases/drafts/:id/files/:fileId',
      {
        schema: {
          tags: TAGS,
          summary: '删除草稿中的材料 · Remove a file from a draft',
          params: z.object({ id: z.string().uuid(), fileId: z.string().uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        requireResident(req.actor);
        await v.removeDraftFile(req.actor, info(req), req.params.id, req.params.fileId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/cases',
      {
        schema: {
          tags: TAGS,
          summary: '提交申请（支持 Idempotency-Key） · Submit an application',
          body: S.submitBody,
          headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
          response: { 200: S.receipt, 201: S.receipt },
        },
      },
      async (req, reply) => {
        requireResident(req.actor);
        const r = await svc.submit(req.actor, info(req), req.body, {
          idempotencyKey: req.headers['idempotency-key'],
        });
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(r.replayed ? 200 : 201).send(r.receipt);
      },
    );

    app.post(
      '/cases/counter-intake',
      {
        schema: {
          tags: TAGS,
          summary: '窗口收件 · Counter intake for a walk-in applicant',
          body: S.counterIntakeBody,
          headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
          response: { 200: S.receipt, 201: S.receipt },
        },
      },
      async (req, reply) => {
        requirePermission(req.actor, 'cases.intake');
        const region = h.grants(req.actor, 'cases.intake').find((g) => g.regionCode)?.regionCode;
        const record = await svc.deps.shared.personByIdNumber(req.body.idNumber.toUpperCase());
        if (!record || record.holder.name !== req.body.name) throw CaseErrors.applicantUnknown();
        const r = await svc.submit(
          req.actor,
          info(req),
          {
            itemId: req.body.itemId,
            bundleId: req.body.bundleId,
            form: req.body.form,
            consent: true,
            regionCode:
              region && /^\d{6}$/.test(region) && region !== '320000' ? region : record.holder.regionCode,
          },
          { idempotencyKey: req.headers['idempotency-key'], counter: { record } },
        );
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(r.replayed ? 200 : 201).send(r.receipt);
      },
    );

    app.get(
      '/me/cases',
      {
        schema: {
          tags: TAGS,
          summary: '我的办件 · My applications',
          querystring: S.myCasesQuery,
          response: { 200: S.page(S.caseSummary) },
        },
      },
      async (req) => v.myCases(req.actor, req.query),
    );
    app.get(
      '/me/cases/:id',
      {
        schema: {
          tags: TAGS,
          summary: '我的办件详情 · My application',
          params: S.uuidParam,
          response: { 200: S.caseDetail },
        },
      },
      async (req) => v.myCase(req.actor, req.params.id),
    );
    app.post(
      '/me/cases/:id/correction',
      {
        schema: {
          tags: TAGS,
          summary: '提交补正 · Answer a correction notice',
          params: S.uuidParam,
          body: z.object({ note: z.string().max(2000).optional(), form: S.formData.optional() }),
          response: { 200: S.transitionResult },
        },
      },
      async (req) => h.answerCorrection(req.actor, info(req), req.params.id, req.body),
    );
    app.post(
      '/me/cases/:id/files',
      {
        bodyLimit: MAX_FILE_BYTES + 1,
        schema: {
          tags: TAGS,
          summary: '补正材料上传 · Upload a material for a correction',
          params: S.uuidParam,
          querystring: S.uploadQuery,
          response: { 201: S.fileView },
        },
      },
      async (req, reply) => reply.status(201).send(await uploadTo(req, req.query, { caseId: req.params.id })),
    );
    app.get(
      '/me/cases/:id/files/:fileId',
      {
        schema: {
          tags: TAGS,
          summary: '下载我的材料 · Download my material',
          params: z.object({ id: z.string().uuid(), fileId: z.string().uuid() }),
        },
      },
      async (req, reply) => {
        const f = await v.file(req.actor, info(req), req.params.id, req.params.fileId, 'applicant');
        return sendFile(reply, f);
      },
    );

    // ---------------------------------------------------------------- workbench
    app.get(
      '/cases/queue',
      {
        schema: {
          tags: TAGS,
          summary: '办件队列 · Case queue',
          querystring: S.queueQuery,
          response: { 200: S.page(S.caseSummary) },
        },
      },
      async (req) => v.queue(req.actor, req.query),
    );
    app.get(
      '/cases/:id',
      {
        schema: {
          tags: TAGS,
          summary: '办件详情 · Case detail',
          params: S.uuidParam,
          response: { 200: S.staffCaseDetail },
        },
      },
      async (req) => v.staffDetail(req.actor, info(req), req.params.id),
    );
    app.get(
      '/cases/:id/files/:fileId',
      {
        schema: {
          tags: TAGS,
          summary: '查看材料 · View a material',
          params: z.object({ id: z.string().uuid(), fileId: z.string().uuid() }),
        },
      },
      async (req, reply) => {
        const f = await v.file(req.actor, info(req), req.params.id, req.params.fileId, 'staff');
        return sendFile(reply, f);
      },
    );
    app.post(
      '/cases/:id/transitions',
      {
        schema: {
          tags: TAGS,
          summary: '受理、补正、审查、决定、送达 · Handle a case',
          params: S.uuidParam,
          body: S.transitionBody,
          response: { 200: S.transitionResult },
        },
      },
      async (req) => h.transition(req.actor, info(req), req.params.id, req.body),
    );
  };
}

function sendFile(
  reply: import('fastify').FastifyReply,
  f: { name: string; media_type: string; content: Buffer; sm3: string },
) {
  return (
    reply
      .header('content-type', f.media_type)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`)
      .header('x-content-sm3', f.sm3)
      .header('cache-control', 'private, no-store')
      // The workbench previews PDFs in a frame of its own page; nothing else may frame them.
      .header('x-frame-options', 'SAMEORIGIN')
      .header(
        'content-security-policy',
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
      )
      .send(f.content)
  );
}
