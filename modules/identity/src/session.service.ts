import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import {
  publishEvent,
  recordAudit,
  anonymousActor,
  type Actor,
  type AnyDb,
  type Grant,
  type Localized,
} from '@sufu/kernel';
import { findDivision } from '@sufu/china-ids';
import type { IdentityTables } from './identity.tables.ts';
import { IdentityErrors } from './identity.errors.ts';
import { IDENTITY_EVENTS } from './identity.events.ts';
import { DUMMY_HASH, hashPassword, passwordPolicyProblems, verifyPassword } from './password.ts';
import { areasOf, permissionsOf, roleByName, type Area } from './roles.ts';
import { generateTotpSecret, otpauthUri, verifyTotp } from './totp.ts';
import type { Sealer } from './seal.ts';

/**
 * Sign-in, second factor and server-side sessions. The browser holds only a random
 * token in an http-only cookie; the database holds its SM3 digest, so a leaked table
 * cannot be replayed. Sessions end after idle time (30 min residents, 15 min staff),
 * after 12 hours in any case, at logout and at a password change.
 */
export const SESSION_COOKIE = 'sufu_sid';
export const ABSOLUTE_SESSION_SECONDS = 12 * 3600;
export const IDLE_SECONDS = { person: 30 * 60, staff: 15 * 60 } as const;
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_SECONDS = 15 * 60;
/** Pending second-factor sign-ins expire quickly. */
const PENDING_SECONDS = 5 * 60;

export type DepartmentInfo = { id: string; name: string; nameEn: string; regionCode: string };
export type DepartmentLookup = { describeDepartments(ids: string[]): Promise<Map<string, DepartmentInfo>> };

export type RoleView = {
  role: string;
  roleName: Localized;
  departmentId: string | null;
  departmentName: string | null;
  regionCode: string | null;
  regionName: string | null;
};

export type SessionView = {
  authenticated: true;
  csrfToken?: string;
  idleTimeoutSeconds: number;
  expiresAt: string;
  account: {
    id: string;
    kind: 'person' | 'staff';
    username: string;
    displayName: string;
    realNameLevel: 'L1' | 'L2' | 'L3' | null;
    roles: RoleView[];
    areas: Area[];
    permissions: string[];
  };
  /** The organisation this session acts for (legal representative or authorised agent). */
  actingFor: { organisationId: string; name: string; creditCode: string; role: 'legal_rep' | 'agent' } | null;
};

export type LoginResult =
  | { status: 'authenticated'; token: string; session: SessionView }
  | { status: 'totp_required'; token: string }
  | { status: 'totp_enrolment_required'; token: string; enrolment: { secret: string; otpauthUri: string } };

export type RequestMeta = { ip: string | null; userAgent: string | null; requestId: string | null };

const digest = (token: string) => createHash('sm3').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

type AccountRow = Selectable<IdentityTables['identity.accounts']>;
/** What resolving a session needs of the account, read in the same query as the session. */
type AccountCore = Pick<
  AccountRow,
  'id' | 'kind' | 'username' | 'display_name' | 'real_name_level' | 'person_id' | 'status'
>;

