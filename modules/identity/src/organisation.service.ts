import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { defineError, recordAudit, requireSignedIn, type Actor, type AnyDb } from '@sufu/kernel';
import { maskIdNumber, validateCreditCode, validateIdNumber } from '@sufu/china-ids';
import type { IdentityTables } from './identity.tables.ts';
import type { RequestMeta } from './session.service.ts';

/**
 * Enterprises and their agents (法人 and 经办人). An organisation is claimed by the
 * person the legal-person register names as its legal representative; the legal
 * representative authorises agents for all services or chosen ones, for a period, and
 * may revoke them. Every act done for an organisation records both the agent and the
 * organisation (the actor's `actingFor`).
 */
export const OrganisationErrors = {
  invalidCode: defineError('organisations.invalid_credit_code', 'validation', {
    'zh-CN': '统一社会信用代码不正确。',
    en: 'The unified social credit code is not valid.',
  }),
  notFound: defineError('organisations.not_found', 'not_found', {
    'zh-CN': '法人库中没有该统一社会信用代码的单位。',
    en: 'No organisation with this credit code in the legal-person register.',
  }),
  notLegalRep: defineError('organisations.not_legal_representative', 'forbidden', {
    'zh-CN': '法人库登记的法定代表人不是您本人，不能以该单位名义办理。',
    en: 'The register does not name you as the legal representative of this organisation.',
  }),
  agentNotFound: defineError('organisations.agent_not_found', 'not_found', {
    'zh-CN': '未找到该经办人的实名账户：请经办人先在苏服办注册，并核对姓名和身份证号。',
    en: 'No registered resident with this name and ID number; the agent must register first.',
  }),
  badPeriod: defineError('organisations.invalid_period', 'validation', {
    'zh-CN': '授权截止时间须晚于当前时间。',
    en: 'The authorisation must end in the future.',
  }),
  authorisationNotFound: defineError('organisations.authorisation_not_found', 'not_found', {
    'zh-CN': '授权不存在。',
    en: 'No such authorisation.',
  }),
};

export type AuthorisationView = {
  id: string;
  organisation: { id: string; name: string; creditCode: string };
  role: 'legal_rep' | 'agent';
  agent: { accountId: string; name: string; idNumberMasked: string | null };
  scopeAll: boolean;
  services: string[];
  validFrom: string;
  validUntil: string | null;
  status: 'active' | 'expired' | 'revoked' | 'not_yet_valid';
  revokedAt: string | null;
};

