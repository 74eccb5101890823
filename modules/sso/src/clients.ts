import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { recordAudit, type AnyDb, type AuditContext, type FieldError } from '@sufu/kernel';
import type { SsoTables } from './sso.tables.ts';
import type { Sealer } from './seal.ts';
import { SsoErrors } from './sso.errors.ts';
import {
  CLIENT_GRANT_TYPES,
  OIDC_SCOPES,
  RELEASABLE_CLAIMS,
  oauthGrantType,
  type ClientGrantType,
} from './catalogue.ts';

/**
 * The department systems allowed to use single sign-on, as an administrator registers
 * them: a name, the owning department (which also fixes the pairwise subject sector),
 * where the browser may return, which scopes and claims it may have. The secret is
 * generated here, shown once, and stored sealed (oidc-provider compares it in clear).
 */
export type ClientRecord = {
  clientId: string;
  name: string;
  /** Owning department; null only for platform-level machine clients. */
  departmentId: string | null;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  grantTypes: ClientGrantType[];
  scopes: string[];
  claims: string[];
  status: 'active' | 'disabled';
  secretRotatedAt: string;
  createdAt: string;
  updatedAt: string;
};

export type ClientInput = {
  name: string;
  departmentId: string | null;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  grantTypes: ClientGrantType[];
  scopes: string[];
  claims: string[];
};

/** Departments as the client store needs them (directory's describeDepartments). */
export type DepartmentLookup = (ids: string[]) => Promise<Map<string, { name: string; regionCode: string }>>;

/** The oidc-provider client metadata of a registered client (adapter `Client.find`). */
export type ClientMetadata = Record<string, unknown> & { client_id: string };

type Row = Selectable<SsoTables['sso.clients']>;

