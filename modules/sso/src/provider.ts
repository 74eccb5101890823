import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Account, AccountClaims, Client, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { Actor, AuditEntry } from '@sufu/kernel';
import { OIDC_SCOPES, SCOPE_CLAIMS, type ReleasableClaim } from './catalogue.ts';
import { createAdapterFactory } from './adapter.ts';
import type { ClientStore } from './clients.ts';
import type { LoadedKeys } from './keys.ts';
import { deriveKey, mac } from './seal.ts';
import { errorPage, loggedOutPage, logoutPage } from './pages.ts';
import { clientActor, personActor } from './actors.ts';
import type { ActingOrganisationHook, SsoIdentity } from './ports.ts';
import { registerTokenExchange } from './token-exchange.ts';
import type { AnyDb } from '@sufu/kernel';

/**
 * The OpenID provider: oidc-provider configured for the platform. Issuer = the public
 * URL; every model stored through the Kysely adapter; pairwise subjects per department;
 * PKCE required; zh-CN pages; login delegated to the platform's own session; RFC 8693
 * token exchange registered as an extra grant. Built again whenever the signing keys
 * change (state is in the database, so swapping the instance loses nothing).
 */
export type OidcModule = typeof import('oidc-provider');
export type { Provider };

let loading: Promise<OidcModule> | undefined;

/**
 * Loads oidc-provider once. It prints "Unsupported runtime" on Node 20 at import time
 * (it wants Node 22; it works on 20.19+, see docs/reference/stack.md §4): that one line is
 * filtered out while the module loads, every other warning passes.
 */
export function loadOidcProvider(): Promise<OidcModule> {
  loading ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
      warn(...args);
    };
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = warn;
    }
  })();
  return loading;
}

export const INTERACTION_PATH = '/oidc/interaction';

/** Endpoint paths (all under /oidc, discovery at the root as OpenID Discovery requires). */
export const OIDC_ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  jwks: '/oidc/jwks',
  userinfo: '/oidc/me',
  end_session: '/oidc/session/end',
  introspection: '/oidc/token/introspection',
  revocation: '/oidc/token/revocation',
  pushed_authorization_request: '/oidc/request',
  backchannel_authentication: '/oidc/backchannel',
  code_verification: '/oidc/device',
  device_authorization: '/oidc/device/auth',
  registration: '/oidc/reg',
  challenge: '/oidc/challenge',
  credential: '/oidc/credential',
} as const;

export const TTL = {
  AccessToken: 30 * 60,
  AuthorizationCode: 60,
  ClientCredentials: 30 * 60,
  IdToken: 60 * 60,
  Interaction: 30 * 60,
  // The platform's own session lasts at most 12 hours; SSO follows it.
  Session: 12 * 3600,
  Grant: 14 * 24 * 3600,
  RefreshToken: 14 * 24 * 3600,
  DeviceCode: 10 * 60,
  BackchannelAuthenticationRequest: 10 * 60,
} as const;

/** Writes an audit row; `req` (when known) supplies the request id and client IP. */
export type AuditSink = (req: IncomingMessage | undefined, actor: Actor, entry: AuditEntry) => Promise<void>;

export type ProviderDeps = {
  issuer: string;
  db: AnyDb;
  secretKey: Buffer;
  clients: ClientStore;
  identity: SsoIdentity;
  actingOrganisation: ActingOrganisationHook;
  apiScopes: ReadonlySet<string>;
  trustProxy: boolean;
  audit: AuditSink;
  log: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
};

export type BuiltProvider = {
  provider: Provider;
  /** The Koa request handler, for Fastify routes that hand a request over. */
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  fingerprint: string;
};

/** Facts oidc-provider keeps as extra client metadata (see clients.ts metadataOf). */
export function clientFacts(client: Client): {
  clientId: string;
  name: string;
  departmentId: string | null;
  scopes: string[];
  claims: Set<string>;
} {
  const m = client.metadata();
  const dept = m['department_id'];
  const claims = m['allowed_claims'];
  return {
    clientId: client.clientId,
    name: client.clientName ?? client.clientId,
    departmentId: typeof dept === 'string' ? dept : null,
    scopes: (client.scope ?? '').split(' ').filter(Boolean),
    claims: new Set(Array.isArray(claims) ? claims.filter((c): c is string => typeof c === 'string') : []),
  };
}

const ERROR_TEXT: Record<string, string> = {
  invalid_request: '登录请求的参数不正确，请返回原系统重新发起登录。',
  invalid_client: '发起登录的系统未登记或已停用，请联系该系统的管理部门。',
  invalid_redirect_uri: '登录完成后的返回地址未登记，请联系该系统的管理部门。',
  unauthorized_client: '该系统未被允许使用这种登录方式。',
  invalid_scope: '该系统申请的授权范围未获批准。',
  access_denied: '您已拒绝授权。',
  login_required: '请先登录苏服办。',
  consent_required: '需要您的授权确认。',
  server_error: '系统繁忙，请稍后再试。',
  temporarily_unavailable: '系统繁忙，请稍后再试。',
  invalid_grant: '登录凭据已失效，请重新登录。',
  session_not_found: '登录请求已过期，请返回原系统重新发起登录。',
};

