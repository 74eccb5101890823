import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import {
  anonymousActor,
  recordAudit,
  systemActor,
  type Actor,
  type AnyDb,
  type Localized,
} from '@sufu/kernel';
import type { SsoTables } from './sso.tables.ts';
import { createSealer, deriveKey, mac } from './seal.ts';
import { createClientStore, type ClientMetadata } from './clients.ts';
import { createKeyManager, type KeyPolicy } from './keys.ts';
import { buildProvider, type AuditSink, type BuiltProvider } from './provider.ts';
import { sweepExpired } from './adapter.ts';
import { ssoHttp } from './http.ts';
import { ssoRoutes } from './admin.routes.ts';
import { clientActor } from './actors.ts';
import { DEFAULT_API_SCOPES, TOKEN_EXCHANGE_GRANT } from './catalogue.ts';
import { DEMO_CLIENTS } from './demo.ts';
import { SsoErrors } from './sso.errors.ts';
import {
  noActingOrganisation,
  requestMeta,
  type ActingOrganisationHook,
  type ApiScopeCatalogue,
  type SsoDepartments,
  type SsoIdentity,
  type SsoRegionScope,
} from './ports.ts';

export type SsoDeps = {
  db: AnyDb;
  secretKey: Buffer;
  /** The platform's public URL: the issuer, so discovery is at /.well-known/openid-configuration. */
  publicUrl: string;
  identity: SsoIdentity;
  departments: SsoDepartments;
  scope: SsoRegionScope;
  loginRateLimitPerMinute: number;
  /** The `acting_org` claim; defaults to "acts for no organisation" until identity knows agents. */
  actingOrganisation?: ActingOrganisationHook;
  /** Platform API scopes beyond the defaults (catalogue.ts), with their consent-page labels. */
  apiScopes?: ApiScopeCatalogue;
  keyPolicy?: Partial<KeyPolicy>;
  /** How often each process re-reads the signing keys and sweeps expired state. */
  refreshIntervalMs?: number;
};

