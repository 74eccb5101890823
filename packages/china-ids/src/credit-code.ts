import { jiangsuCounties } from './divisions.ts';
import type { LocalizedMessage } from './messages.ts';
import { findProvince } from './provinces.ts';
import type { Rng } from './rng.ts';

/** Why a credit code was rejected; stable codes a form can map to a field hint. */
export type CreditCodeInvalidReason =
  | 'length'
  | 'characters'
  | 'registration_authority'
  | 'category'
  | 'region'
  | 'org_code_check'
  | 'check_char';

export interface CodeName {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
}

export interface RegistrationAuthority extends CodeName {
  /** The 机构类别 codes this authority may use in position 2. */
  readonly categories: readonly CodeName[];
}

export interface ValidCreditCode {
  readonly ok: true;
  /** Trimmed and upper-cased: the one form to store and compare. */
  readonly value: string;
  /** Position 1, 登记管理部门. */
  readonly authority: CodeName;
  /** Position 2, 机构类别. */
  readonly category: CodeName;
  /** Positions 3–8, GB/T 2260 code of the registering office ('100000' for national registration). */
  readonly regionCode: string;
  /** Positions 9–17, the GB 11714 组织机构代码 including its own check character. */
  readonly orgCode: string;
}

export interface InvalidCreditCode {
  readonly ok: false;
  readonly reason: CreditCodeInvalidReason;
  readonly message: LocalizedMessage;
}

export type CreditCodeResult = ValidCreditCode | InvalidCreditCode;

/** GB 32100 character set: 0–9 and the capitals without I, O, S, V, Z (too easily misread). */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Region used by bodies registered at national level (e.g. 11100000000013338W, 住房和城乡建设部). */
const NATIONAL_REGION = '100000';

const other: CodeName = { code: '9', name: '其他', nameEn: 'Other' };

/**
 * GB 32100-2015 Appendix A: 登记管理部门 (position 1) and the 机构类别 each may use (position 2), as
 * reproduced consistently in public implementations (standards-cn §1.2). Forms use the names to tell
 * an applicant what kind of organisation a code belongs to.
 */
export const registrationAuthorities: readonly RegistrationAuthority[] = [
  {
    code: '1',
    name: '机构编制',
    nameEn: 'Institutional establishment administration',
    categories: [
      { code: '1', name: '机关', nameEn: 'Government body' },
      { code: '2', name: '事业单位', nameEn: 'Public institution' },
      {
        code: '3',
        name: '中央编办直接管理机构编制的群众团体',
        nameEn: 'Mass organisation staffed under the central establishment office',
      },
      other,
    ],
  },
  {
    code: '2',
    name: '外交',
    nameEn: 'Foreign affairs',
    categories: [{ code: '1', name: '外国常住新闻机构', nameEn: 'Resident foreign news agency' }, other],
  },
  {
    code: '3',
    name: '司法行政',
    nameEn: 'Judicial administration',
    categories: [
      { code: '1', name: '律师执业机构', nameEn: 'Law firm' },
      { code: '2', name: '公证处', nameEn: 'Notary office' },
      { code: '3', name: '基层法律服务所', nameEn: 'Grassroots legal service office' },
      { code: '4', name: '司法鉴定机构', nameEn: 'Forensic appraisal institution' },
      { code: '5', name: '仲裁委员会', nameEn: 'Arbitration commission' },
      other,
    ],
  },
  {
    code: '4',
    name: '文化',
    nameEn: 'Culture',
    categories: [{ code: '1', name: '外国在华文化中心', nameEn: 'Foreign cultural centre in China' }, other],
  },
  {
    code: '5',
    name: '民政',
    nameEn: 'Civil affairs',
    categories: [
      { code: '1', name: '社会团体', nameEn: 'Social organisation' },
      { code: '2', name: '民办非企业单位', nameEn: 'Private non-enterprise unit' },
      { code: '3', name: '基金会', nameEn: 'Foundation' },
      other,
    ],
  },
  {
    code: '6',
    name: '旅游',
    nameEn: 'Tourism',
    categories: [
      {
        code: '1',
        name: '外国旅游部门常驻代表机构',
        nameEn: 'Resident office of a foreign tourism authority',
      },
      {
        code: '2',
        name: '港澳台地区旅游部门常驻内地(大陆)代表机构',
        nameEn: 'Resident mainland office of a Hong Kong, Macao or Taiwan tourism authority',
      },
      other,
    ],
  },
  {
    code: '7',
    name: '宗教',
    nameEn: 'Religious affairs',
    categories: [
      { code: '1', name: '宗教活动场所', nameEn: 'Place of religious activity' },
      { code: '2', name: '宗教院校', nameEn: 'Religious college' },
      other,
    ],
  },
  {
    code: '8',
    name: '工会',
    nameEn: 'Trade unions',
    categories: [{ code: '1', name: '基层工会', nameEn: 'Grassroots trade union' }, other],
  },
  {
    code: '9',
    name: '工商（市场监管）',
    nameEn: 'Market regulation (industry and commerce)',
    categories: [
      { code: '1', name: '企业', nameEn: 'Enterprise' },
      { code: '2', name: '个体工商户', nameEn: 'Individual business' },
      { code: '3', name: '农民专业合作社', nameEn: "Farmers' specialised cooperative" },
    ],
  },
  {
    code: 'A',
    name: '中央军委改革和编制办公室',
    nameEn: 'CMC Reform and Organisation Office',
    categories: [{ code: '1', name: '军队事业单位', nameEn: 'Military public institution' }, other],
  },
  {
    code: 'N',
    name: '农业',
    nameEn: 'Agriculture',
    categories: [
      { code: '1', name: '组级集体经济组织', nameEn: 'Group-level collective economic organisation' },
      { code: '2', name: '村级集体经济组织', nameEn: 'Village-level collective economic organisation' },
      { code: '3', name: '乡镇级集体经济组织', nameEn: 'Township-level collective economic organisation' },
      other,
    ],
  },
  {
    code: 'Y',
    name: '其他',
    nameEn: 'Other',
    categories: [{ code: '1', name: '其他（不再细分）', nameEn: 'Other (not subdivided)' }],
  },
];