const toRecord = (r: Row): ClientRecord => ({
  clientId: r.client_id,
  name: r.name,
  departmentId: r.department_id,
  tokenEndpointAuthMethod: r.token_endpoint_auth_method,
  redirectUris: r.redirect_uris,
  postLogoutRedirectUris: r.post_logout_redirect_uris,
  backchannelLogoutUri: r.backchannel_logout_uri,
  grantTypes: r.grant_types.filter((g): g is ClientGrantType =>
    (CLIENT_GRANT_TYPES as readonly string[]).includes(g),
  ),
  scopes: r.allowed_scopes,
  claims: r.allowed_claims,
  status: r.status,
  secretRotatedAt: r.secret_rotated_at.toISOString(),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Problems with a client's configuration, as field errors (empty when it is fine). */
export function clientProblems(input: ClientInput, apiScopes: ReadonlySet<string>): FieldError[] {
  const problems: FieldError[] = [];
  const add = (path: string, zh: string, en: string) => problems.push({ path, message: { 'zh-CN': zh, en } });
  const url = (path: string, value: string, kind: 'redirect' | 'other') => {
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      add(path, '不是有效的网址。', 'not a valid URL');
      return undefined;
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
      add(path, '须使用 https（本机调试地址除外）。', 'must use https (except loopback for development)');
    }
    if (u.hash) add(path, '不能包含 # 片段。', 'must not contain a fragment');
    if (u.username || u.password) add(path, '不能包含用户名或密码。', 'must not contain credentials');
    if (kind === 'redirect' && u.search.length > 512) add(path, '查询参数过长。', 'query too long');
    return u;
  };
  const hosts = new Set<string>();
  input.redirectUris.forEach((v, i) => {
    const u = url(`redirectUris.${i}`, v, 'redirect');
    if (u) hosts.add(u.host);
  });
  if (hosts.size > 1)
    add(
      'redirectUris',
      '同一接入系统的回调地址须在同一主机下；不同主机请分别登记。',
      'all redirect URIs of one client must share one host; register separate clients for other hosts',
    );
  input.postLogoutRedirectUris.forEach((v, i) => url(`postLogoutRedirectUris.${i}`, v, 'redirect'));
  if (input.backchannelLogoutUri) url('backchannelLogoutUri', input.backchannelLogoutUri, 'other');

  const grants = new Set(input.grantTypes);
  const interactive = grants.has('authorization_code');
  if (grants.size === 0) add('grantTypes', '至少选择一种授权方式。', 'choose at least one grant type');
  if (interactive && input.redirectUris.length === 0)
    add(
      'redirectUris',
      '使用授权码登录须至少登记一个回调地址。',
      'the authorization code flow needs a redirect URI',
    );
  if (!interactive && input.redirectUris.length > 0)
    add(
      'redirectUris',
      '未启用授权码登录时不应登记回调地址。',
      'redirect URIs need the authorization code flow',
    );
  for (const g of ['refresh_token', 'token_exchange'] as const)
    if (grants.has(g) && !interactive)
      add('grantTypes', `${g} 须与 authorization_code 一同启用。`, `${g} requires authorization_code`);
  if (interactive && !input.scopes.includes('openid'))
    add('scopes', '使用授权码登录须包含 openid。', 'the authorization code flow needs the openid scope');
  if (!interactive && input.postLogoutRedirectUris.length > 0)
    add(
      'postLogoutRedirectUris',
      '未启用登录时不应登记退出回调地址。',
      'logout URIs need the authorization code flow',
    );
  if (!interactive && input.backchannelLogoutUri)
    add(
      'backchannelLogoutUri',
      '未启用登录时不应登记后台退出地址。',
      'back-channel logout needs the authorization code flow',
    );
  const oidc = new Set<string>(OIDC_SCOPES);
  input.scopes.forEach((s, i) => {
    if (!oidc.has(s) && !apiScopes.has(s)) add(`scopes.${i}`, `未知的授权范围：${s}`, `unknown scope: ${s}`);
    if (oidc.has(s) && s !== 'openid' && !interactive && s !== 'offline_access')
      add(
        `scopes.${i}`,
        '身份信息范围须与授权码登录一同使用。',
        'identity scopes need the authorization code flow',
      );
  });
  if (input.scopes.includes('offline_access') && !grants.has('refresh_token'))
    add('scopes', 'offline_access 须启用 refresh_token。', 'offline_access requires the refresh_token grant');
  const releasable = new Set<string>(RELEASABLE_CLAIMS);
  input.claims.forEach((c, i) => {
    if (!releasable.has(c)) add(`claims.${i}`, `未知的身份信息项：${c}`, `unknown claim: ${c}`);
  });
  return problems;
}

const newSecret = () => randomBytes(32).toString('base64url');

export function createClientStore(deps: {
  db: AnyDb;
  sealer: Sealer;
  departments: DepartmentLookup;
  apiScopes: ReadonlySet<string>;
  /** oidc-provider's own validation of the metadata, so a saved client always loads. */
  validateMetadata?: (metadata: ClientMetadata) => Promise<void>;
}) {
  const db = deps.db as unknown as Kysely<SsoTables>;

  const metadataOf = (r: Row, secret: string): ClientMetadata => {
    const interactive = r.grant_types.includes('authorization_code');
    return {
      client_id: r.client_id,
      client_secret: secret,
      client_name: r.name,
      token_endpoint_auth_method: r.token_endpoint_auth_method,
      grant_types: r.grant_types
        .filter((g): g is ClientGrantType => (CLIENT_GRANT_TYPES as readonly string[]).includes(g))
        .map(oauthGrantType),
      response_types: interactive ? ['code'] : [],
      redirect_uris: r.redirect_uris,
      post_logout_redirect_uris: r.post_logout_redirect_uris,
      ...(r.backchannel_logout_uri
        ? { backchannel_logout_uri: r.backchannel_logout_uri, backchannel_logout_session_required: true }
        : {}),
      scope: r.allowed_scopes.join(' '),
      // Machine-only clients never see a person, and a pairwise sector needs a redirect host.
      subject_type: interactive ? 'pairwise' : 'public',
      id_token_signed_response_alg: 'RS256',
      ...(r.department_id ? { department_id: r.department_id } : {}),
      allowed_claims: r.allowed_claims,
    };
  };

  async function checkInput(input: ClientInput, clientId: string, trusted = false) {
    const problems = clientProblems(input, deps.apiScopes);
    if (problems.length) throw SsoErrors.invalidClient({ errors: problems });
    // Trusted callers (demo data, machine clients made inside another module's transaction)
    // skip the lookups that would need a second database connection.
    if (trusted) return;
    if (input.departmentId === null) throw SsoErrors.unknownDepartment();
    const depts = await deps.departments([input.departmentId]);
    if (!depts.has(input.departmentId)) throw SsoErrors.unknownDepartment();
    if (deps.validateMetadata) {
      const probe = metadataOf(rowOf(clientId, input, 'x'.repeat(43)), 'x'.repeat(43));
      await deps.validateMetadata(probe);
    }
  }

  const rowOf = (clientId: string, input: ClientInput, sealed: string): Row => ({
    client_id: clientId,
    name: input.name,
    department_id: input.departmentId,
    secret_sealed: sealed,
    secret_rotated_at: new Date(),
    token_endpoint_auth_method: input.tokenEndpointAuthMethod,
    redirect_uris: input.redirectUris,
    post_logout_redirect_uris: input.postLogoutRedirectUris,
    backchannel_logout_uri: input.backchannelLogoutUri,
    grant_types: input.grantTypes,
    allowed_scopes: input.scopes,
    allowed_claims: input.claims,
    status: 'active',
    created_at: new Date(),
    updated_at: new Date(),
  });

  const values = (input: ClientInput) => ({
    name: input.name,
    department_id: input.departmentId,
    token_endpoint_auth_method: input.tokenEndpointAuthMethod,
    redirect_uris: input.redirectUris,
    post_logout_redirect_uris: input.postLogoutRedirectUris,
    backchannel_logout_uri: input.backchannelLogoutUri,
    grant_types: input.grantTypes,
    allowed_scopes: input.scopes,
    allowed_claims: input.claims,
  });

  /** Removes every token, code and grant of a client (after disabling or a secret change). */
  async function revokeIssued(t: Kysely<SsoTables>, clientId: string) {
    const grants = await t
      .selectFrom('sso.oidc_payloads')
      .select('grant_id')
      .distinct()
      .where('client_id', '=', clientId)
      .where('grant_id', 'is not', null)
      .execute();
    const grantIds = grants.map((g) => g.grant_id!).filter(Boolean);
    await t.deleteFrom('sso.oidc_payloads').where('client_id', '=', clientId).execute();
    if (grantIds.length)
      await t
        .deleteFrom('sso.oidc_payloads')
        .where((eb) =>
          eb.or([
            eb('grant_id', 'in', grantIds),
            eb.and([eb('model', '=', 'Grant'), eb('id', 'in', grantIds)]),
          ]),
        )
        .execute();
  }

  const store = {
    async find(clientId: string): Promise<ClientRecord | null> {
      if (clientId.length > 64) return null;
      const r = await db
        .selectFrom('sso.clients')
        .selectAll()
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return r ? toRecord(r) : null;
    },

    /** oidc-provider metadata of an active client, secret opened; undefined when unknown or disabled. */
    async metadata(clientId: string): Promise<ClientMetadata | undefined> {
      if (clientId.length > 64) return undefined;
      const r = await db
        .selectFrom('sso.clients')
        .selectAll()
        .where('client_id', '=', clientId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (!r) return undefined;
      return metadataOf(r, deps.sealer.open(r.secret_sealed, r.client_id));
    },

    async list(): Promise<ClientRecord[]> {
      const rows = await db
        .selectFrom('sso.clients')
        .selectAll()
        .orderBy('department_id')
        .orderBy('client_id')
        .execute();
      return rows.map(toRecord);
    },

    async create(
      audit: AuditContext,
      input: ClientInput & { clientId?: string | undefined },
      opts: { secret?: string; trusted?: boolean; trx?: AnyDb } = {},
    ): Promise<{ client: ClientRecord; secret: string }> {
      const clientId =
        input.clientId ?? `${input.departmentId ?? 'platform'}-${randomBytes(4).toString('hex')}`;
      if (!opts.trx && (await store.find(clientId))) throw SsoErrors.clientExists();
      await checkInput(input, clientId, opts.trusted);
      const secret = opts.secret ?? newSecret();
      // Inside a caller's transaction (opts.trx) everything goes through that handle.
      const inTransaction = <T>(work: (t: Kysely<SsoTables>) => Promise<T>): Promise<T> =>
        opts.trx ? work(opts.trx as unknown as Kysely<SsoTables>) : db.transaction().execute(work);
      const row = await inTransaction(async (t) => {
        const taken = await t
          .selectFrom('sso.clients')
          .select('client_id')
          .where('client_id', '=', clientId)
          .executeTakeFirst();
        if (taken) throw SsoErrors.clientExists();
        const inserted = await t
          .insertInto('sso.clients')
          .values({
            client_id: clientId,
            secret_sealed: deps.sealer.seal(secret, clientId),
            ...values(input),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(t, audit, {
          action: 'sso.client_created',
          resourceType: 'sso_client',
          resourceId: clientId,
          details: { departmentId: input.departmentId, scopes: input.scopes, grantTypes: input.grantTypes },
        });
        return inserted;
      });
      return { client: toRecord(row), secret };
    },

    async update(
      audit: AuditContext,
      clientId: string,
      input: ClientInput & { status?: 'active' | 'disabled' | undefined },
    ): Promise<ClientRecord> {
      await checkInput(input, clientId);
      const row = await db.transaction().execute(async (t) => {
        const before = await t
          .selectFrom('sso.clients')
          .selectAll()
          .where('client_id', '=', clientId)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw SsoErrors.clientNotFound();
        const status = input.status ?? before.status;
        const updated = await t
          .updateTable('sso.clients')
          .set({ ...values(input), status, updated_at: new Date() })
          .where('client_id', '=', clientId)
          .returningAll()
          .executeTakeFirstOrThrow();
        // Narrowed rights take effect at once: what was issued under the old ones goes.
        const narrowed =
          status === 'disabled' ||
          before.allowed_scopes.some((s) => !input.scopes.includes(s)) ||
          before.allowed_claims.some((c) => !input.claims.includes(c)) ||
          before.grant_types.some((g) => !(input.grantTypes as string[]).includes(g));
        if (narrowed) await revokeIssued(t, clientId);
        await recordAudit(t, audit, {
          action:
            status === 'disabled' && before.status !== 'disabled'
              ? 'sso.client_disabled'
              : 'sso.client_updated',
          resourceType: 'sso_client',
          resourceId: clientId,
          details: {
            departmentId: input.departmentId,
            scopes: input.scopes,
            status,
            revokedIssued: narrowed,
          },
        });
        return updated;
      });
      return toRecord(row);
    },

    async rotateSecret(
      audit: AuditContext,
      clientId: string,
    ): Promise<{ client: ClientRecord; secret: string }> {
      const secret = newSecret();
      const row = await db.transaction().execute(async (t) => {
        const updated = await t
          .updateTable('sso.clients')
          .set({
            secret_sealed: deps.sealer.seal(secret, clientId),
            secret_rotated_at: new Date(),
            updated_at: new Date(),
          })
          .where('client_id', '=', clientId)
          .returningAll()
          .executeTakeFirst();
        if (!updated) throw SsoErrors.clientNotFound();
        await recordAudit(t, audit, {
          action: 'sso.client_secret_rotated',
          resourceType: 'sso_client',
          resourceId: clientId,
        });
        return updated;
      });
      return { client: toRecord(row), secret };
    },

    async disable(audit: AuditContext, clientId: string): Promise<ClientRecord> {
      const row = await db.transaction().execute(async (t) => {
        const updated = await t
          .updateTable('sso.clients')
          .set({ status: 'disabled', updated_at: new Date() })
          .where('client_id', '=', clientId)
          .returningAll()
          .executeTakeFirst();
        if (!updated) throw SsoErrors.clientNotFound();
        await revokeIssued(t, clientId);
        await recordAudit(t, audit, {
          action: 'sso.client_disabled',
          resourceType: 'sso_client',
          resourceId: clientId,
        });
        return updated;
      });
      return toRecord(row);
    },

    /** Inserts a client unless its id exists (demo data); returns whether it was added. */
    async ensure(
      audit: AuditContext,
      input: ClientInput & { clientId: string },
      secret: string,
    ): Promise<boolean> {
      if (await store.find(input.clientId)) return false;
      await store.create(audit, input, { secret, trusted: true });
      return true;
    },
  };
  return store;
}

export type ClientStore = ReturnType<typeof createClientStore>;
