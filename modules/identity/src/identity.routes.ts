import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_COOKIE, queryAudit, requireAccount, requirePermission, type AnyDb } from '@sufu/kernel';
import * as S from './identity.schemas.ts';
import { ROLES } from './roles.ts';
import {
  SESSION_COOKIE,
  ABSOLUTE_SESSION_SECONDS,
  type RequestMeta,
  type SessionService,
} from './session.service.ts';
import type { AccountService } from './account.service.ts';
import { actionName } from './actions.ts';

export type IdentityRouteDeps = {
  db: AnyDb;
  sessions: SessionService;
  accounts: AccountService;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
  departmentNames(ids: string[]): Promise<Map<string, string>>;
};

export const metaOf = (req: FastifyRequest): RequestMeta => ({
  ip: req.ip ?? null,
  userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
  requestId: String(req.id),
});

/** Routes under /api/v1: session (sign-in), me (self-service), admin (accounts). */
export function identityRoutes(deps: IdentityRouteDeps): FastifyPluginAsyncZod {
  const setSessionCookie = (reply: FastifyReply, token: string, maxAge: number) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.cookieSecure,
      maxAge,
    });
  const clearSessionCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' });
  const loginLimit = { rateLimit: { max: deps.loginRateLimitPerMinute, timeWindow: 60_000 } };

  return async (app) => {
    app.get(
      '/session',
      {
        schema: {
          tags: ['session'],
          summary: '当前会话 · Current session',
          response: { 200: S.sessionState },
        },
      },
      async (req) => {
        const csrfToken = req.cookies[CSRF_COOKIE] || undefined;
        const resolved = await deps.sessions.resolve(req.cookies[SESSION_COOKIE]);
        if (!resolved) return { authenticated: false as const, csrfToken };
        return { ...(await resolved.view()), csrfToken };
      },
    );

    app.post(
      '/session/login',
      {
        config: loginLimit,
        schema: {
          tags: ['session'],
          summary: '登录 · Sign in',
          body: S.loginBody,
          response: { 200: S.loginResponse },
        },
      },
      async (req, reply) => {
        const result = await deps.sessions.login(req.body.username, req.body.password, metaOf(req));
        if (result.status === 'authenticated') {
          setSessionCookie(reply, result.token, ABSOLUTE_SESSION_SECONDS);
          return { status: result.status, session: result.session };
        }
        setSessionCookie(reply, result.token, 300);
        if (result.status === 'totp_required') return { status: result.status };
        return { status: result.status, enrolment: result.enrolment };
      },
    );

    // The two second-factor steps: a code for an enrolled authenticator, or the first
    // code of one being enrolled. Both end the pending sign-in with a fresh session.
    const secondFactorSteps = [
      { url: '/session/totp', summary: '动态验证码 · Second factor', run: deps.sessions.verifySecondFactor },
      {
        url: '/session/totp/enrol',
        summary: '绑定认证器 · Enrol authenticator',
        run: deps.sessions.enrolSecondFactor,
      },
    ] as const;
    for (const step of secondFactorSteps) {
      app.post(
        step.url,
        {
          config: loginLimit,
          schema: {
            tags: ['session'],
            summary: step.summary,
            body: S.totpBody,
            response: { 200: S.authenticatedResponse },
          },
        },
        async (req, reply) => {
          const r = await step.run(req.cookies[SESSION_COOKIE], req.body.code, metaOf(req));
          setSessionCookie(reply, r.token, ABSOLUTE_SESSION_SECONDS);
          return { status: r.status, session: r.session };
        },
      );
    }

    app.post(
      '/session/logout',
      { schema: { tags: ['session'], summary: '退出登录 · Sign out', response: { 204: z.null() } } },
      async (req, reply) => {
        await deps.sessions.logout(req.cookies[SESSION_COOKIE], req.actor, metaOf(req));
        clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/me/password',
      {
        config: loginLimit,
        schema: {
          tags: ['me'],
          summary: '修改密码 · Change password',
          body: S.passwordBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        requireAccount(req.actor);
        await deps.sessions.changePassword(
          req.actor,
          req.body.currentPassword,
          req.body.newPassword,
          metaOf(req),
        );
        clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/profile',
      { schema: { tags: ['me'], summary: '我的账户 · My profile', response: { 200: S.profileResponse } } },
      async (req) => {
        requireAccount(req.actor);
        return deps.accounts.profile(req.actor, metaOf(req));
      },
    );

    app.get(
      '/me/sessions',
      {
        schema: {
          tags: ['me'],
          summary: '我的登录会话 · My sessions',
          response: { 200: S.sessionsResponse },
        },
      },
      async (req) => {
        requireAccount(req.actor);
        const items = await deps.sessions.listSessions(req.actor);
        return { items: items.map(({ _id: _ignored, ...rest }) => rest) };
      },
    );

    app.delete(
      '/me/sessions/:id',
      {
        schema: {
          tags: ['me'],
          summary: '下线会话 · End a session',
          params: S.sessionIdParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        requireAccount(req.actor);
        await deps.sessions.revokeSession(req.actor, req.params.id, metaOf(req));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/data-access',
      {
        schema: {
          tags: ['me'],
          summary: '我的数据被谁使用 · Who used my data',
          querystring: S.dataAccessQuery,
          response: { 200: S.dataAccessResponse },
        },
      },
      async (req) => {
        requireAccount(req.actor);
        const subject = await deps.accounts.subjectRefOf(req.actor.accountId!);
        if (!subject) return { items: [], nextCursor: null };
        const pageSize = 20;
        const rows = await queryAudit(deps.db, {
          subjectRef: subject,
          beforeId: req.query.cursor,
          limit: pageSize + 1,
        });
        const page = rows.slice(0, pageSize);
        const names = await deps.departmentNames(
          page.map((r) => r.departmentId).filter((d): d is string => !!d),
        );
        return {
          items: page.map((r) => ({
            id: r.id,
            at: r.at.toISOString(),
            actorDisplay: r.actorId === req.actor.accountId ? '本人' : r.actorDisplay,
            departmentName: r.departmentId ? (names.get(r.departmentId) ?? null) : null,
            action: r.action,
            actionName: actionName(r.action),
            purpose: r.purpose,
            outcome: r.outcome,
          })),
          nextCursor: rows.length > pageSize ? page[page.length - 1]!.id : null,
        };
      },
    );

    app.get(
      '/admin/roles',
      { schema: { tags: ['admin'], summary: '角色目录 · Roles', response: { 200: S.rolesCatalogResponse } } },
      async (req) => {
        requirePermission(req.actor, 'accounts.read');
        return {
          items: ROLES.map((r) => ({
            role: r.role,
            name: r.name,
            kind: r.kind,
            areas: r.areas,
            scope: r.scope,
          })),
        };
      },
    );

    app.get(
      '/admin/accounts',
      {
        schema: {
          tags: ['admin'],
          summary: '账户列表 · Accounts',
          querystring: S.accountsQuery,
          response: { 200: z.object({ items: z.array(S.accountView), total: z.number().int() }) },
        },
      },
      async (req) => deps.accounts.list(req.actor, req.query),
    );

    app.post(
      '/admin/accounts',
      {
        schema: {
          tags: ['admin'],
          summary: '创建工作人员账户 · Create a staff account',
          body: S.createAccountBody,
          response: { 201: S.accountView },
        },
      },
      async (req, reply) => {
        const created = await deps.accounts.create(req.actor, req.body, metaOf(req));
        return reply.status(201).send(created);
      },
    );

    app.put(
      '/admin/accounts/:id/roles',
      {
        schema: {
          tags: ['admin'],
          summary: '设置角色 · Set roles',
          params: S.accountIdParams,
          body: S.rolesBody,
          response: { 200: S.accountView },
        },
      },
      async (req) => deps.accounts.setRoles(req.actor, req.params.id, req.body.roles, metaOf(req)),
    );

    app.post(
      '/admin/accounts/:id/:change',
      {
        schema: {
          tags: ['admin'],
          summary: '解锁/停用/启用 · Unlock, disable, enable',
          params: S.accountStatusParams,
          response: { 200: S.accountView },
        },
      },
      async (req) => deps.accounts.setStatus(req.actor, req.params.id, req.params.change, metaOf(req)),
    );
  };
}