/** The zh-CN sentence for an OAuth error code. */
export const errorText = (code: string | undefined): string =>
  (code && ERROR_TEXT[code]) || '登录请求无法完成，请返回原系统重新发起登录。';

export async function buildProvider(deps: ProviderDeps, keys: LoadedKeys): Promise<BuiltProvider> {
  const oidc = await loadOidcProvider();
  const { Check } = oidc.interactionPolicy;
  const pairwiseKey = deriveKey(deps.secretKey, 'pairwise');

  const findAccount: Configuration['findAccount'] = async (ctx, sub) => {
    const facts = await deps.identity.claimsFor(sub);
    if (!facts) return undefined;
    const account: Account = {
      accountId: sub,
      async claims(use, scope): Promise<AccountClaims> {
        const client = ctx.oidc.client;
        const allowed = client ? clientFacts(client).claims : new Set<string>();
        const mobile =
          facts.kind === 'person' && /^1[3-9]\d{9}$/.test(facts.username) ? facts.username : null;
        const values: Record<ReleasableClaim, unknown> = {
          name: facts.name,
          account_kind: facts.kind,
          region_code: facts.regionCode,
          real_name_level: facts.realNameLevel,
          acting_org: null,
          phone_number: mobile ? `+86${mobile}` : null,
          phone_number_verified: mobile ? facts.mobileVerified : null,
        };
        if (allowed.has('acting_org') && client) {
          const org = await deps.actingOrganisation(sub, client.clientId);
          values.acting_org = org ? { name: org.name, credit_code: org.creditCode } : null;
        }
        const out: AccountClaims = { sub };
        for (const [k, v] of Object.entries(values)) if (allowed.has(k)) out[k] = v;
        if (use === 'userinfo' && client) {
          const granted = Object.keys(out).filter((k) => k !== 'sub');
          await deps.audit(ctx.req, clientActor(clientFacts(client), sub), {
            action: 'sso.userinfo_read',
            resourceType: 'account',
            resourceId: sub,
            subjectRef: facts.personId,
            purpose: '统一身份认证',
            details: { scope, claims: granted },
          });
        }
        return out;
      },
    };
    return account;
  };

  const policy = oidc.interactionPolicy.base();
  // The provider's own session follows the platform session: when the person signed out
  // of the platform or another person signed in, a new sign-in is needed (or, with
  // prompt=none, the client gets login_required).
  policy.get('login')?.checks.add(
    new Check(
      'platform_session',
      'the platform session ended or belongs to someone else',
      'login_required',
      async (ctx) => {
        const { oidc: o } = ctx;
        if (!o.session?.accountId || o.result?.login) return Check.NO_NEED_TO_PROMPT;
        const current = await deps.identity.sessionFromCookieHeader(ctx.get('cookie') || undefined);
        return current?.accountId === o.session.accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
      },
    ),
  );

  const formTargets = (client: Client | undefined, extra: string[] = []) => {
    const origins = new Set<string>();
    for (const u of [...(client?.redirectUris ?? []), ...(client?.postLogoutRedirectUris ?? []), ...extra]) {
      try {
        origins.add(new URL(u).origin);
      } catch {
        /* not a URL: nothing to allow */
      }
    }
    return [...origins].join(' ');
  };
  const htmlCsp = (ctx: KoaContextWithOIDC, targets: string) =>
    ctx.set(
      'content-security-policy',
      `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self' ${targets}; frame-ancestors 'none'; base-uri 'none'`,
    );

  const configuration: Configuration = {
    adapter: createAdapterFactory(deps.db, deps.clients),
    jwks: keys.jwks as Configuration['jwks'],
    claims: { ...SCOPE_CLAIMS, acr: null, amr: null, sid: null, auth_time: null, iss: null },
    scopes: [...OIDC_SCOPES, ...deps.apiScopes],
    subjectTypes: ['public', 'pairwise'],
    // Pairwise per department, not per redirect host: two systems of one department see
    // the same subject, two departments never can join their users by `sub`.
    pairwiseIdentifier: (_ctx, accountId, client) =>
      mac(pairwiseKey, `${clientFacts(client).departmentId ?? client.clientId}\u0000${accountId}`),
    findAccount,
    responseTypes: ['code'],
    // Department systems are confidential clients with a registered secret.
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_basic',
      subject_type: 'pairwise',
    },
    extraClientMetadata: { properties: ['department_id', 'allowed_claims'] },
    cookies: {
      keys: [deriveKey(deps.secretKey, 'cookies').toString('base64url')],
      names: { session: 'sufu_sso', interaction: 'sufu_sso_interaction', resume: 'sufu_sso_resume' },
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    routes: OIDC_ROUTES,
    ttl: { ...TTL },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}`,
    },
    rotateRefreshToken: () => true,
    // Tokens made by the token-exchange grant carry their own `extra` (the acting client).
    extraTokenClaims: (_ctx, token) => token.extra ?? undefined,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // A department may only introspect its own tokens.
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          htmlCsp(
            ctx,
            formTargets(ctx.oidc.client, [String(ctx.oidc.params?.post_logout_redirect_uri ?? '')]),
          );
          ctx.type = 'html';
          ctx.body = logoutPage({ form, clientName: ctx.oidc.client?.clientName ?? null });
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage({ clientName: ctx.oidc.client?.clientName ?? null });
        },
      },
      backchannelLogout: { enabled: true },
      resourceIndicators: { enabled: false },
      userinfo: { enabled: true },
      claimsParameter: { enabled: false },
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage({ title: '无法完成登录', message: errorText(out.error), code: out.error });
    },
    // Back-channel logout goes to addresses an administrator registered, often on the
    // government intranet (10.x, 172.16.x): oidc-provider's block of private addresses
    // would stop them, and no other outbound request is possible (no dynamic registration,
    // no request_uri, no client jwks_uri).
    fetch: (url, options) => {
      const { dispatcher: _ignored, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(url, rest);
    },
    discovery: {
      ui_locales_supported: ['zh-CN', 'en'],
      claims_locales_supported: ['zh-CN'],
      service_documentation: `${deps.issuer}/docs`,
    },
  };

  const provider = new oidc.Provider(deps.issuer, configuration);
  provider.proxy = deps.trustProxy;
  registerTokenExchange(provider, oidc, deps);

  // Audit: sign-ins to a client, client-credential tokens, logouts, back-channel notices,
  // failed client authentication; log server errors.
  provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
    const accountId = ctx.oidc.session?.accountId;
    const client = ctx.oidc.client;
    if (!accountId || !client) return;
    void (async () => {
      const facts = await deps.identity.claimsFor(accountId);
      if (!facts) return;
      await deps.audit(
        ctx.req,
        personActor({ accountId, kind: facts.kind, name: facts.name, sessionId: null }),
        {
          action: 'sso.signed_in',
          resourceType: 'sso_client',
          resourceId: client.clientId,
          subjectRef: facts.personId,
          details: { clientId: client.clientId, scope: String(ctx.oidc.params?.scope ?? '') },
        },
      );
    })().catch((err: unknown) => deps.log.error({ err }, 'sso audit failed'));
  });
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const client = ctx.oidc.client;
    if (!client || ctx.oidc.params?.grant_type !== 'client_credentials') return;
    const facts = clientFacts(client);
    deps
      .audit(ctx.req, clientActor(facts, null), {
        action: 'sso.client_token_issued',
        resourceType: 'sso_client',
        resourceId: client.clientId,
        details: { scope: String(ctx.oidc.params?.scope ?? '') },
      })
      .catch((err: unknown) => deps.log.error({ err }, 'sso audit failed'));
  });
  provider.on('grant.error', (ctx: KoaContextWithOIDC, err: { error?: string }) => {
    if (err.error !== 'invalid_client') return;
    const clientId = String(ctx.oidc.params?.client_id ?? ctx.oidc.client?.clientId ?? '').slice(0, 64);
    deps
      .audit(
        ctx.req,
        clientActor({ clientId, name: clientId || 'unknown', departmentId: null, scopes: [] }, null),
        {
          action: 'sso.client_auth_failed',
          outcome: 'denied',
          resourceType: 'sso_client',
          resourceId: clientId || null,
        },
      )
      .catch((e: unknown) => deps.log.error({ err: e }, 'sso audit failed'));
  });
  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    const accountId = ctx.oidc.session?.accountId;
    if (!accountId) return;
    void (async () => {
      const facts = await deps.identity.claimsFor(accountId);
      await deps.audit(
        ctx.req,
        personActor({
          accountId,
          kind: facts?.kind ?? 'person',
          name: facts?.name ?? accountId,
          sessionId: null,
        }),
        {
          action: 'sso.logout',
          resourceType: 'account',
          resourceId: accountId,
          details: { clientId: ctx.oidc.client?.clientId ?? null },
        },
      );
    })().catch((err: unknown) => deps.log.error({ err }, 'sso audit failed'));
  });
  const backchannel =
    (outcome: 'success' | 'failure') =>
    (ctx: KoaContextWithOIDC | undefined, ...rest: unknown[]) => {
      const client = (outcome === 'success' ? rest[0] : rest[1]) as Client | undefined;
      const accountId = (outcome === 'success' ? rest[1] : rest[2]) as string | undefined;
      if (!client) return;
      deps
        .audit(ctx?.req, clientActor(clientFacts(client), accountId ?? null), {
          action: 'sso.backchannel_logout',
          outcome,
          resourceType: 'sso_client',
          resourceId: client.clientId,
        })
        .catch((err: unknown) => deps.log.error({ err }, 'sso audit failed'));
    };
  provider.on('backchannel.success', backchannel('success'));
  provider.on('backchannel.error', backchannel('failure'));
  provider.on('server_error', (_ctx: KoaContextWithOIDC, err: Error) =>
    deps.log.error({ err: { message: err.message, stack: err.stack } }, 'oidc provider error'),
  );

  const koa = provider.callback();
  return {
    provider,
    handle: async (req, res) => {
      await koa(req, res);
    },
    fingerprint: keys.fingerprint,
  };
}