export function createOrganisationService(deps: { db: AnyDb }) {
  const db = deps.db as unknown as Kysely<IdentityTables>;
  const ctx = (actor: Actor, meta: RequestMeta) => ({ actor, requestId: meta.requestId, ip: meta.ip });

  async function personOf(actor: Actor) {
    requireSignedIn(actor);
    const a = await db
      .selectFrom('identity.accounts')
      .select(['person_id', 'kind'])
      .where('id', '=', actor.accountId!)
      .executeTakeFirstOrThrow();
    if (!a.person_id) throw OrganisationErrors.notLegalRep();
    return a.person_id;
  }

  async function requireLegalRep(actor: Actor, organisationId: string) {
    const personId = await personOf(actor);
    const org = /^[0-9a-f-]{36}$/i.test(organisationId)
      ? await db
          .selectFrom('identity.organisations')
          .selectAll()
          .where('id', '=', organisationId)
          .executeTakeFirst()
      : undefined;
    if (!org) throw OrganisationErrors.notFound();
    if (org.legal_rep_person_id !== personId) throw OrganisationErrors.notLegalRep();
    return org;
  }

  async function views(where: { accountId?: string; organisationId?: string }): Promise<AuthorisationView[]> {
    let q = db
      .selectFrom('identity.org_authorisations as a')
      .innerJoin('identity.organisations as o', 'o.id', 'a.organisation_id')
      .innerJoin('identity.accounts as acc', 'acc.id', 'a.account_id')
      .leftJoin('identity.persons as p', 'p.id', 'acc.person_id')
      .select([
        'a.id',
        'a.role',
        'a.scope_all',
        'a.scope_services',
        'a.valid_from',
        'a.valid_until',
        'a.revoked_at',
        'a.account_id',
        'o.id as org_id',
        'o.name as org_name',
        'o.credit_code',
        'acc.display_name',
        'p.id_number',
      ]);
    if (where.accountId) q = q.where('a.account_id', '=', where.accountId);
    if (where.organisationId) q = q.where('a.organisation_id', '=', where.organisationId);
    const rows = await q.orderBy('a.created_at', 'desc').execute();
    const now = Date.now();
    return rows.map((r) => ({
      id: r.id,
      organisation: { id: r.org_id, name: r.org_name, creditCode: r.credit_code },
      role: r.role,
      agent: {
        accountId: r.account_id,
        name: r.display_name,
        idNumberMasked: r.id_number ? maskIdNumber(r.id_number) : null,
      },
      scopeAll: r.scope_all,
      services: r.scope_services,
      validFrom: r.valid_from.toISOString(),
      validUntil: r.valid_until ? r.valid_until.toISOString() : null,
      status: r.revoked_at
        ? 'revoked'
        : r.valid_from.getTime() > now
          ? 'not_yet_valid'
          : r.valid_until && r.valid_until.getTime() <= now
            ? 'expired'
            : 'active',
      revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
    }));
  }

  return {
    /** The legal representative claims an organisation from the legal-person register. */
    async claim(actor: Actor, rawCode: string, meta: RequestMeta) {
      const personId = await personOf(actor);
      const v = validateCreditCode(rawCode);
      if (!v.ok) throw OrganisationErrors.invalidCode({ detail: v.message });
      const org = await db
        .selectFrom('identity.organisations')
        .selectAll()
        .where('credit_code', '=', v.value)
        .executeTakeFirst();
      if (!org) throw OrganisationErrors.notFound();
      if (org.legal_rep_person_id !== personId) {
        await recordAudit(deps.db, ctx(actor, meta), {
          action: 'organisation.claim_refused',
          resourceType: 'organisation',
          resourceId: org.id,
          outcome: 'denied',
        });
        throw OrganisationErrors.notLegalRep();
      }
      await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        const existing = await trx
          .selectFrom('identity.org_authorisations')
          .select('id')
          .where('organisation_id', '=', org.id)
          .where('account_id', '=', actor.accountId!)
          .where('role', '=', 'legal_rep')
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (existing) return;
        await trx
          .insertInto('identity.org_authorisations')
          .values({
            organisation_id: org.id,
            account_id: actor.accountId!,
            role: 'legal_rep',
            scope_all: true,
            scope_services: sql`'[]'::jsonb` as never,
            valid_until: null,
            granted_by: null,
            revoked_at: null,
            revoked_by: null,
          })
          .execute();
        await recordAudit(t, ctx(actor, meta), {
          action: 'organisation.claimed',
          resourceType: 'organisation',
          resourceId: org.id,
          subjectRef: org.id,
        });
      });
      return (await views({ accountId: actor.accountId!, organisationId: org.id }))[0]!;
    },

    /** Organisations I represent or act for, with the status of each authorisation. */
    async mine(actor: Actor) {
      requireSignedIn(actor);
      return views({ accountId: actor.accountId! });
    },

    async agents(actor: Actor, organisationId: string) {
      await requireLegalRep(actor, organisationId);
      return (await views({ organisationId })).filter((v) => v.role === 'agent');
    },

    async grant(
      actor: Actor,
      organisationId: string,
      input: {
        name: string;
        idNumber: string;
        scopeAll: boolean;
        services: string[];
        validUntil: Date | null;
      },
      meta: RequestMeta,
    ) {
      const org = await requireLegalRep(actor, organisationId);
      const id = validateIdNumber(input.idNumber);
      if (!id.ok) throw OrganisationErrors.agentNotFound();
      if (input.validUntil && input.validUntil.getTime() <= Date.now()) throw OrganisationErrors.badPeriod();
      const agent = await db
        .selectFrom('identity.accounts as a')
        .innerJoin('identity.persons as p', 'p.id', 'a.person_id')
        .select(['a.id', 'p.name'])
        .where('p.id_number', '=', id.value)
        .where('a.status', '=', 'active')
        .executeTakeFirst();
      if (!agent || agent.name !== input.name.trim()) throw OrganisationErrors.agentNotFound();
      const created = await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        const row = await trx
          .insertInto('identity.org_authorisations')
          .values({
            organisation_id: org.id,
            account_id: agent.id,
            role: 'agent',
            scope_all: input.scopeAll,
            scope_services: sql`${JSON.stringify(input.scopeAll ? [] : input.services)}::jsonb` as never,
            valid_until: input.validUntil,
            granted_by: actor.accountId,
            revoked_at: null,
            revoked_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(t, ctx(actor, meta), {
          action: 'organisation.agent_authorised',
          resourceType: 'org_authorisation',
          resourceId: row.id,
          subjectRef: org.id,
          details: {
            agentAccountId: agent.id,
            scopeAll: input.scopeAll,
            services: input.services,
            validUntil: input.validUntil?.toISOString() ?? null,
          },
        });
        return row;
      });
      return (await views({ organisationId: org.id })).find((v) => v.id === created.id)!;
    },

    async revoke(actor: Actor, organisationId: string, authorisationId: string, meta: RequestMeta) {
      const org = await requireLegalRep(actor, organisationId);
      const r = await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        const res = await trx
          .updateTable('identity.org_authorisations')
          .set({ revoked_at: new Date(), revoked_by: actor.accountId })
          .where('id', '=', authorisationId)
          .where('organisation_id', '=', org.id)
          .where('role', '=', 'agent')
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return false;
        await recordAudit(t, ctx(actor, meta), {
          action: 'organisation.agent_revoked',
          resourceType: 'org_authorisation',
          resourceId: authorisationId,
          subjectRef: org.id,
        });
        return true;
      });
      if (!r) throw OrganisationErrors.authorisationNotFound();
    },

    /**
     * Whether an account may act for an organisation now, for a service (its basic code)
     * or for anything when `service` is omitted — the check every module applies before
     * doing something in an organisation's name.
     */
    async authorisedFor(accountId: string, organisationId: string, service?: string): Promise<boolean> {
      if (!/^[0-9a-f-]{36}$/i.test(organisationId) || !/^[0-9a-f-]{36}$/i.test(accountId)) return false;
      const now = new Date();
      const rows = await db
        .selectFrom('identity.org_authorisations as a')
        .innerJoin('identity.organisations as o', 'o.id', 'a.organisation_id')
        .innerJoin('identity.accounts as acc', 'acc.id', 'a.account_id')
        .select(['a.role', 'a.scope_all', 'a.scope_services', 'o.legal_rep_person_id', 'acc.person_id'])
        .where('a.organisation_id', '=', organisationId)
        .where('a.account_id', '=', accountId)
        .where('a.revoked_at', 'is', null)
        .where('a.valid_from', '<=', now)
        .where((w) => w.or([w('a.valid_until', 'is', null), w('a.valid_until', '>', now)]))
        .execute();
      return rows.some((r) => {
        if (r.role === 'legal_rep') return r.legal_rep_person_id === r.person_id;
        return r.scope_all || (service !== undefined && r.scope_services.includes(service));
      });
    },
  };
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