const authorityByCode = new Map(registrationAuthorities.map((a) => [a.code, a]));

function charValue(ch: string): number {
  return CHARSET.indexOf(ch);
}

/**
 * The GB 32100 MOD 31 check character of the first 17 characters. Exposed so import tools can tell a
 * user which character a code should end with.
 */
export function creditCodeCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) {
    throw new RangeError('creditCodeCheckChar: need 17 characters from the GB 32100 character set');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += charValue(first17[i] as string) * (WEIGHTS[i] as number);
  return CHARSET[(31 - (sum % 31)) % 31] as string;
}

/**
 * The GB 11714 check character (0–9 or X) of an organisation code's first 8 characters. A credit code
 * embeds the organisation code in positions 9–17, and that inner check catches errors the outer one
 * would attribute to the wrong part.
 */
export function orgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new RangeError('orgCodeCheckChar: need 8 characters 0-9/A-Z');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_ALPHABET.indexOf(first8[i] as string) * (ORG_WEIGHTS[i] as number);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function fail(reason: CreditCodeInvalidReason, zh: string, en: string): InvalidCreditCode {
  return { ok: false, reason, message: { 'zh-CN': zh, en } };
}

function validRegion(regionCode: string): boolean {
  return (
    /^\d{6}$/.test(regionCode) && (regionCode === NATIONAL_REGION || findProvince(regionCode) !== undefined)
  );
}

/**
 * Validates an 18-character 统一社会信用代码 (GB 32100-2015) and reports which part is wrong:
 * the authority/category pair, the registering region, the embedded organisation code's own check
 * (GB 11714), or the final check character. Checking both checks rejects more typos than the outer
 * check alone and tells the applicant where to look. The region is checked only for a valid province
 * prefix (or 100000 for national registration) because codes keep the registering office's code of
 * their issue date.
 */
