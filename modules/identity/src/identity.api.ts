import type { Kysely } from 'kysely';
import type { AnyDb } from '@sufu/kernel';
import type { IdentityTables } from './identity.tables.ts';
import type { SessionService } from './session.service.ts';
import { SESSION_COOKIE } from './session.service.ts';

/**
 * What other modules may ask of identity: who is behind a browser session, the claims
 * about an account that may be released (to a single sign-on client, a scanner), and
 * the holder (person or organisation) a service code stands for.
 */
export type AccountClaims = {
  accountId: string;
  kind: 'person' | 'staff';
  name: string;
  username: string;
  realNameLevel: 'L1' | 'L2' | 'L3' | null;
  /** The person record behind a resident account; null for staff. */
  personId: string | null;
  regionCode: string | null;
  departmentId: string | null;
  mobileVerified: boolean;
};

export type HolderRecord = {
  type: 'person' | 'organisation';
  id: string;
  name: string;
  /** 公民身份号码 or 统一社会信用代码, in clear: callers must mask or audit. */
  code: string;
  realNameLevel: 'L1' | 'L2' | 'L3' | null;
  regionCode: string;
};

export type IdentityApi = {
  countsByCity(): Promise<Map<string, { persons: number; organisations: number; staff: number }>>;
  /** The signed-in account behind a raw Cookie header (for SSO interactions); null if none. */
  sessionFromCookieHeader(
    cookieHeader: string | undefined,
  ): Promise<{ accountId: string; kind: 'person' | 'staff'; sessionId: string } | null>;
  claimsFor(accountId: string): Promise<AccountClaims | null>;
  /** The holder a resident account stands for (its person record). */
  holderOfAccount(accountId: string): Promise<HolderRecord | null>;
  getHolder(type: 'person' | 'organisation', id: string): Promise<HolderRecord | null>;
  /**
   * The organisation the account currently acts for in its most recent live session
   * (what a single sign-on login releases as `acting_org`), if the authorisation holds.
   */
  actingOrganisationOf(accountId: string): Promise<{ name: string; creditCode: string } | null>;
  /** Whether the account may act for the organisation now (for one service, or any). */
  authorisedFor(accountId: string, organisationId: string, service?: string): Promise<boolean>;
  /**
   * The population record (人口基础信息) behind a resident account or an ID number: what
   * a service may prefill with the person's consent. In clear: callers must audit the read.
   */
  personRecord(key: { accountId: string } | { idNumber: string }): Promise<PersonRecord | null>;
  /** The legal-person record (法人基础信息) of an organisation. In clear: audit the read. */
  organisationRecord(organisationId: string): Promise<OrganisationRecord | null>;
};

export type PersonRecord = {
  personId: string;
  /** The resident account of the person, if they registered. */
  accountId: string | null;
  name: string;
  idNumber: string;
  sex: 'male' | 'female';
  birthDate: string;
  regionCode: string;
  mobile: string | null;
  realNameLevel: 'L1' | 'L2' | 'L3' | null;
};

export type OrganisationRecord = {
  organisationId: string;
  name: string;
  creditCode: string;
  orgType: string;
  regionCode: string;
  legalRepresentative: string | null;
  establishedOn: string | null;
};

const isoDay = (d: string | Date | null): string | null =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

function parseCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export function createIdentityApi(deps: {
  db: AnyDb;
  sessions: SessionService;
  countsByCity: IdentityApi['countsByCity'];
  authorisedFor: IdentityApi['authorisedFor'];
}): IdentityApi {
  const db = deps.db as unknown as Kysely<IdentityTables>;
  const personHolder = (
    p: { id: string; name: string; id_number: string; region_code: string },
    level: AccountClaims['realNameLevel'],
  ): HolderRecord => ({
    type: 'person',
    id: p.id,
    name: p.name,
    code: p.id_number,
    realNameLevel: level,
    regionCode: p.region_code,
  });
  return {
    countsByCity: deps.countsByCity,
    authorisedFor: deps.authorisedFor,
    async sessionFromCookieHeader(header) {
      const r = await deps.sessions.resolve(parseCookie(header, SESSION_COOKIE));
      if (!r || !r.actor.accountId || (r.actor.kind !== 'person' && r.actor.kind !== 'staff')) return null;
      return { accountId: r.actor.accountId, kind: r.actor.kind, sessionId: r.actor.sessionId! };
    },
    async claimsFor(accountId) {
      if (!/^[0-9a-f-]{36}$/i.test(accountId)) return null;
      const a = await db
        .selectFrom('identity.accounts')
        .selectAll()
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (!a || a.status !== 'active') return null;
      return {
        accountId: a.id,
        kind: a.kind,
        name: a.display_name,
        username: a.username,
        realNameLevel: a.real_name_level,
        personId: a.person_id,
        regionCode: a.region_code,
        departmentId: a.department_id,
        mobileVerified: a.kind === 'person',
      };
    },
    async actingOrganisationOf(accountId) {
      if (!/^[0-9a-f-]{36}$/i.test(accountId)) return null;
      const s = await db
        .selectFrom('identity.sessions')
        .select('acting_org_id')
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .where('mfa_passed', '=', true)
        .where('expires_at', '>', new Date())
        .orderBy('last_seen_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      const orgId = s?.acting_org_id;
      if (!orgId || !(await deps.authorisedFor(accountId, orgId))) return null;
      const o = await db
        .selectFrom('identity.organisations')
        .select(['name', 'credit_code'])
        .where('id', '=', orgId)
        .executeTakeFirst();
      return o ? { name: o.name, creditCode: o.credit_code } : null;
    },
    async holderOfAccount(accountId) {
      if (!/^[0-9a-f-]{36}$/i.test(accountId)) return null;
      const row = await db
        .selectFrom('identity.accounts as a')
        .innerJoin('identity.persons as p', 'p.id', 'a.person_id')
        .select(['p.id', 'p.name', 'p.id_number', 'p.region_code', 'a.real_name_level'])
        .where('a.id', '=', accountId)
        .executeTakeFirst();
      return row ? personHolder(row, row.real_name_level) : null;
    },
    async getHolder(type, id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      if (type === 'person') {
        const p = await db
          .selectFrom('identity.persons')
          .select(['id', 'name', 'id_number', 'region_code'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (!p) return null;
        const acc = await db
          .selectFrom('identity.accounts')
          .select('real_name_level')
          .where('person_id', '=', id)
          .executeTakeFirst();
        return personHolder(p, acc?.real_name_level ?? null);
      }
      const o = await db
        .selectFrom('identity.organisations')
        .select(['id', 'name', 'credit_code', 'region_code'])
        .where('id', '=', id)
        .executeTakeFirst();
      return o
        ? {
            type: 'organisation',
            id: o.id,
            name: o.name,
            code: o.credit_code,
            realNameLevel: null,
            regionCode: o.region_code,
          }
        : null;
    },
    async personRecord(key) {
      let q = db
        .selectFrom('identity.persons as p')
        .leftJoin('identity.accounts as a', (j) =>
          j.onRef('a.person_id', '=', 'p.id').on('a.kind', '=', 'person'),
        )
        .select([
          'p.id',
          'p.name',
          'p.id_number',
          'p.sex',
          'p.birth_date',
          'p.region_code',
          'p.mobile',
          'a.id as account_id',
          'a.real_name_level',
        ]);
      if ('accountId' in key) {
        if (!/^[0-9a-f-]{36}$/i.test(key.accountId)) return null;
        q = q.where('a.id', '=', key.accountId);
      } else {
        q = q.where('p.id_number', '=', key.idNumber.toUpperCase());
      }
      const r = await q.executeTakeFirst();
      if (!r) return null;
      return {
        personId: r.id,
        accountId: r.account_id ?? null,
        name: r.name,
        idNumber: r.id_number,
        sex: r.sex,
        birthDate: isoDay(r.birth_date)!,
        regionCode: r.region_code,
        mobile: r.mobile,
        realNameLevel: r.real_name_level ?? null,
      };
    },
    async organisationRecord(organisationId) {
      if (!/^[0-9a-f-]{36}$/i.test(organisationId)) return null;
      const o = await db
        .selectFrom('identity.organisations as o')
        .leftJoin('identity.persons as p', 'p.id', 'o.legal_rep_person_id')
        .select([
          'o.id',
          'o.name',
          'o.credit_code',
          'o.org_type',
          'o.region_code',
          'o.established_on',
          'p.name as rep',
        ])
        .where('o.id', '=', organisationId)
        .executeTakeFirst();
      return o
        ? {
            organisationId: o.id,
            name: o.name,
            creditCode: o.credit_code,
            orgType: o.org_type,
            regionCode: o.region_code,
            legalRepresentative: o.rep ?? null,
            establishedOn: isoDay(o.established_on),
          }
        : null;
    },
  };
}