type Log = { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
const quiet: Log = { error: () => undefined, warn: () => undefined };

/**
 * Single sign-on (统一身份认证): an OpenID provider for department systems over the
 * platform's own sign-in, with pairwise subjects per department, token exchange for
 * on-behalf-of calls, client credentials for machines, key rotation, and the admin API
 * to register systems. All state is in schema `sso`, so server processes can be many.
 */
export function createSsoModule(deps: SsoDeps) {
  const issuer = deps.publicUrl.replace(/\/+$/, '');
  const db = deps.db as unknown as Kysely<SsoTables>;
  const apiScopeLabels = new Map<string, Localized>(
    Object.entries({ ...DEFAULT_API_SCOPES, ...(deps.apiScopes ?? {}) }),
  );
  const apiScopes = new Set(apiScopeLabels.keys());
  const pairwiseKey = deriveKey(deps.secretKey, 'pairwise');
  let log: Log = quiet;
  // The provider keeps this forwarder, so it logs through the app's logger once mounted.
  const logVia: Log = { error: (o, m) => log.error(o, m), warn: (o, m) => log.warn(o, m) };
  let trustProxy = false;

  const pending = new Set<Promise<void>>();
  const audit: AuditSink = (req, actor, entry) => {
    const meta = req ? requestMeta.get(req) : undefined;
    const p = recordAudit(
      deps.db,
      { actor, requestId: meta?.requestId ?? null, ip: meta?.ip ?? null },
      entry,
    ).finally(() => pending.delete(p));
    pending.add(p);
    return p;
  };

  const keys = createKeyManager({
    db: deps.db,
    sealer: createSealer(deps.secretKey, 'sso-keys'),
    policy: deps.keyPolicy,
  });

  let current: BuiltProvider | undefined;
  let building: Promise<BuiltProvider> | undefined;

  const clients = createClientStore({
    db: deps.db,
    sealer: createSealer(deps.secretKey, 'sso-clients'),
    departments: deps.departments,
    apiScopes,
    validateMetadata: async (metadata: ClientMetadata) => {
      const { provider } = await getProvider();
      try {
        await provider.Client.validate(metadata as Parameters<typeof provider.Client.validate>[0]);
      } catch (e) {
        const err = e as { error?: string; error_description?: string };
        if (err.error !== 'invalid_client_metadata' && err.error !== 'invalid_redirect_uri') throw e;
        const description = err.error_description ?? err.error;
        throw SsoErrors.invalidClient({
          errors: [
            { path: '(client)', message: { 'zh-CN': `接入系统配置无效：${description}`, en: description } },
          ],
        });
      }
    },
  });

  async function build(): Promise<BuiltProvider> {
    const loaded = await keys.load();
    const built = await buildProvider(
      {
        issuer,
        db: deps.db,
        secretKey: deps.secretKey,
        clients,
        identity: deps.identity,
        actingOrganisation: deps.actingOrganisation ?? noActingOrganisation,
        apiScopes,
        trustProxy,
        audit,
        log: logVia,
      },
      loaded,
    );
    current = built;
    return built;
  }

  /** The current provider, built on first use (after making sure signing keys exist). */
  function getProvider(): Promise<BuiltProvider> {
    if (current) return Promise.resolve(current);
    building ??= (async () => {
      await keys.ensure();
      return build();
    })().finally(() => {
      building = undefined;
    });
    return building;
  }

  /** Rebuilds the provider when the published key set changed (here or in another process). */
  async function refreshKeys(): Promise<void> {
    const loaded = await keys.load();
    if (!current || current.fingerprint !== loaded.fingerprint) await build();
  }

  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  async function tick() {
    try {
      if (await keys.dueForRotation())
        await keys.rotate(
          { actor: systemActor('sso key rotation'), requestId: null },
          { force: true, onlyIfDue: true, reason: 'scheduled' },
        );
      await keys.pruneExpired();
      await refreshKeys();
      await sweepExpired(deps.db);
    } catch (err) {
      log.error({ err: { message: (err as Error).message } }, 'sso background refresh failed');
    }
    if (!stopped) schedule();
  }
  function schedule() {
    timer = setTimeout(() => void tick(), deps.refreshIntervalMs ?? 30_000);
    timer.unref();
  }

  const subjectFor = (accountId: string, departmentId: string | null, clientId: string) =>
    mac(pairwiseKey, `${departmentId ?? clientId}\u0000${accountId}`);

  /**
   * The actor behind `Authorization: Bearer …`: a client-credentials token (the system
   * itself) or an exchanged token (the system on behalf of a resident). Sign-in access
   * tokens are for the userinfo endpoint only and give no platform actor. Null when the
   * token is unknown, expired, revoked, or its client or resident is no longer active.
   * Permissions are the token's scopes still allowed to the client.
   */
  async function resolveBearer(authorization: string | undefined): Promise<Actor | null> {
    const m = /^Bearer +([A-Za-z0-9._~+/-]{20,512}=*)$/i.exec(authorization?.trim() ?? '');
    if (!m) return null;
    const token = m[1]!;
    const { provider } = await getProvider();
    const cc = await provider.ClientCredentials.find(token);
    let clientId: string | undefined;
    let accountId: string | null = null;
    let scopes: Set<string>;
    if (cc?.isValid && cc.clientId) {
      clientId = cc.clientId;
      scopes = cc.scopes;
    } else {
      const at = await provider.AccessToken.find(token);
      if (!at?.isValid || at.gty !== TOKEN_EXCHANGE_GRANT || !at.clientId || !at.accountId) return null;
      if (!(await deps.identity.claimsFor(at.accountId))) return null;
      clientId = at.clientId;
      accountId = at.accountId;
      scopes = at.scopes;
    }
    const client = await clients.find(clientId);
    if (!client || client.status !== 'active') return null;
    const allowed = new Set(client.scopes);
    return clientActor(
      {
        clientId,
        name: client.name,
        departmentId: client.departmentId,
        scopes: [...scopes].filter((s) => apiScopes.has(s) && allowed.has(s)),
      },
      accountId,
    );
  }

  /**
   * Ends single sign-on for an account (call it when the platform session ends): every
   * provider session of the account is destroyed, the grants in it are revoked with their
   * tokens (except offline_access grants, which the resident granted to outlive the
   * session, exactly as RP-initiated logout keeps them), and systems with a back-channel
   * logout URI receive a logout token.
   */
  async function onPlatformLogout(accountId: string): Promise<{ sessions: number; notified: number }> {
    const { provider } = await getProvider();
    const sessions = await db
      .selectFrom('sso.oidc_payloads')
      .select(['id', 'payload'])
      .where('model', '=', 'Session')
      .where('account_id', '=', accountId)
      .execute();
    if (sessions.length === 0) return { sessions: 0, notified: 0 };
    const grantIds = new Set<string>();
    const notices: { clientId: string; sid: string }[] = [];
    for (const s of sessions) {
      const authorizations = (s.payload.authorizations ?? {}) as Record<
        string,
        { sid?: string; grantId?: string; persistsLogout?: boolean }
      >;
      for (const [clientId, a] of Object.entries(authorizations)) {
        // As with RP-initiated logout: offline_access grants outlive the session on purpose.
        if (a.grantId && !a.persistsLogout) grantIds.add(a.grantId);
        if (a.sid) notices.push({ clientId, sid: a.sid });
      }
    }
    await db.transaction().execute(async (t) => {
      if (grantIds.size)
        await t
          .deleteFrom('sso.oidc_payloads')
          .where((eb) =>
            eb.or([
              eb('grant_id', 'in', [...grantIds]),
              eb.and([eb('model', '=', 'Grant'), eb('id', 'in', [...grantIds])]),
            ]),
          )
          .execute();
      await t
        .deleteFrom('sso.oidc_payloads')
        .where('model', '=', 'Session')
        .where('account_id', '=', accountId)
        .execute();
    });
    let notified = 0;
    for (const n of notices) {
      const client = await provider.Client.find(n.clientId).catch(() => undefined);
      if (!client?.backchannelLogoutUri) continue;
      const record = await clients.find(n.clientId);
      const actor = clientActor(
        {
          clientId: n.clientId,
          name: record?.name ?? n.clientId,
          departmentId: record?.departmentId ?? null,
          scopes: [],
        },
        accountId,
      );
      try {
        await (
          client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> }
        ).backchannelLogout(accountId, n.sid);
        notified++;
        await audit(undefined, actor, {
          action: 'sso.backchannel_logout',
          resourceType: 'sso_client',
          resourceId: n.clientId,
        });
      } catch (err) {
        log.warn(
          { clientId: n.clientId, err: { message: (err as Error).message } },
          'back-channel logout failed',
        );
        await audit(undefined, actor, {
          action: 'sso.backchannel_logout',
          outcome: 'failure',
          resourceType: 'sso_client',
          resourceId: n.clientId,
        });
      }
    }
    return { sessions: sessions.length, notified };
  }

  /** Composes actor resolution: a bearer token decides alone; without one, the fallback (cookie session). */
  function withBearer(fallback: (req: FastifyRequest) => Promise<Actor>) {
    return async (req: FastifyRequest): Promise<Actor> => {
      const header = req.headers.authorization;
      if (header !== undefined) return (await resolveBearer(header)) ?? anonymousActor;
      return fallback(req);
    };
  }

  const interactive = Math.max(30, deps.loginRateLimitPerMinute * 5);
  const http = ssoHttp({
    getProvider,
    identity: deps.identity,
    departments: deps.departments,
    apiScopeLabels,
    csrfKey: deriveKey(deps.secretKey, 'consent-csrf'),
    audit,
    interactiveLimitPerMinute: interactive,
    credentialLimitPerMinute: interactive * 3,
  });

  /**
   * The root-level HTTP plugin (register it on the app, not under /api/v1): OpenID
   * endpoints, discovery and interaction pages. Registering it builds the provider, so a
   * broken key or configuration stops the boot, and starts the background refresh.
   */
  async function httpPlugin(app: FastifyInstance, opts: { trustProxy?: boolean }) {
    log = app.log;
    trustProxy = opts.trustProxy ?? false;
    const built = await getProvider();
    built.provider.proxy = trustProxy;
    await http(app);
    stopped = false;
    schedule();
    app.addHook('onClose', async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...pending]);
    });
  }

  const routes = ssoRoutes({
    clients,
    keys,
    departments: deps.departments,
    scope: deps.scope,
    keysChanged: refreshKeys,
    subjectFor,
  });

  /** Registers the demo department systems (idempotent); returns how many were added. */
  async function seedDemo(): Promise<number> {
    const ctx = { actor: systemActor('sufu seed'), requestId: null };
    let added = 0;
    for (const { secret, ...input } of DEMO_CLIENTS) if (await clients.ensure(ctx, input, secret)) added++;
    return added;
  }

  /**
   * Registers a machine client (client credentials only, no person involved) for another
   * module, e.g. a 苏服码 scanner device. Pass the caller's transaction as `trx` when inside
   * one: everything then goes through it. The secret is returned once.
   */
  async function registerMachineClient(
    input: { name: string; departmentId: string | null; scopes?: string[]; clientId?: string },
    trx?: AnyDb,
  ): Promise<{ clientId: string; clientSecret: string }> {
    const { client, secret } = await clients.create(
      { actor: systemActor('sso machine client'), requestId: null },
      {
        clientId: input.clientId,
        name: input.name,
        departmentId: input.departmentId,
        tokenEndpointAuthMethod: 'client_secret_basic',
        redirectUris: [],
        postLogoutRedirectUris: [],
        backchannelLogoutUri: null,
        grantTypes: ['client_credentials'],
        scopes: input.scopes ?? [],
        claims: [],
      },
      { trusted: true, ...(trx ? { trx } : {}) },
    );
    return { clientId: client.clientId, clientSecret: secret };
  }

  return {
    issuer,
    registerMachineClient,
    routes,
    http: httpPlugin,
    resolveBearer,
    withBearer,
    onPlatformLogout,
    seedDemo,
    clients,
    keys,
    /** The subject a department's systems see for an account (pairwise). */
    subjectFor,
    /** Waits for audit rows written in the background (tests, shutdown). */
    flush: async () => {
      await Promise.allSettled([...pending]);
    },
    /** The current oidc-provider instance (tests and diagnostics). */
    provider: async () => (await getProvider()).provider,
  };
}

export type SsoModule = ReturnType<typeof createSsoModule>;
