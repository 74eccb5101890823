import { createHash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import {
  createRng,
  generateCreditCode,
  generateIdNumber,
  generateMobile,
  jiangsuCounties,
  childrenOf,
  type Rng,
} from '@sufu/china-ids';
import type { IdentityTables } from './identity.tables.ts';
import { hashPassword } from './password.ts';
import { base32Encode } from './totp.ts';
import type { Sealer } from './seal.ts';

/**
 * Deterministic demo population: synthetic residents and enterprises with valid check
 * digits (belonging to no real person or body), and documented demo logins for every
 * role. The same seed always gives the same people, so screenshots and tests are stable.
 */
export const DEMO_PASSWORD = 'Sufu@2026!';

/** The demo staff's TOTP secret, derived from the username so the README can document it. */
export function demoTotpSecret(username: string): string {
  return base32Encode(createHash('sm3').update(`sufu-demo-totp:${username}`).digest().subarray(0, 20));
}

export type DemoStaff = {
  username: string;
  displayName: string;
  role: string;
  departmentId: string;
  note: string;
};

export const DEMO_STAFF: DemoStaff[] = [
  {
    username: 'admin',
    displayName: '周建国',
    role: 'sysadmin',
    departmentId: '320000-zwb',
    note: '系统管理员（省）',
  },
  {
    username: 'secadmin',
    displayName: '吴敏',
    role: 'secadmin',
    departmentId: '320000-zwb',
    note: '安全管理员（省）',
  },
  {
    username: 'auditor',
    displayName: '郑丽',
    role: 'auditor',
    departmentId: '320000-zwb',
    note: '安全审计员（省）',
  },
  {
    username: 'admin.nanjing',
    displayName: '钱海',
    role: 'sysadmin',
    departmentId: '320100-zwb',
    note: '系统管理员（南京市）',
  },
  {
    username: 'clerk.xuanwu',
    displayName: '王芳',
    role: 'clerk',
    departmentId: '320102-xzspj',
    note: '窗口人员（玄武区行政审批局）',
  },
  {
    username: 'head.xuanwu',
    displayName: '陈刚',
    role: 'dept_head',
    departmentId: '320102-xzspj',
    note: '部门负责人（玄武区行政审批局）',
  },
  {
    username: 'officer.nanjing',
    displayName: '刘洋',
    role: 'officer',
    departmentId: '320100-sj',
    note: '审批人员（南京市市场监督管理局）',
  },
  {
    username: 'officer.xuanwu.ga',
    displayName: '徐明',
    role: 'officer',
    departmentId: '320102-ga',
    note: '审批人员（南京市公安局玄武分局户籍）',
  },
  {
    username: 'head.xuanwu.ga',
    displayName: '蒋涛',
    role: 'dept_head',
    departmentId: '320102-ga',
    note: '部门负责人（南京市公安局玄武分局）',
  },
  {
    username: 'officer.nanjing.wj',
    displayName: '何静',
    role: 'officer',
    departmentId: '320100-wj',
    note: '审批人员（南京市卫生健康委员会）',
  },
  {
    username: 'officer.nanjing.rs',
    displayName: '马俊',
    role: 'officer',
    departmentId: '320100-rs',
    note: '审批人员（南京市人力资源和社会保障局）',
  },
  {
    username: 'officer.province.yb',
    displayName: '朱丽',
    role: 'officer',
    departmentId: '320000-yb',
    note: '审批人员（江苏省医疗保障局）',
  },
  {
    username: 'manager.province',
    displayName: '孙静',
    role: 'service_manager',
    departmentId: '320000-zwb',
    note: '政务服务管理员（省政务办）',
  },
  {
    username: 'data.province',
    displayName: '赵磊',
    role: 'data_officer',
    departmentId: '320000-dsj',
    note: '数据管理员（省大数据管理中心）',
  },
  {
    username: 'ops.suzhou',
    displayName: '黄婷',
    role: 'ops_operator',
    departmentId: '320500-yxzx',
    note: '城市运行值班员（苏州市）',
  },
  {
    username: 'leader.province',
    displayName: '林志强',
    role: 'leader',
    departmentId: '320000-zwb',
    note: '领导（省政务办）',
  },
];

export const DEMO_RESIDENTS = [
  {
    idNumber: '320102199003071239',
    name: '张伟',
    mobile: '13951000001',
    regionCode: '320102',
    level: 'L2' as const,
  },
  {
    idNumber: '320583198511110025',
    name: '李娜',
    mobile: '13951000002',
    regionCode: '320583',
    level: 'L3' as const,
  },
];

/** The demo enterprise (synthetic credit code with valid check characters). */
export const DEMO_ORGANISATION = {
  creditCode: generateCreditCode(createRng('sufu-demo-org'), {
    authority: '9',
    category: '1',
    regionCode: '320102',
  }),
  name: '南京紫金云数科技有限公司',
};

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯婷雪琳晨欣怡子涵梓轩雨萱一诺博文俊杰思远佳慧';
const TRADE = [
  '科技',
  '商贸',
  '建设工程',
  '餐饮管理',
  '物流',
  '信息技术',
  '食品',
  '医药',
  '文化传媒',
  '农业发展',
  '机械制造',
  '新材料',
  '环保科技',
  '教育咨询',
  '电子',
];
const WORD = [
  '金陵',
  '苏瑞',
  '江海',
  '紫金',
  '太湖',
  '恒通',
  '华泰',
  '鼎盛',
  '汇丰源',
  '禾润',
  '远航',
  '博创',
  '同创',
  '鑫达',
  '锦程',
  '润泽',
  '启明',
  '天工',
  '清源',
  '众诚',
];

function personName(rng: Rng): string {
  const s = rng.pick([...SURNAMES]);
  const n = rng.chance(0.6) ? 2 : 1;
  let g = '';
  for (let i = 0; i < n; i++) g += rng.pick([...GIVEN]);
  return s + g;
}

export async function seedIdentityDemo(
  db: Kysely<IdentityTables>,
  opts: {
    sealer: Sealer;
    departments: Map<string, { regionCode: string }>;
    persons?: number;
    organisations?: number;
  },
): Promise<{ persons: number; organisations: number; accounts: number }> {
  const rng = createRng('sufu-population-v1');
  const personCount = opts.persons ?? 3000;
  const orgCount = opts.organisations ?? 600;
  const ids = new Set<string>(DEMO_RESIDENTS.map((r) => r.idNumber));
  const mobiles = new Set<string>(DEMO_RESIDENTS.map((r) => r.mobile));
  const persons: Insertable<IdentityTables['identity.persons']>[] = [];
  for (const r of DEMO_RESIDENTS) {
    persons.push({
      id_number: r.idNumber,
      name: r.name,
      sex: Number(r.idNumber[16]) % 2 === 1 ? 'male' : 'female',
      birth_date: `${r.idNumber.slice(6, 10)}-${r.idNumber.slice(10, 12)}-${r.idNumber.slice(12, 14)}`,
      region_code: r.regionCode,
      mobile: r.mobile,
    });
  }
  while (persons.length < personCount) {
    const county = rng.pick([...jiangsuCounties]);
    const sex = rng.chance(0.5) ? ('male' as const) : ('female' as const);
    const id = generateIdNumber(rng, { regionCode: county.code, sex });
    if (ids.has(id)) continue;
    ids.add(id);
    let mobile: string | null = generateMobile(rng);
    if (mobiles.has(mobile)) mobile = null;
    else mobiles.add(mobile);
    persons.push({
      id_number: id,
      name: personName(rng),
      sex,
      birth_date: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      region_code: county.code,
      mobile,
    });
  }
  const personRows: { id: string; id_number: string; region_code: string }[] = [];
  for (let i = 0; i < persons.length; i += 500) {
    const chunk = persons.slice(i, i + 500);
    personRows.push(
      ...(await db
        .insertInto('identity.persons')
        .values(chunk)
        .returning(['id', 'id_number', 'region_code'])
        .execute()),
    );
  }
  const byCity = new Map<string, string[]>();
  for (const p of personRows) {
    const city = `${p.region_code.slice(0, 4)}00`;
    byCity.set(city, [...(byCity.get(city) ?? []), p.id]);
  }

  const cities = childrenOf('320000');
  const codes = new Set<string>();
  const orgs: Omit<IdentityTables['identity.organisations'], 'id' | 'created_at'>[] = [];
  while (orgs.length < orgCount) {
    const city = rng.pick([...cities]);
    const county = rng.pick(jiangsuCounties.filter((c) => c.parentCode === city.code));
    const code = generateCreditCode(rng, { authority: '9', category: '1', regionCode: county.code });
    if (codes.has(code)) continue;
    codes.add(code);
    const year = rng.int(1995, 2025);
    orgs.push({
      credit_code: code,
      name: `${city.name.replace(/市$/, '')}${rng.pick(WORD)}${rng.pick(TRADE)}有限公司`,
      org_type: '有限责任公司',
      region_code: county.code,
      legal_rep_person_id: rng.pick(byCity.get(city.code) ?? personRows.map((p) => p.id)),
      established_on: `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    });
  }
  for (let i = 0; i < orgs.length; i += 500)
    await db
      .insertInto('identity.organisations')
      .values(orgs.slice(i, i + 500))
      .execute();

  // Accounts: the documented demo logins, plus a clerk for every county-level unit.
  const hash = await hashPassword(DEMO_PASSWORD);
  let accounts = 0;
  for (const r of DEMO_RESIDENTS) {
    const person = personRows.find((p) => p.id_number === r.idNumber)!;
    await db
      .insertInto('identity.accounts')
      .values({
        kind: 'person',
        username: r.mobile,
        display_name: r.name,
        person_id: person.id,
        department_id: null,
        region_code: r.regionCode,
        password_hash: hash,
        locked_until: null,
        totp_secret_sealed: null,
        totp_enrolled_at: null,
        totp_last_counter: null,
        real_name_level: r.level,
        last_login_at: null,
      })
      .execute();
    accounts++;
  }

  // The documented demo enterprise: 张伟 is its legal representative (in the register).
  const zhang = personRows.find((p) => p.id_number === DEMO_RESIDENTS[0]!.idNumber)!;
  const demoOrg = await db
    .insertInto('identity.organisations')
    .values({
      credit_code: DEMO_ORGANISATION.creditCode,
      name: DEMO_ORGANISATION.name,
      org_type: '有限责任公司',
      region_code: '320102',
      legal_rep_person_id: zhang.id,
      established_on: '2019-06-18',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const staff: DemoStaff[] = [...DEMO_STAFF];
  for (const county of jiangsuCounties) {
    if (county.code === '320102') continue;
    staff.push({
      username: `clerk.${county.code}`,
      displayName: personName(rng),
      role: 'clerk',
      departmentId: `${county.code}-xzspj`,
      note: '',
    });
  }
  for (const s of staff) {
    const dept = opts.departments.get(s.departmentId);
    if (!dept) throw new Error(`demo department ${s.departmentId} is missing`);
    const account = await db
      .insertInto('identity.accounts')
      .values({
        kind: 'staff',
        username: s.username,
        display_name: s.displayName,
        person_id: null,
        department_id: s.departmentId,
        region_code: dept.regionCode,
        password_hash: hash,
        locked_until: null,
        totp_secret_sealed: null,
        totp_enrolled_at: null,
        totp_last_counter: null,
        real_name_level: null,
        last_login_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('identity.accounts')
      .set({
        totp_secret_sealed: opts.sealer.seal(demoTotpSecret(s.username), `totp:${account.id}`),
        totp_enrolled_at: new Date(),
      })
      .where('id', '=', account.id)
      .execute();
    await db
      .insertInto('identity.account_roles')
      .values({
        account_id: account.id,
        role: s.role,
        department_id: s.departmentId,
        region_code: dept.regionCode,
        granted_by: null,
      })
      .execute();
    accounts++;
  }
  for (const r of DEMO_RESIDENTS) {
    const a = await db
      .selectFrom('identity.accounts')
      .select('id')
      .where('username', '=', r.mobile)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('identity.account_roles')
      .values({
        account_id: a.id,
        role: 'resident',
        department_id: null,
        region_code: null,
        granted_by: null,
      })
      .execute();
  }
  // 张伟 has claimed the enterprise; 李娜 is its agent for every service for a year.
  const residentIds: string[] = [];
  for (const r of DEMO_RESIDENTS) {
    const a = await db
      .selectFrom('identity.accounts')
      .select('id')
      .where('username', '=', r.mobile)
      .executeTakeFirstOrThrow();
    residentIds.push(a.id);
  }
  await db
    .insertInto('identity.org_authorisations')
    .values([
      {
        organisation_id: demoOrg.id,
        account_id: residentIds[0]!,
        role: 'legal_rep',
        scope_all: true,
        valid_until: null,
        granted_by: null,
        revoked_at: null,
        revoked_by: null,
      },
      {
        organisation_id: demoOrg.id,
        account_id: residentIds[1]!,
        role: 'agent',
        scope_all: true,
        valid_until: new Date(Date.now() + 365 * 86_400_000),
        granted_by: residentIds[0]!,
        revoked_at: null,
        revoked_by: null,
      },
    ])
    .execute();
  return { persons: personRows.length, organisations: orgs.length + 1, accounts };
}
