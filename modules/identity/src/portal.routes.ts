import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccount } from '@sufu/kernel';
import { sessionView } from './identity.schemas.ts';
import { metaOf } from './identity.routes.ts';
import { ABSOLUTE_SESSION_SECONDS, SESSION_COOKIE, type SessionService } from './session.service.ts';
import type { RegistrationService } from './registration.service.ts';
import type { OrganisationService } from './organisation.service.ts';
import type { VerificationService } from './verification.service.ts';

/**
 * Routes of the resident's own identity: registration, sign-in by SMS code, acting for
 * an organisation, enterprise authorisations, and the face-to-face (L3) verification.
 */
const mobile = z.string().trim().min(11).max(20);
const authorisation = z.object({
  id: z.string(),
  organisation: z.object({ id: z.string(), name: z.string(), creditCode: z.string() }),
  role: z.enum(['legal_rep', 'agent']),
  agent: z.object({ accountId: z.string(), name: z.string(), idNumberMasked: z.string().nullable() }),
  scopeAll: z.boolean(),
  services: z.array(z.string()),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked', 'not_yet_valid']),
  revokedAt: z.string().nullable(),
});
const codeSent = z.object({ expiresInSeconds: z.number(), resendAfterSeconds: z.number() });
const authenticated = z.object({ status: z.literal('authenticated'), session: sessionView });
const uuidParam = z.string().uuid();