export function createSessionService(deps: { db: AnyDb; sealer: Sealer; departments: DepartmentLookup }) {
  const db = deps.db as unknown as Kysely<IdentityTables>;

  async function findAccountForLogin(username: string): Promise<AccountRow | undefined> {
    const u = username.trim();
    const direct = await db
      .selectFrom('identity.accounts')
      .selectAll()
      .where(sql<boolean>`lower(username) = lower(${u})`)
      .executeTakeFirst();
    if (direct) return direct as AccountRow;
    // Residents sign in with their ID number or mobile number as well.
    const byPerson = await db
      .selectFrom('identity.accounts as a')
      .innerJoin('identity.persons as p', 'p.id', 'a.person_id')
      .selectAll('a')
      .where((w) => w.or([w('p.id_number', '=', u.toUpperCase()), w('p.mobile', '=', u)]))
      .executeTakeFirst();
    return byPerson as AccountRow | undefined;
  }

  async function grantsOf(accountId: string): Promise<Grant[]> {
    const rows = await db
      .selectFrom('identity.account_roles')
      .select(['role', 'department_id', 'region_code'])
      .where('account_id', '=', accountId)
      .orderBy('granted_at')
      .execute();
    return rows.map((r) => ({ role: r.role, departmentId: r.department_id, regionCode: r.region_code }));
  }

  async function roleViews(grants: Grant[]): Promise<RoleView[]> {
    const depts = await deps.departments.describeDepartments(
      grants.map((g) => g.departmentId).filter((d): d is string => !!d),
    );
    return grants.map((g) => ({
      role: g.role,
      roleName: roleByName.get(g.role)?.name ?? { 'zh-CN': g.role, en: g.role },
      departmentId: g.departmentId,
      departmentName: g.departmentId ? (depts.get(g.departmentId)?.name ?? null) : null,
      regionCode: g.regionCode,
      regionName: g.regionCode ? (findDivision(g.regionCode)?.name ?? null) : null,
    }));
  }

  async function sessionView(
    account: AccountCore,
    session: { expires_at: Date; idle_timeout_seconds: number },
    acting: SessionView['actingFor'] = null,
  ): Promise<SessionView> {
    const grants = await grantsOf(account.id);
    const roles = grants.map((g) => g.role);
    return {
      authenticated: true,
      idleTimeoutSeconds: session.idle_timeout_seconds,
      expiresAt: session.expires_at.toISOString(),
      account: {
        id: account.id,
        kind: account.kind,
        username: account.username,
        displayName: account.display_name,
        realNameLevel: account.real_name_level,
        roles: await roleViews(grants),
        areas: areasOf(roles),
        permissions: [...permissionsOf(roles)].sort(),
      },
      actingFor: acting,
    };
  }

  async function createSession(
    trx: Kysely<IdentityTables>,
    account: AccountRow,
    mfaPassed: boolean,
    meta: RequestMeta,
    pendingSealed: string | null = null,
  ) {
    const token = newToken();
    const now = Date.now();
    const idle = IDLE_SECONDS[account.kind];
    const expires = new Date(now + (mfaPassed ? ABSOLUTE_SESSION_SECONDS : PENDING_SECONDS) * 1000);
    const row = {
      id: digest(token),
      account_id: account.id,
      expires_at: expires,
      idle_timeout_seconds: mfaPassed ? idle : PENDING_SECONDS,
      mfa_passed: mfaPassed,
      pending_totp_sealed: pendingSealed,
      revoked_at: null,
      revoked_reason: null,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    };
    await trx.insertInto('identity.sessions').values(row).execute();
    return { token, row };
  }

  /** The organisation an account may act for now, or null (revoked, expired, not theirs). */
  async function validAuthorisation(
    account: AccountCore,
    organisationId: string,
  ): Promise<SessionView['actingFor']> {
    if (!account.person_id) return null;
    const now = new Date();
    const row = await db
      .selectFrom('identity.org_authorisations as a')
      .innerJoin('identity.organisations as o', 'o.id', 'a.organisation_id')
      .select(['o.id', 'o.name', 'o.credit_code', 'o.legal_rep_person_id', 'a.role'])
      .where('a.organisation_id', '=', organisationId)
      .where('a.account_id', '=', account.id)
      .where('a.revoked_at', 'is', null)
      .where('a.valid_from', '<=', now)
      .where((w) => w.or([w('a.valid_until', 'is', null), w('a.valid_until', '>', now)]))
      .orderBy('a.role', 'desc')
      .executeTakeFirst();
    if (!row) return null;
    // A legal representative who has been replaced in the register no longer acts.
    if (row.role === 'legal_rep' && row.legal_rep_person_id !== account.person_id) return null;
    return { organisationId: row.id, name: row.name, creditCode: row.credit_code, role: row.role };
  }

  const actorFor = (account: AccountCore, grants: Grant[], sessionId: string | null): Actor => ({
    kind: account.kind,
    accountId: account.id,
    display: account.display_name,
    grants,
    permissions: permissionsOf(grants.map((g) => g.role)),
    sessionId,
  });

  async function registerFailure(trx: Kysely<IdentityTables>, account: AccountRow) {
    const attempts = account.failed_attempts + 1;
    await trx
      .updateTable('identity.accounts')
      .set({
        failed_attempts: attempts,
        locked_until:
          attempts >= MAX_FAILED_ATTEMPTS
            ? new Date(Date.now() + LOCKOUT_SECONDS * 1000)
            : account.locked_until,
      })
      .where('id', '=', account.id)
      .execute();
    return attempts >= MAX_FAILED_ATTEMPTS;
  }

  const isLocked = (a: AccountRow) => !!a.locked_until && a.locked_until.getTime() > Date.now();

  /** Where an account's signing-in session is pending its second factor. */
  async function pendingSession(token: string | undefined) {
    if (!token) throw IdentityErrors.noPendingLogin();
    const s = await db
      .selectFrom('identity.sessions')
      .selectAll()
      .where('id', '=', digest(token))
      .executeTakeFirst();
    if (!s || s.revoked_at || s.mfa_passed || s.expires_at.getTime() < Date.now())
      throw IdentityErrors.noPendingLogin();
    const account = (await db
      .selectFrom('identity.accounts')
      .selectAll()
      .where('id', '=', s.account_id)
      .executeTakeFirstOrThrow()) as AccountRow;
    return { s, account };
  }

  async function completeSecondFactor(
    account: AccountRow,
    pendingId: string,
    counter: number,
    meta: RequestMeta,
    enrolSecretSealed: string | null,
  ) {
    // Read before the transaction: on the embedded database a query outside the
    // transaction's connection would wait for it forever.
    const grants = await grantsOf(account.id);
    const { token, row } = await deps.db.transaction().execute(async (t) => {
      const trx = t as unknown as Kysely<IdentityTables>;
      await trx
        .updateTable('identity.sessions')
        .set({ revoked_at: new Date(), revoked_reason: 'upgraded' })
        .where('id', '=', pendingId)
        .execute();
      await trx
        .updateTable('identity.accounts')
        .set({
          totp_last_counter: String(counter),
          failed_attempts: 0,
          locked_until: null,
          last_login_at: new Date(),
          ...(enrolSecretSealed
            ? { totp_secret_sealed: enrolSecretSealed, totp_enrolled_at: new Date() }
            : {}),
        })
        .where('id', '=', account.id)
        .execute();
      const created = await createSession(trx, account, true, meta);
      await recordAudit(
        t,
        { actor: actorFor(account, grants, created.row.id), requestId: meta.requestId, ip: meta.ip },
        {
          action: enrolSecretSealed ? 'auth.totp_enrolled' : 'auth.login',
          resourceType: 'account',
          resourceId: account.id,
          details: { factor: 'password+totp' },
        },
      );
      return created;
    });
    return { status: 'authenticated' as const, token, session: await sessionView(account, row) };
  }

  async function failSecondFactor(account: AccountRow, meta: RequestMeta): Promise<never> {
    const locked = await deps.db.transaction().execute(async (t) => {
      const trx = t as unknown as Kysely<IdentityTables>;
      const l = await registerFailure(trx, account);
      await recordAudit(
        t,
        { actor: anonymousActor, requestId: meta.requestId, ip: meta.ip },
        {
          action: 'auth.totp_failed',
          resourceType: 'account',
          resourceId: account.id,
          outcome: 'failure',
        },
      );
      if (l)
        await trx
          .updateTable('identity.sessions')
          .set({ revoked_at: new Date(), revoked_reason: 'locked' })
          .where('account_id', '=', account.id)
          .where('revoked_at', 'is', null)
          .execute();
      return l;
    });
    throw locked ? IdentityErrors.accountLocked() : IdentityErrors.totpInvalid();
  }

  return {
    async login(username: string, password: string, meta: RequestMeta): Promise<LoginResult> {
      const account = await findAccountForLogin(username);
      if (!account) {
        await verifyPassword(password, DUMMY_HASH); // same time as a real check
        await recordAudit(
          deps.db,
          { actor: anonymousActor, requestId: meta.requestId, ip: meta.ip },
          { action: 'auth.login_failed', outcome: 'failure', details: { reason: 'unknown_account' } },
        );
        throw IdentityErrors.invalidCredentials();
      }
      if (isLocked(account)) {
        await recordAudit(
          deps.db,
          { actor: anonymousActor, requestId: meta.requestId, ip: meta.ip },
          {
            action: 'auth.login_failed',
            resourceType: 'account',
            resourceId: account.id,
            outcome: 'denied',
            details: { reason: 'locked' },
          },
        );
        throw IdentityErrors.accountLocked();
      }
      const ok = await verifyPassword(password, account.password_hash);
      if (!ok) {
        const locked = await deps.db.transaction().execute(async (t) => {
          const l = await registerFailure(t as unknown as Kysely<IdentityTables>, account);
          await recordAudit(
            t,
            { actor: anonymousActor, requestId: meta.requestId, ip: meta.ip },
            {
              action: 'auth.login_failed',
              resourceType: 'account',
              resourceId: account.id,
              outcome: 'failure',
              details: { reason: 'password', locked: l },
            },
          );
          return l;
        });
        throw locked ? IdentityErrors.accountLocked() : IdentityErrors.invalidCredentials();
      }
      if (account.status !== 'active') throw IdentityErrors.accountDisabled();

      const grants = await grantsOf(account.id);
      const result = await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        if (account.kind === 'staff') {
          // Staff need a second factor. Reset the password-failure counter only after it.
          if (account.totp_secret_sealed) {
            const { token } = await createSession(trx, account, false, meta);
            return { status: 'totp_required' as const, token };
          }
          const secret = generateTotpSecret();
          const { token } = await createSession(
            trx,
            account,
            false,
            meta,
            deps.sealer.seal(secret, `pending:${account.id}`),
          );
          return {
            status: 'totp_enrolment_required' as const,
            token,
            enrolment: { secret, otpauthUri: otpauthUri(secret, account.username) },
          };
        }
        await trx
          .updateTable('identity.accounts')
          .set({ failed_attempts: 0, locked_until: null, last_login_at: new Date() })
          .where('id', '=', account.id)
          .execute();
        const { token, row } = await createSession(trx, account, true, meta);
        await recordAudit(
          t,
          { actor: actorFor(account, grants, row.id), requestId: meta.requestId, ip: meta.ip },
          {
            action: 'auth.login',
            resourceType: 'account',
            resourceId: account.id,
            details: { factor: 'password' },
          },
        );
        return { status: 'authenticated' as const, token, row };
      });
      if (result.status === 'authenticated')
        return {
          status: result.status,
          token: result.token,
          session: await sessionView(account, result.row),
        };
      return result;
    },

    async verifySecondFactor(pendingToken: string | undefined, code: string, meta: RequestMeta) {
      const { s, account } = await pendingSession(pendingToken);
      if (isLocked(account)) throw IdentityErrors.accountLocked();
      if (!account.totp_secret_sealed) throw IdentityErrors.noPendingLogin();
      const secret = deps.sealer.open(account.totp_secret_sealed, `totp:${account.id}`);
      const counter = verifyTotp(
        secret,
        code,
        account.totp_last_counter === null ? null : Number(account.totp_last_counter),
      );
      if (counter === null) return failSecondFactor(account, meta);
      return completeSecondFactor(account, s.id, counter, meta, null);
    },

    async enrolSecondFactor(pendingToken: string | undefined, code: string, meta: RequestMeta) {
      const { s, account } = await pendingSession(pendingToken);
      if (!s.pending_totp_sealed) throw IdentityErrors.noPendingLogin();
      const secret = deps.sealer.open(s.pending_totp_sealed, `pending:${account.id}`);
      const counter = verifyTotp(secret, code, null);
      if (counter === null) return failSecondFactor(account, meta);
      return completeSecondFactor(
        account,
        s.id,
        counter,
        meta,
        deps.sealer.seal(secret, `totp:${account.id}`),
      );
    },

    /** Resolves a session token to an actor; refreshes last-seen at most once a minute. */
    async resolve(
      token: string | undefined,
    ): Promise<{ actor: Actor; view: () => Promise<SessionView> } | null> {
      if (!token || token.length > 100) return null;
      const id = digest(token);
      // One round trip: the session, its account and the account's grants. This runs on
      // every signed-in request.
      const s = await db
        .selectFrom('identity.sessions as s')
        .innerJoin('identity.accounts as a', 'a.id', 's.account_id')
        .selectAll('s')
        .select(['a.kind', 'a.username', 'a.display_name', 'a.real_name_level', 'a.person_id', 'a.status'])
        .select(
          sql<
            Grant[]
          >`coalesce((select json_agg(json_build_object('role', r.role, 'departmentId', r.department_id, 'regionCode', r.region_code) order by r.granted_at) from identity.account_roles r where r.account_id = s.account_id), '[]'::json)`.as(
            'grants',
          ),
        )
        .where('s.id', '=', id)
        .executeTakeFirst();
      if (!s || s.revoked_at || !s.mfa_passed) return null;
      const now = Date.now();
      if (s.expires_at.getTime() <= now || s.last_seen_at.getTime() + s.idle_timeout_seconds * 1000 <= now)
        return null;
      const account: AccountCore = {
        id: s.account_id,
        kind: s.kind,
        username: s.username,
        display_name: s.display_name,
        real_name_level: s.real_name_level,
        person_id: s.person_id,
        status: s.status,
      };
      if (account.status !== 'active') return null;
      if (now - s.last_seen_at.getTime() > 60_000) {
        await db
          .updateTable('identity.sessions')
          .set({ last_seen_at: new Date(now) })
          .where('id', '=', id)
          .execute();
      }
      const actor = actorFor(account, s.grants, id);
      let acting: SessionView['actingFor'] = null;
      if (s.acting_org_id) {
        acting = await validAuthorisation(account, s.acting_org_id);
        // An authorisation that expired or was revoked ends the acting at once.
        if (acting) actor.actingFor = { organisationId: acting.organisationId, display: acting.name };
        else
          await db
            .updateTable('identity.sessions')
            .set({ acting_org_id: null })
            .where('id', '=', id)
            .execute();
      }
      return { actor, view: () => sessionView(account, s, acting) };
    },

    /** Signs in an account that has already proven itself (registration, SMS code). */
    async loginAccount(accountId: string, meta: RequestMeta, factor: string): Promise<LoginResult> {
      const account = (await db
        .selectFrom('identity.accounts')
        .selectAll()
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow()) as AccountRow;
      if (account.kind !== 'person') throw IdentityErrors.invalidCredentials();
      const grants = await grantsOf(account.id);
      const { token, row } = await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        await trx
          .updateTable('identity.accounts')
          .set({ failed_attempts: 0, locked_until: null, last_login_at: new Date() })
          .where('id', '=', account.id)
          .execute();
        const created = await createSession(trx, account, true, meta);
        await recordAudit(
          t,
          { actor: actorFor(account, grants, created.row.id), requestId: meta.requestId, ip: meta.ip },
          { action: 'auth.login', resourceType: 'account', resourceId: account.id, details: { factor } },
        );
        return created;
      });
      return { status: 'authenticated', token, session: await sessionView(account, row) };
    },

    /** Switches the session to act for an organisation (or back to the person, with null). */
    async setActing(actor: Actor, organisationId: string | null, meta: RequestMeta) {
      if (!actor.sessionId || !actor.accountId) throw IdentityErrors.noPendingLogin();
      const account = (await db
        .selectFrom('identity.accounts')
        .selectAll()
        .where('id', '=', actor.accountId)
        .executeTakeFirstOrThrow()) as AccountRow;
      let acting: SessionView['actingFor'] = null;
      if (organisationId) {
        acting = /^[0-9a-f-]{36}$/i.test(organisationId)
          ? await validAuthorisation(account, organisationId)
          : null;
        if (!acting) throw IdentityErrors.notAuthorisedForOrganisation();
      }
      await deps.db.transaction().execute(async (t) => {
        await (t as unknown as Kysely<IdentityTables>)
          .updateTable('identity.sessions')
          .set({ acting_org_id: acting?.organisationId ?? null })
          .where('id', '=', actor.sessionId!)
          .execute();
        await recordAudit(
          t,
          {
            actor: {
              ...actor,
              actingFor: acting ? { organisationId: acting.organisationId, display: acting.name } : undefined,
            },
            requestId: meta.requestId,
            ip: meta.ip,
          },
          {
            action: acting ? 'auth.acting_for_organisation' : 'auth.acting_as_self',
            resourceType: 'organisation',
            resourceId: acting?.organisationId ?? null,
          },
        );
      });
      const s = await db
        .selectFrom('identity.sessions')
        .selectAll()
        .where('id', '=', actor.sessionId)
        .executeTakeFirstOrThrow();
      return sessionView(account, s, acting);
    },

    async logout(token: string | undefined, actor: Actor, meta: RequestMeta) {
      if (!token) return;
      await deps.db.transaction().execute(async (t) => {
        const r = await (t as unknown as Kysely<IdentityTables>)
          .updateTable('identity.sessions')
          .set({ revoked_at: new Date(), revoked_reason: 'logout' })
          .where('id', '=', digest(token))
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) > 0 && actor.accountId) {
          await recordAudit(
            t,
            { actor, requestId: meta.requestId, ip: meta.ip },
            { action: 'auth.logout', resourceType: 'account', resourceId: actor.accountId },
          );
          await publishEvent(
            t,
            IDENTITY_EVENTS.sessionEnded,
            { accountId: actor.accountId, reason: 'logout' },
            meta.requestId,
          );
        }
      });
    },

    async changePassword(actor: Actor, current: string, next: string, meta: RequestMeta) {
      const account = (await db
        .selectFrom('identity.accounts')
        .selectAll()
        .where('id', '=', actor.accountId!)
        .executeTakeFirstOrThrow()) as AccountRow;
      if (!(await verifyPassword(current, account.password_hash)))
        throw IdentityErrors.wrongCurrentPassword();
      if (passwordPolicyProblems(next).length) throw IdentityErrors.passwordPolicy();
      if (current === next) throw IdentityErrors.passwordReuse();
      const hash = await hashPassword(next);
      await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        await trx
          .updateTable('identity.accounts')
          .set({ password_hash: hash, password_changed_at: new Date() })
          .where('id', '=', account.id)
          .execute();
        await trx
          .updateTable('identity.sessions')
          .set({ revoked_at: new Date(), revoked_reason: 'password_changed' })
          .where('account_id', '=', account.id)
          .where('revoked_at', 'is', null)
          .execute();
        await recordAudit(
          t,
          { actor, requestId: meta.requestId, ip: meta.ip },
          { action: 'account.password_changed', resourceType: 'account', resourceId: account.id },
        );
        await publishEvent(
          t,
          IDENTITY_EVENTS.sessionEnded,
          { accountId: account.id, reason: 'password_changed' },
          meta.requestId,
        );
      });
    },

    async listSessions(actor: Actor) {
      const rows = await db
        .selectFrom('identity.sessions')
        .select([
          'id',
          'created_at',
          'last_seen_at',
          'expires_at',
          'idle_timeout_seconds',
          'ip',
          'user_agent',
        ])
        .where('account_id', '=', actor.accountId!)
        .where('revoked_at', 'is', null)
        .where('mfa_passed', '=', true)
        .where('expires_at', '>', new Date())
        .orderBy('last_seen_at', 'desc')
        .execute();
      const now = Date.now();
      return rows
        .filter((r) => r.last_seen_at.getTime() + r.idle_timeout_seconds * 1000 > now)
        .map((r) => ({
          // The public id is a digest of the stored digest: it never reveals the cookie value.
          id: createHash('sm3').update(r.id).digest('hex').slice(0, 32),
          current: r.id === actor.sessionId,
          createdAt: r.created_at.toISOString(),
          lastSeenAt: r.last_seen_at.toISOString(),
          ip: r.ip,
          userAgent: r.user_agent,
          _id: r.id,
        }));
    },

    async revokeSession(actor: Actor, publicId: string, meta: RequestMeta) {
      const sessions = await this.listSessions(actor);
      const target = sessions.find((s) => s.id === publicId);
      if (!target) throw IdentityErrors.sessionNotFound();
      await deps.db.transaction().execute(async (t) => {
        await (t as unknown as Kysely<IdentityTables>)
          .updateTable('identity.sessions')
          .set({ revoked_at: new Date(), revoked_reason: 'revoked_by_owner' })
          .where('id', '=', target._id)
          .execute();
        await recordAudit(
          t,
          { actor, requestId: meta.requestId, ip: meta.ip },
          { action: 'auth.session_revoked', resourceType: 'account', resourceId: actor.accountId },
        );
      });
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
