import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import type { Interaction } from 'oidc-provider';
import { z } from 'zod';
import type { BuiltProvider } from './provider.ts';
import { clientFacts, errorText, INTERACTION_PATH, OIDC_ROUTES } from './provider.ts';
import { consentPage, errorPage, STYLESHEET, STYLESHEET_PATH, type ConsentItem } from './pages.ts';
import { CLAIM_LABELS, SCOPE_CLAIMS, type OidcScope } from './catalogue.ts';
import { mac } from './seal.ts';
import { personActor } from './actors.ts';
import { requestMeta, type SsoDepartments, type SsoIdentity } from './ports.ts';
import type { AuditSink } from './provider.ts';
import type { Localized } from '@sufu/kernel';

/**
 * The browser-facing side of single sign-on, mounted at the root of the platform:
 * - oidc-provider's endpoints (discovery, /oidc/auth, /oidc/token, …) as Fastify routes
 *   that hand the raw request to the provider's Koa handler. They sit in their own plugin
 *   whose only content-type parser leaves the body unread, so oidc-provider parses its
 *   own bodies; being real routes, they get the kernel's request ids, per-IP rate limits
 *   (a stricter one for sign-in and credential endpoints) and logs.
 * - the interaction pages: sign-in is the platform's own (the browser goes to
 *   /login?next=…), consent is a server-rendered zh-CN page.
 *
 * CSRF on the consent form: the form carries a token HMAC-SM3(secret, interaction uid,
 * platform session id). It can only be produced by this server for this interaction and
 * this signed-in person, and is checked on POST together with the interaction cookie
 * (SameSite=Lax, path-bound to the interaction, so a cross-site POST does not carry it).
 * Either alone would stop a cross-site form post; together they also stop a page that
 * learned an interaction id from posting a consent in another person's name.
 */
export type SsoHttpDeps = {
  getProvider: () => Promise<BuiltProvider>;
  identity: SsoIdentity;
  departments: SsoDepartments;
  apiScopeLabels: ReadonlyMap<string, Localized>;
  csrfKey: Buffer;
  audit: AuditSink;
  /** Per-IP limits per minute: sign-in pages and endpoints, and client-credential endpoints. */
  interactiveLimitPerMinute: number;
  credentialLimitPerMinute: number;
};

const PAGE_CSP = (formTargets: string) =>
  `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self' ${formTargets}; frame-ancestors 'none'; base-uri 'none'`;
/** oidc-provider's own responses (JSON, and a few HTML pages it renders itself). */
const PASS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";
const SKIP_HEADERS = new Set(['content-security-policy', 'set-cookie', 'content-type', 'content-length']);

