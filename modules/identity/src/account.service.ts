import { sql, type Kysely, type Selectable } from 'kysely';
import {
  publishEvent,
  recordAudit,
  requirePermission,
  CommonErrors,
  type Actor,
  type AnyDb,
} from '@sufu/kernel';
import { findDivision, maskIdNumber, maskMobile } from '@sufu/china-ids';
import type { IdentityTables } from './identity.tables.ts';
import { IdentityErrors } from './identity.errors.ts';
import { IDENTITY_EVENTS } from './identity.events.ts';
import { hashPassword, passwordPolicyProblems } from './password.ts';
import { dutyConflicts, roleByName } from './roles.ts';
import { regionScope } from './scope.ts';
import type { DepartmentLookup, RoleView, RequestMeta } from './session.service.ts';

/**
 * Account administration in the console: list and create staff accounts, assign roles
 * (checking separation of duties), unlock, disable and enable — each within the
 * administrator's region and each audited.
 */
export type AccountView = {
  id: string;
  kind: 'person' | 'staff';
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  regionCode: string | null;
  status: 'active' | 'locked' | 'disabled';
  roles: RoleView[];
  mfaEnrolled: boolean;
  lastLoginAt: string | null;
};

export type RoleInput = { role: string; departmentId: string | null };

export function createAccountService(deps: { db: AnyDb; departments: DepartmentLookup }) {
  const db = deps.db as unknown as Kysely<IdentityTables>;

  async function views(rows: Selectable<IdentityTables['identity.accounts']>[]): Promise<AccountView[]> {
    if (rows.length === 0) return [];
    const roleRows = await db
      .selectFrom('identity.account_roles')
      .selectAll()
      .where(
        'account_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('granted_at')
      .execute();
    const deptIds = [
      ...new Set(
        [...rows.map((r) => r.department_id), ...roleRows.map((r) => r.department_id)].filter(
          (d): d is string => !!d,
        ),
      ),
    ];
    const depts = await deps.departments.describeDepartments(deptIds);
    const now = Date.now();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      username: r.username,
      displayName: r.display_name,
      departmentId: r.department_id,
      departmentName: r.department_id ? (depts.get(r.department_id)?.name ?? null) : null,
      regionCode: r.region_code,
      status:
        r.status === 'disabled'
          ? 'disabled'
          : r.locked_until && r.locked_until.getTime() > now
            ? 'locked'
            : 'active',
      roles: roleRows
        .filter((g) => g.account_id === r.id)
        .map((g) => ({
          role: g.role,
          roleName: roleByName.get(g.role)?.name ?? { 'zh-CN': g.role, en: g.role },
          departmentId: g.department_id,
          departmentName: g.department_id ? (depts.get(g.department_id)?.name ?? null) : null,
          regionCode: g.region_code,
          regionName: g.region_code ? (findDivision(g.region_code)?.name ?? null) : null,
        })),
      mfaEnrolled: !!r.totp_secret_sealed,
      lastLoginAt: r.last_login_at ? r.last_login_at.toISOString() : null,
    }));
  }

  function scoped(actor: Actor, permission: string) {
    const prefixes = regionScope(actor, permission);
    if (prefixes.length === 0) throw CommonErrors.forbidden();
    return prefixes;
  }

  async function getInScope(actor: Actor, permission: string, id: string) {
    const prefixes = scoped(actor, permission);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw IdentityErrors.accountNotFound();
    const row = await db.selectFrom('identity.accounts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw IdentityErrors.accountNotFound();
    const region = row.region_code ?? '';
    if (!prefixes.includes('') && !prefixes.some((p) => region.startsWith(p)))
      throw IdentityErrors.accountNotFound();
    return row;
  }

  async function resolveRoles(kind: 'person' | 'staff', roles: RoleInput[]) {
    const depts = await deps.departments.describeDepartments(
      roles.map((r) => r.departmentId).filter((d): d is string => !!d),
    );
    const resolved = roles.map((r) => {
      const def = roleByName.get(r.role);
      if (!def || def.kind !== kind)
        throw IdentityErrors.unknownRole({
          detail: {
            'zh-CN': `角色 ${r.role} 不存在或不适用于该类账号。`,
            en: `Unknown role ${r.role} for this kind of account.`,
          },
        });
      if (def.scope === 'department') {
        const d = r.departmentId ? depts.get(r.departmentId) : undefined;
        if (!d) throw IdentityErrors.unknownDepartment();
        return { role: r.role, department_id: d.id, region_code: d.regionCode };
      }
      return { role: r.role, department_id: null, region_code: null };
    });
    const conflicts = dutyConflicts(resolved.map((r) => r.role));
    if (conflicts.length) throw IdentityErrors.separationOfDuties();
    return resolved;
  }

  const ctx = (actor: Actor, meta: RequestMeta) => ({ actor, requestId: meta.requestId, ip: meta.ip });

  return {
    async list(
      actor: Actor,
      q: { q?: string | undefined; kind?: 'person' | 'staff' | undefined; page: number; pageSize: number },
    ) {
      requirePermission(actor, 'accounts.read');
      const prefixes = scoped(actor, 'accounts.read');
      let query = db.selectFrom('identity.accounts');
      if (!prefixes.includes('')) {
        query = query.where((w) => w.or(prefixes.map((p) => w('region_code', 'like', `${p}%`))));
      }
      if (q.kind) query = query.where('kind', '=', q.kind);
      if (q.q) {
        const like = `%${q.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
        query = query.where((w) => w.or([w('username', 'ilike', like), w('display_name', 'ilike', like)]));
      }
      const total = await query.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const rows = await query
        .selectAll()
        .orderBy('kind', 'desc')
        .orderBy('username')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute();
      return { items: await views(rows), total: Number(total.n) };
    },

    async create(
      actor: Actor,
      input: { username: string; displayName: string; password: string; roles: RoleInput[] },
      meta: RequestMeta,
    ) {
      requirePermission(actor, 'accounts.manage');
      const prefixes = scoped(actor, 'accounts.manage');
      if (passwordPolicyProblems(input.password).length) throw IdentityErrors.passwordPolicy();
      // Whoever creates accounts may not also grant the separated duties to them.
      const roles = await resolveRoles('staff', input.roles);
      if (
        roles.some((r) => ['sysadmin', 'secadmin', 'auditor'].includes(r.role)) &&
        !actor.permissions.has('roles.assign')
      ) {
        // A system administrator creates the account; a security administrator grants admin duties.
        throw CommonErrors.forbidden({
          detail: {
            'zh-CN': '管理类角色须由安全管理员授予。',
            en: 'Administrative roles are granted by a security administrator.',
          },
        });
      }
      const home = roles[0];
      if (
        home?.region_code &&
        !prefixes.includes('') &&
        !prefixes.some((p) => home.region_code!.startsWith(p))
      )
        throw CommonErrors.outOfScope();
      const hash = await hashPassword(input.password);
      const created = await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        const taken = await trx
          .selectFrom('identity.accounts')
          .select('id')
          .where(sql<boolean>`lower(username) = lower(${input.username})`)
          .executeTakeFirst();
        if (taken) throw IdentityErrors.usernameTaken();
        const created = await trx
          .insertInto('identity.accounts')
          .values({
            kind: 'staff',
            username: input.username,
            display_name: input.displayName,
            person_id: null,
            department_id: home?.department_id ?? null,
            region_code: home?.region_code ?? null,
            password_hash: hash,
            locked_until: null,
            totp_secret_sealed: null,
            totp_enrolled_at: null,
            totp_last_counter: null,
            real_name_level: null,
            last_login_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (roles.length)
          await trx
            .insertInto('identity.account_roles')
            .values(roles.map((r) => ({ ...r, account_id: created.id, granted_by: actor.accountId })))
            .execute();
        await recordAudit(t, ctx(actor, meta), {
          action: 'account.created',
          resourceType: 'account',
          resourceId: created.id,
          details: { username: input.username, roles: roles.map((r) => r.role) },
        });
        return created;
      });
      return (await views([created]))[0]!;
    },

    async setRoles(actor: Actor, id: string, input: RoleInput[], meta: RequestMeta) {
      requirePermission(actor, 'roles.assign');
      const row = await getInScope(actor, 'roles.assign', id);
      if (row.id === actor.accountId) throw IdentityErrors.selfGrant();
      const roles = await resolveRoles(row.kind, input);
      await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        await trx.deleteFrom('identity.account_roles').where('account_id', '=', row.id).execute();
        if (roles.length)
          await trx
            .insertInto('identity.account_roles')
            .values(roles.map((r) => ({ ...r, account_id: row.id, granted_by: actor.accountId })))
            .execute();
        // New duties take effect at the next sign-in: end current sessions.
        await trx
          .updateTable('identity.sessions')
          .set({ revoked_at: new Date(), revoked_reason: 'roles_changed' })
          .where('account_id', '=', row.id)
          .where('revoked_at', 'is', null)
          .execute();
        await recordAudit(t, ctx(actor, meta), {
          action: 'account.roles_changed',
          resourceType: 'account',
          resourceId: row.id,
          details: { roles: roles.map((r) => ({ role: r.role, departmentId: r.department_id })) },
        });
      });
      return (
        await views([
          (await db
            .selectFrom('identity.accounts')
            .selectAll()
            .where('id', '=', row.id)
            .executeTakeFirstOrThrow()) as typeof row,
        ])
      )[0]!;
    },

    async setStatus(actor: Actor, id: string, change: 'unlock' | 'disable' | 'enable', meta: RequestMeta) {
      const permission = change === 'unlock' ? 'accounts.unlock' : 'accounts.manage';
      requirePermission(actor, permission);
      const row = await getInScope(actor, permission, id);
      if (row.id === actor.accountId && change === 'disable')
        throw IdentityErrors.selfGrant({
          detail: { 'zh-CN': '不能停用自己的账号。', en: 'You cannot disable your own account.' },
        });
      await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        if (change === 'unlock')
          await trx
            .updateTable('identity.accounts')
            .set({ failed_attempts: 0, locked_until: null })
            .where('id', '=', row.id)
            .execute();
        if (change === 'disable') {
          await trx
            .updateTable('identity.accounts')
            .set({ status: 'disabled' })
            .where('id', '=', row.id)
            .execute();
          await trx
            .updateTable('identity.sessions')
            .set({ revoked_at: new Date(), revoked_reason: 'disabled' })
            .where('account_id', '=', row.id)
            .where('revoked_at', 'is', null)
            .execute();
          await publishEvent(
            t,
            IDENTITY_EVENTS.sessionEnded,
            { accountId: row.id, reason: 'disabled' },
            meta.requestId,
          );
        }
        if (change === 'enable')
          await trx
            .updateTable('identity.accounts')
            .set({ status: 'active' })
            .where('id', '=', row.id)
            .execute();
        await recordAudit(t, ctx(actor, meta), {
          action: (
            { unlock: 'account.unlocked', disable: 'account.disabled', enable: 'account.enabled' } as const
          )[change],
          resourceType: 'account',
          resourceId: row.id,
        });
      });
      return (
        await views([
          (await db
            .selectFrom('identity.accounts')
            .selectAll()
            .where('id', '=', row.id)
            .executeTakeFirstOrThrow()) as typeof row,
        ])
      )[0]!;
    },

    /** The signed-in person's own record, masked, and the read audited. */
    async profile(actor: Actor, meta: RequestMeta) {
      const account = await db
        .selectFrom('identity.accounts')
        .selectAll()
        .where('id', '=', actor.accountId!)
        .executeTakeFirstOrThrow();
      if (!account.person_id) {
        return {
          kind: account.kind,
          displayName: account.display_name,
          regionCode: account.region_code,
          regionName: account.region_code ? (findDivision(account.region_code)?.name ?? null) : null,
          idNumberMasked: null,
          mobileMasked: null,
          realNameLevel: null,
        };
      }
      const p = await db
        .selectFrom('identity.persons')
        .selectAll()
        .where('id', '=', account.person_id)
        .executeTakeFirstOrThrow();
      await recordAudit(deps.db, ctx(actor, meta), {
        action: 'person.profile_read',
        resourceType: 'person',
        resourceId: p.id,
        subjectRef: p.id,
        purpose: 'self-service',
      });
      return {
        kind: account.kind,
        displayName: account.display_name,
        idNumberMasked: maskIdNumber(p.id_number),
        mobileMasked: p.mobile ? maskMobile(p.mobile) : null,
        realNameLevel: account.real_name_level,
        regionCode: p.region_code,
        regionName: findDivision(p.region_code)?.name ?? null,
      };
    },

    /** The data subject reference (person id) of an account, for "who used my data". */
    async subjectRefOf(accountId: string): Promise<string | null> {
      const a = await db
        .selectFrom('identity.accounts')
        .select('person_id')
        .where('id', '=', accountId)
        .executeTakeFirst();
      return a?.person_id ?? null;
    },

    async countsByCity(): Promise<Map<string, { persons: number; organisations: number; staff: number }>> {
      const city = (col: string) => sql<string>`substr(${sql.ref(col)}, 1, 4) || '00'`;
      const persons = await db
        .selectFrom('identity.persons')
        .select([city('region_code').as('city'), sql<string>`count(*)`.as('n')])
        .groupBy(sql`1`)
        .execute();
      const orgs = await db
        .selectFrom('identity.organisations')
        .select([city('region_code').as('city'), sql<string>`count(*)`.as('n')])
        .groupBy(sql`1`)
        .execute();
      const staff = await db
        .selectFrom('identity.accounts')
        .where('kind', '=', 'staff')
        .where('region_code', 'is not', null)
        .select([city('region_code').as('city'), sql<string>`count(*)`.as('n')])
        .groupBy(sql`1`)
        .execute();
      const out = new Map<string, { persons: number; organisations: number; staff: number }>();
      const get = (c: string) =>
        out.get(c) ?? (out.set(c, { persons: 0, organisations: 0, staff: 0 }), out.get(c)!);
      for (const r of persons) get(r.city).persons = Number(r.n);
      for (const r of orgs) get(r.city).organisations = Number(r.n);
      for (const r of staff) get(r.city).staff = Number(r.n);
      return out;
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