export function validateCreditCode(value: string): CreditCodeResult {
  const text = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (text.length !== 18) {
    return fail(
      'length',
      `统一社会信用代码应为18位，当前为${text.length}位`,
      `A unified social credit code has 18 characters; this one has ${text.length}.`,
    );
  }
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(text)) {
    const excluded = /[IOSVZ]/.test(text);
    return fail(
      'characters',
      excluded
        ? '统一社会信用代码不使用字母I、O、S、V、Z，请检查是否把数字0、1、2、5看成了字母'
        : '统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z）',
      excluded
        ? 'Credit codes never use the letters I, O, S, V or Z; check for the digits 1, 0, 5, 2 misread as letters.'
        : 'A credit code contains only digits and capital letters (except I, O, S, V, Z).',
    );
  }

  const authority = authorityByCode.get(text[0] as string);
  if (authority === undefined) {
    return fail(
      'registration_authority',
      `第1位登记管理部门代码“${text[0]}”无效`,
      `The first character "${text[0]}" is not a registration authority code.`,
    );
  }
  const category = authority.categories.find((c) => c.code === text[1]);
  if (category === undefined) {
    return fail(
      'category',
      `第2位机构类别代码“${text[1]}”不属于登记管理部门“${authority.name}”`,
      `The second character "${text[1]}" is not an organisation category of ${authority.nameEn}.`,
    );
  }

  const regionCode = text.slice(2, 8);
  if (!validRegion(regionCode)) {
    return fail(
      'region',
      `第3–8位登记管理机关行政区划码“${regionCode}”无效`,
      `Characters 3–8 "${regionCode}" are not a valid administrative division code.`,
    );
  }

  const orgCode = text.slice(8, 17);
  const orgExpected = orgCodeCheckChar(orgCode.slice(0, 8));
  if (orgExpected !== orgCode[8]) {
    return fail(
      'org_code_check',
      `第9–17位组织机构代码校验码应为“${orgExpected}”，实际为“${orgCode[8]}”，代码可能有输入错误`,
      `The organisation code (characters 9–17) should end with "${orgExpected}" but ends with "${orgCode[8]}"; a character may have been mistyped.`,
    );
  }

  const expected = creditCodeCheckChar(text.slice(0, 17));
  if (expected !== text[17]) {
    return fail(
      'check_char',
      `校验码应为“${expected}”，实际为“${text[17]}”，代码可能有输入错误`,
      `The check character should be "${expected}" but is "${text[17]}"; a character may have been mistyped.`,
    );
  }

  return {
    ok: true,
    value: text,
    authority: { code: authority.code, name: authority.name, nameEn: authority.nameEn },
    category,
    regionCode,
    orgCode,
  };
}

export interface GenerateCreditCodeOptions {
  /** Position 1; default '9' (market regulation). Government bodies are authority '1', category '1'. */
  readonly authority?: string;
  /** Position 2; default '1' (enterprise, or 机关 under authority '1'). */
  readonly category?: string;
  /** Six-digit registering region; defaults to a random current Jiangsu county. */
  readonly regionCode?: string;
}

const BODY_CHARS = [...CHARSET];
const DIGITS = [...'0123456789'];

/**
 * A synthetic credit code valid under both the GB 11714 inner check and the GB 32100 outer check, for
 * tests and demo data. Market-regulation codes get the post-2015 "MA" style subject code seen on
 * real business licences; other bodies get an all-digit legacy-style organisation code.
 * Throws RangeError for an authority/category/region that could never validate.
 */
export function generateCreditCode(rng: Rng, options: GenerateCreditCodeOptions = {}): string {
  const authorityCode = options.authority ?? '9';
  const categoryCode = options.category ?? '1';
  const authority = authorityByCode.get(authorityCode);
  if (authority === undefined) throw new RangeError(`generateCreditCode: unknown authority ${authorityCode}`);
  if (!authority.categories.some((c) => c.code === categoryCode)) {
    throw new RangeError(
      `generateCreditCode: category ${categoryCode} is not valid for authority ${authorityCode}`,
    );
  }
  const regionCode = options.regionCode ?? rng.pick(jiangsuCounties).code;
  if (!validRegion(regionCode)) throw new RangeError(`generateCreditCode: invalid regionCode ${regionCode}`);

  let body = '';
  if (authorityCode === '9') {
    body = 'MA';
    for (let i = 0; i < 6; i++) body += rng.pick(BODY_CHARS);
  } else {
    for (let i = 0; i < 8; i++) body += rng.pick(DIGITS);
  }
  const first17 = `${authorityCode}${categoryCode}${regionCode}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}