function sameText(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

const uidParams = z.object({ uid: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });
const consentBody = z.object({
  csrf: z.string().min(10).max(100),
  decision: z.enum(['allow', 'deny']),
});

function sendPage(reply: FastifyReply, status: number, html: string, formTargets = '') {
  return reply
    .status(status)
    .header('content-security-policy', PAGE_CSP(formTargets))
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

const expired = (reply: FastifyReply) =>
  sendPage(
    reply,
    400,
    errorPage({
      title: '登录请求已过期',
      message: errorText('session_not_found'),
      code: 'session_not_found',
    }),
  );

export function ssoHttp(deps: SsoHttpDeps) {
  const interactive = { rateLimit: { max: deps.interactiveLimitPerMinute, timeWindow: 60_000 } };
  const credential = { rateLimit: { max: deps.credentialLimitPerMinute, timeWindow: 60_000 } };

  const csrfFor = (uid: string, platformSessionId: string) =>
    mac(deps.csrfKey, `consent\u0000${uid}\u0000${platformSessionId}`);

  const remember = (req: FastifyRequest) =>
    requestMeta.set(req.raw, { requestId: String(req.id), ip: req.ip ?? 'unknown' });

  async function details(req: FastifyRequest, reply: FastifyReply, uid: string) {
    const { provider } = await deps.getProvider();
    try {
      const d: Interaction = await provider.interactionDetails(req.raw, reply.raw);
      return d.uid === uid ? d : null;
    } catch {
      return null;
    }
  }

  const loginRedirect = (reply: FastifyReply, uid: string) =>
    reply.redirect(`/login?next=${encodeURIComponent(`${INTERACTION_PATH}/${uid}`)}`, 303);

  async function consentItems(provider: BuiltProvider['provider'], d: Interaction) {
    const client = await provider.Client.find(String(d.params.client_id ?? ''));
    if (!client) return null;
    const facts = clientFacts(client);
    const promptDetails = d.prompt.details as { missingOIDCScope?: string[] };
    const missing = promptDetails.missingOIDCScope ?? [];
    const claims: ConsentItem[] = [{ label: CLAIM_LABELS.sub['zh-CN'] }];
    const seen = new Set<string>(['sub']);
    for (const scope of missing) {
      const scopeClaims = SCOPE_CLAIMS[scope as Exclude<OidcScope, 'offline_access'>] ?? [];
      for (const c of scopeClaims)
        if (facts.claims.has(c) && !seen.has(c)) {
          seen.add(c);
          claims.push({ label: CLAIM_LABELS[c as keyof typeof CLAIM_LABELS]['zh-CN'] });
        }
    }
    const apiScopes: ConsentItem[] = missing
      .filter((s) => deps.apiScopeLabels.has(s))
      .map((s) => ({ label: deps.apiScopeLabels.get(s)!['zh-CN'] }));
    return { client, facts, claims, apiScopes, offline: missing.includes('offline_access') };
  }

  return async function ssoHttpPlugin(app: FastifyInstance) {
    // Pages and the consent form (url-encoded body).
    await app.register(async (ui) => {
      await ui.register(formbody, { bodyLimit: 4096 });

      ui.get(STYLESHEET_PATH, { schema: { hide: true } }, async (_req, reply) =>
        reply
          .type('text/css; charset=utf-8')
          .header('cache-control', 'public, max-age=3600')
          .send(STYLESHEET),
      );

      ui.get(
        `${INTERACTION_PATH}/:uid`,
        { schema: { hide: true }, config: interactive },
        async (req, reply) => {
          const params = uidParams.safeParse(req.params);
          if (!params.success) return expired(reply);
          const uid = params.data.uid;
          const d = await details(req, reply, uid);
          if (!d) return expired(reply);
          const platform = await deps.identity.sessionFromCookieHeader(req.headers.cookie);
          if (!platform) return loginRedirect(reply, uid);
          const built = await deps.getProvider();
          remember(req);

          if (
            d.prompt.name === 'login' ||
            (d.session?.accountId && d.session.accountId !== platform.accountId)
          ) {
            // Signed in to the platform: that is the sign-in (amr records the factors used).
            const to = await built.provider.interactionResult(
              req.raw,
              reply.raw,
              {
                login: {
                  accountId: platform.accountId,
                  amr: platform.kind === 'staff' ? ['pwd', 'otp'] : ['pwd'],
                  remember: false,
                },
              },
              { mergeWithLastSubmission: false },
            );
            return reply.redirect(to, 303);
          }
          if (d.prompt.name !== 'consent')
            return sendPage(reply, 400, errorPage({ title: '无法完成登录', message: errorText(undefined) }));

          const items = await consentItems(built.provider, d);
          if (!items)
            return sendPage(
              reply,
              400,
              errorPage({
                title: '无法完成登录',
                message: errorText('invalid_client'),
                code: 'invalid_client',
              }),
            );
          const [account, depts] = await Promise.all([
            deps.identity.claimsFor(platform.accountId),
            items.facts.departmentId
              ? deps.departments([items.facts.departmentId])
              : Promise.resolve(new Map()),
          ]);
          const targets = [...new Set((items.client.redirectUris ?? []).map((u) => new URL(u).origin))].join(
            ' ',
          );
          return sendPage(
            reply,
            200,
            consentPage({
              clientName: items.facts.name,
              departmentName: items.facts.departmentId
                ? (depts.get(items.facts.departmentId)?.name ?? null)
                : null,
              accountName: account?.name ?? '',
              action: `${INTERACTION_PATH}/${uid}/confirm`,
              csrfToken: csrfFor(uid, platform.sessionId),
              claims: items.claims,
              apiScopes: items.apiScopes,
              offlineAccess: items.offline,
            }),
            targets,
          );
        },
      );

      ui.post(
        `${INTERACTION_PATH}/:uid/confirm`,
        { schema: { hide: true }, config: interactive },
        async (req, reply) => {
          const params = uidParams.safeParse(req.params);
          const body = consentBody.safeParse(req.body);
          if (!params.success) return expired(reply);
          const uid = params.data.uid;
          const d = await details(req, reply, uid);
          if (!d || d.prompt.name !== 'consent') return expired(reply);
          const platform = await deps.identity.sessionFromCookieHeader(req.headers.cookie);
          if (!platform || platform.accountId !== d.session?.accountId) return loginRedirect(reply, uid);
          if (!body.success || !sameText(body.data.csrf, csrfFor(uid, platform.sessionId)))
            return sendPage(
              reply,
              403,
              errorPage({ title: '页面已失效', message: '请返回原系统重新发起登录。', code: 'csrf' }),
            );
          remember(req);
          const { provider } = await deps.getProvider();
          const items = await consentItems(provider, d);
          if (!items) return expired(reply);
          const account = await deps.identity.claimsFor(platform.accountId);
          const actor = personActor({
            accountId: platform.accountId,
            kind: platform.kind,
            name: account?.name ?? platform.accountId,
            sessionId: platform.sessionId,
          });
          const promptDetails = d.prompt.details as {
            missingOIDCScope?: string[];
            missingOIDCClaims?: string[];
          };
          const scopes = promptDetails.missingOIDCScope ?? [];

          if (body.data.decision === 'deny') {
            await deps.audit(req.raw, actor, {
              action: 'sso.consent_denied',
              resourceType: 'sso_client',
              resourceId: items.facts.clientId,
              subjectRef: account?.personId ?? null,
              details: { clientId: items.facts.clientId, scope: scopes.join(' ') },
            });
            const to = await provider.interactionResult(
              req.raw,
              reply.raw,
              { error: 'access_denied', error_description: 'End-User denied the request' },
              { mergeWithLastSubmission: false },
            );
            return reply.redirect(to, 303);
          }

          const grant = d.grantId
            ? ((await provider.Grant.find(d.grantId)) ??
              new provider.Grant({ accountId: platform.accountId, clientId: items.facts.clientId }))
            : new provider.Grant({ accountId: platform.accountId, clientId: items.facts.clientId });
          if (scopes.length) grant.addOIDCScope(scopes.join(' '));
          const claims = (promptDetails.missingOIDCClaims ?? []).filter((c) => items.facts.claims.has(c));
          if (claims.length) grant.addOIDCClaims(claims);
          const grantId = await grant.save();
          await deps.audit(req.raw, actor, {
            action: 'sso.consent_granted',
            resourceType: 'sso_client',
            resourceId: items.facts.clientId,
            subjectRef: account?.personId ?? null,
            details: { clientId: items.facts.clientId, scope: scopes.join(' ') },
          });
          const to = await provider.interactionResult(
            req.raw,
            reply.raw,
            { consent: { grantId } },
            { mergeWithLastSubmission: true },
          );
          return reply.redirect(to, 303);
        },
      );
    });

    // oidc-provider's endpoints: the raw request goes to its Koa handler untouched.
    await app.register(async (op) => {
      op.removeAllContentTypeParsers();
      op.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

      const handOver = async (req: FastifyRequest, reply: FastifyReply) => {
        const built = await deps.getProvider();
        remember(req);
        // Keep the kernel's headers (request id, security headers) on the raw response,
        // with a CSP that lets the provider's own pages post to the client.
        for (const [k, v] of Object.entries(reply.getHeaders()))
          if (v !== undefined && !SKIP_HEADERS.has(k.toLowerCase())) reply.raw.setHeader(k, v);
        reply.raw.setHeader('content-security-policy', PASS_CSP);
        reply.hijack();
        await built.handle(req.raw, reply.raw);
      };
      // HEAD comes with GET (Fastify exposes HEAD routes for GET routes).
      const methods = ['GET', 'POST', 'OPTIONS'] as const;
      const route = (url: string, config?: typeof interactive) =>
        op.route({
          method: [...methods],
          url,
          schema: { hide: true },
          ...(config ? { config } : {}),
          handler: handOver,
        });

      route('/.well-known/openid-configuration');
      route('/.well-known/oauth-authorization-server');
      route(OIDC_ROUTES.authorization, interactive);
      route(`${OIDC_ROUTES.authorization}/*`, interactive);
      route(OIDC_ROUTES.end_session, interactive);
      route(`${OIDC_ROUTES.end_session}/*`, interactive);
      route(OIDC_ROUTES.token, credential);
      route(OIDC_ROUTES.introspection, credential);
      route(OIDC_ROUTES.revocation, credential);
      route(OIDC_ROUTES.pushed_authorization_request, credential);
      route('/oidc/*');
    });
  };
}