export function portalRoutes(deps: {
  sessions: SessionService;
  registration: RegistrationService;
  organisations: OrganisationService;
  verification: VerificationService;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
}): FastifyPluginAsyncZod {
  const limit = { rateLimit: { max: deps.loginRateLimitPerMinute, timeWindow: 60_000 } };
  const setSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.cookieSecure,
      maxAge: ABSOLUTE_SESSION_SECONDS,
    });

  return async (app) => {
    app.post(
      '/registration/code',
      {
        config: limit,
        schema: {
          tags: ['registration'],
          summary: '获取注册短信验证码 · SMS code for registration',
          body: z.object({ mobile }),
          response: { 200: codeSent },
        },
      },
      async (req) => deps.registration.requestCode('register', req.body.mobile),
    );

    app.post(
      '/registration',
      {
        config: limit,
        schema: {
          tags: ['registration'],
          summary: '实名注册 · Real-name registration',
          body: z.object({
            name: z.string().trim().min(2).max(30),
            idNumber: z.string().trim().min(15).max(18),
            mobile,
            code: z.string().trim().max(6),
            password: z.string().min(1).max(128),
          }),
          response: { 201: authenticated },
        },
      },
      async (req, reply) => {
        const r = await deps.registration.register(req.body, metaOf(req));
        if (r.status !== 'authenticated') throw new Error('unexpected second factor for a resident');
        setSession(reply, r.token);
        return reply.status(201).send({ status: r.status, session: r.session });
      },
    );

    app.post(
      '/session/sms-code',
      {
        config: limit,
        schema: {
          tags: ['session'],
          summary: '获取登录短信验证码 · SMS code for sign-in',
          body: z.object({ mobile }),
          response: { 200: codeSent },
        },
      },
      async (req) => deps.registration.requestCode('login', req.body.mobile),
    );

    app.post(
      '/session/sms-login',
      {
        config: limit,
        schema: {
          tags: ['session'],
          summary: '短信验证码登录 · Sign in with an SMS code',
          body: z.object({ mobile, code: z.string().trim().max(6) }),
          response: { 200: authenticated },
        },
      },
      async (req, reply) => {
        const r = await deps.registration.loginWithCode(req.body.mobile, req.body.code, metaOf(req));
        if (r.status !== 'authenticated') throw new Error('unexpected second factor for a resident');
        setSession(reply, r.token);
        return { status: r.status, session: r.session };
      },
    );

    app.put(
      '/session/acting',
      {
        schema: {
          tags: ['session'],
          summary: '切换办事主体 · Act for an organisation, or as yourself',
          body: z.object({ organisationId: z.string().uuid().nullable() }),
          response: { 200: sessionView },
        },
      },
      async (req) => {
        requireAccount(req.actor);
        return deps.sessions.setActing(req.actor, req.body.organisationId, metaOf(req));
      },
    );

    app.get(
      '/me/organisations',
      {
        schema: {
          tags: ['organisations'],
          summary: '我的单位授权 · My organisations and authorisations',
          response: { 200: z.object({ items: z.array(authorisation) }) },
        },
      },
      async (req) => ({
        items: await deps.organisations.mine(req.actor),
      }),
    );

    app.post(
      '/organisations/claim',
      {
        schema: {
          tags: ['organisations'],
          summary: '法定代表人认领单位 · Claim an organisation as its legal representative',
          body: z.object({ creditCode: z.string().trim().min(18).max(18) }),
          response: { 201: authorisation },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await deps.organisations.claim(req.actor, req.body.creditCode, metaOf(req))),
    );

    app.get(
      '/organisations/:organisationId/agents',
      {
        schema: {
          tags: ['organisations'],
          summary: '经办人授权列表 · Agents of an organisation',
          params: z.object({ organisationId: uuidParam }),
          response: { 200: z.object({ items: z.array(authorisation) }) },
        },
      },
      async (req) => ({
        items: await deps.organisations.agents(req.actor, req.params.organisationId),
      }),
    );

    app.post(
      '/organisations/:organisationId/agents',
      {
        schema: {
          tags: ['organisations'],
          summary: '授权经办人 · Authorise an agent',
          params: z.object({ organisationId: uuidParam }),
          body: z
            .object({
              name: z.string().trim().min(2).max(30),
              idNumber: z.string().trim().min(18).max(18),
              scopeAll: z.boolean(),
              services: z.array(z.string().trim().min(1).max(40)).max(100).default([]),
              validUntil: z.coerce.date().nullable(),
            })
            .refine((b) => b.scopeAll || b.services.length > 0, {
              message: 'choose all services or at least one',
              path: ['services'],
            }),
          response: { 201: authorisation },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await deps.organisations.grant(req.actor, req.params.organisationId, req.body, metaOf(req))),
    );

    app.delete(
      '/organisations/:organisationId/agents/:authorisationId',
      {
        schema: {
          tags: ['organisations'],
          summary: '撤销经办人授权 · Revoke an agent',
          params: z.object({ organisationId: uuidParam, authorisationId: uuidParam }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await deps.organisations.revoke(
          req.actor,
          req.params.organisationId,
          req.params.authorisationId,
          metaOf(req),
        );
        return reply.status(204).send(null);
      },
    );

    const verificationItem = z.object({
      id: z.string(),
      status: z.enum(['pending', 'approved', 'rejected', 'cancelled']),
      requestedAt: z.string(),
      decidedAt: z.string().nullable(),
      note: z.string().nullable(),
    });
    app.get(
      '/me/verification',
      {
        schema: {
          tags: ['verification'],
          summary: '我的窗口实名核验 · My L3 verification requests',
          response: { 200: z.object({ items: z.array(verificationItem) }) },
        },
      },
      async (req) => ({ items: await deps.verification.mine(req.actor) }),
    );

    app.post(
      '/me/verification',
      {
        schema: {
          tags: ['verification'],
          summary: '申请窗口实名核验 · Ask for face-to-face verification (L3)',
          response: {
            201: z.object({
              id: z.string(),
              status: z.literal('pending'),
              requestedAt: z.string(),
              regionName: z.string().nullable(),
            }),
          },
        },
      },
      async (req, reply) => reply.status(201).send(await deps.verification.request(req.actor, metaOf(req))),
    );

    app.get(
      '/identity/verification-queue',
      {
        schema: {
          tags: ['verification'],
          summary: '窗口实名核验队列 · Counter queue for L3 verification',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  requestedAt: z.string(),
                  regionCode: z.string(),
                  regionName: z.string().nullable(),
                  name: z.string(),
                  idNumberMasked: z.string(),
                  realNameLevel: z.enum(['L1', 'L2', 'L3']).nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => ({ items: await deps.verification.queue(req.actor, metaOf(req)) }),
    );

    app.post(
      '/identity/verification-queue/:id/decision',
      {
        schema: {
          tags: ['verification'],
          summary: '核验决定 · Decide a verification',
          params: z.object({ id: uuidParam }),
          body: z.object({
            decision: z.enum(['approve', 'reject']),
            idNumber: z.string().trim().max(18).optional(),
            note: z.string().trim().max(200).optional(),
          }),
          response: { 200: z.object({ id: z.string(), status: z.enum(['approved', 'rejected']) }) },
        },
      },
      async (req) => deps.verification.decide(req.actor, req.params.id, req.body, metaOf(req)),
    );
  };
}
