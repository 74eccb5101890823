import type { Kysely } from 'kysely';
import { divisionPath, maskIdNumber } from '@sufu/china-ids';
import type { Localized } from '@sufu/kernel';
import type { CasesTables } from './tables.ts';

/**
 * Where the two exemptions (两个免于提交) take their data from.
 * - Certificates: a material issued by government is taken from the applicant's
 *   e-certificates through `CertificateSource`, the interface the certificate library
 *   (电子证照库) will implement. Until it lands, `interimCertificates` answers from the
 *   identity records (居民身份证, 居民户口簿, 营业执照) and from the results this module
 *   delivered itself.
 * - Shared data: fields and materials obtainable from the base libraries (人口、法人基础信息库)
 *   through `SharedDataSource`; today backed by identity's population and legal-person records.
 */
export type Holder = {
  type: 'person' | 'organisation';
  /** identity person or organisation id */
  ref: string;
  name: string;
  /** 公民身份号码 or 统一社会信用代码 */
  code: string;
  regionCode: string;
};

export type CertificateRef = {
  certificateId: string;
  type: string;
  /** Masked certificate number, safe to show. */
  number: string;
  issuer: string;
};

export interface CertificateSource {
  find(holder: Holder, type: string, db: Kysely<CasesTables>): Promise<CertificateRef | null>;
}

export type PrefillField = {
  key: string;
  value: string;
  source: Localized;
  purpose: Localized;
};

export type SharedRecord = {
  holder: Holder;
  /** x-prefill key → value, e.g. name, idNumber, birthDate, address. */
  fields: Record<string, string>;
  source: Localized;
};

export interface SharedDataSource {
  /** The base-library record of the applicant (person, or the organisation acted for). */
  record(applicant: { accountId: string; organisationId?: string | null }): Promise<SharedRecord | null>;
  /** The record of a person by ID number (counter intake). */
  personByIdNumber(idNumber: string): Promise<(SharedRecord & { accountId: string | null }) | null>;
}

const POPULATION: Localized = {
  'zh-CN': '人口基础信息库（省大数据管理中心）',
  en: 'Population base library (Jiangsu Big Data Centre)',
};
const LEGAL_PERSON: Localized = {
  'zh-CN': '法人基础信息库（省大数据管理中心）',
  en: 'Legal-person base library (Jiangsu Big Data Centre)',
};

export function regionName(code: string): string {
  return divisionPath(code)
    .map((d) => d.name)
    .join('');
}

type PersonRecord = {
  personId: string;
  accountId: string | null;
  name: string;
  idNumber: string;
  sex: 'male' | 'female';
  birthDate: string;
  regionCode: string;
  mobile: string | null;
};
type OrganisationRecord = {
  organisationId: string;
  name: string;
  creditCode: string;
  regionCode: string;
  legalRepresentative: string | null;
};

/** The base libraries as seen through identity's records. */
export function identitySharedData(identity: {
  personRecord(key: { accountId: string } | { idNumber: string }): Promise<PersonRecord | null>;
  organisationRecord(id: string): Promise<OrganisationRecord | null>;
}): SharedDataSource {
  const personShared = (p: PersonRecord): SharedRecord & { accountId: string | null } => ({
    holder: { type: 'person', ref: p.personId, name: p.name, code: p.idNumber, regionCode: p.regionCode },
    accountId: p.accountId,
    source: POPULATION,
    fields: {
      name: p.name,
      idNumber: p.idNumber,
      gender: p.sex === 'male' ? '男' : '女',
      birthDate: p.birthDate,
      regionCode: p.regionCode,
      address: regionName(p.regionCode),
      ...(p.mobile ? { mobile: p.mobile } : {}),
    },
  });
  return {
    async record(a) {
      if (a.organisationId) {
        const [o, p] = await Promise.all([
          identity.organisationRecord(a.organisationId),
          identity.personRecord({ accountId: a.accountId }),
        ]);
        if (!o) return null;
        return {
          holder: {
            type: 'organisation',
            ref: o.organisationId,
            name: o.name,
            code: o.creditCode,
            regionCode: o.regionCode,
          },
          source: LEGAL_PERSON,
          fields: {
            organisationName: o.name,
            creditCode: o.creditCode,
            regionCode: o.regionCode,
            address: regionName(o.regionCode),
            ...(o.legalRepresentative ? { legalRepresentative: o.legalRepresentative } : {}),
            ...(p ? { name: p.name, idNumber: p.idNumber, ...(p.mobile ? { mobile: p.mobile } : {}) } : {}),
          },
        };
      }
      const p = await identity.personRecord({ accountId: a.accountId });
      return p ? personShared(p) : null;
    },
    async personByIdNumber(idNumber) {
      const p = await identity.personRecord({ idNumber });
      return p ? personShared(p) : null;
    },
  };
}

/**
 * Certificates until the e-certificate library lands: the identity card and household
 * register of a registered person, the business licence of a registered organisation, and
 * every certificate this platform delivered as a case result.
 */
export const interimCertificates: CertificateSource = {
  async find(holder, type, db) {
    const delivered = await db
      .selectFrom('cases.results')
      .select(['id', 'certificate_type', 'certificate_number', 'issuer'])
      .where('holder_ref', '=', holder.ref)
      .where('certificate_type', '=', type)
      .orderBy('issued_at', 'desc')
      .executeTakeFirst();
    if (delivered)
      return {
        certificateId: `result:${delivered.id}`,
        type,
        number: delivered.certificate_number,
        issuer: delivered.issuer,
      };
    if (holder.type === 'person' && type === '居民身份证')
      return {
        certificateId: `identity:${holder.ref}:id-card`,
        type,
        number: maskIdNumber(holder.code),
        issuer: `${regionName(holder.regionCode)}公安机关`,
      };
    if (holder.type === 'person' && type === '居民户口簿')
      return {
        certificateId: `identity:${holder.ref}:household`,
        type,
        number: maskIdNumber(holder.code),
        issuer: `${regionName(holder.regionCode)}户籍登记机关`,
      };
    if (holder.type === 'organisation' && type === '营业执照')
      return {
        certificateId: `identity:${holder.ref}:licence`,
        type,
        number: `${holder.code.slice(0, 6)}********${holder.code.slice(-4)}`,
        issuer: `${regionName(holder.regionCode)}市场监督管理部门`,
      };
    return null;
  },
};

/** Which base library can stand in for a material marked "obtainable from shared data". */
export function sharedMaterialSource(materialName: string, holder: Holder): Localized | null {
  if (holder.type === 'person' && /身份|户口|户籍|人口/.test(materialName)) return POPULATION;
  if (holder.type === 'organisation' && /营业执照|法人|登记证|机构代码/.test(materialName))
    return LEGAL_PERSON;
  return null;
}
