import { isBasicCode, syntheticBasicCode } from './codes.ts';
import type { FormProperty, FormSchema } from './form.ts';
import { derivedAliases } from './search.ts';
import type { ItemSnapshot, Material } from './schemas.ts';

/**
 * Turns data/jiangsu-service-items.json into catalog records. Values the source does not
 * have (promised time limits, on-site visits) get plain demo values flagged as such;
 * basic codes not found in a national sample get a stable synthetic code (`demoCode`).
 */
type SourceItem = {
  id: string;
  name: string;
  nameEn: string;
  departmentCode: string;
  implementingLevel: string | null;
  itemType: string | null;
  audience: string[];
  basicCode: string | null;
  legalTimeLimitDays: number | null;
  legalTimeLimitUnit: '工作日' | '日' | null;
  legalTimeLimitText: string | null;
  fee: '收费' | '不收费' | null;
  feeDetail: string | null;
  materials:
    | {
        name: string;
        governmentIssued: boolean;
        certificate: string | null;
        required: boolean;
        note?: string;
      }[]
    | null;
  materialsNote: string | null;
  eCertificate: string | null;
  legalBasis: string[] | null;
  sourceUrl: string | null;
};
type SourceFile = {
  departments: { code: string; name: string }[];
  items: SourceItem[];
  lifeEvents: {
    name: string;
    nameEn: string;
    items: string[];
    otherSteps: string[] | null;
    scope: string | null;
    note: string | null;
  }[];
};

export type SeedLifeEvent = {
  id: string;
  name: string;
  nameEn: string;
  itemIds: string[];
  otherSteps: string[];
  scope: string | null;
  note: string | null;
  position: number;
};

/** City-level bodies in the source: their items sit with the Nanjing bureau in the demo directory. */
const CITY_LEVEL: Record<string, string> = { CG: '320100-cg', GJJ: '320100-gjj' };

export function departmentIdOf(code: string): string {
  return CITY_LEVEL[code] ?? `320000-${code.toLowerCase()}`;
}

function audienceOf(a: string[]): ItemSnapshot['audience'] {
  const person = a.includes('个人');
  const org = a.includes('法人');
  return person && org ? 'both' : person ? 'person' : 'organisation';
}

/** Demo promise: half the legal limit (at least 1), or 5 days when the law sets none. */
function demoPromise(legal: number | null): number {
  return legal === null ? 5 : Math.max(1, Math.ceil(legal / 2));
}

export function parseSource(raw: unknown): { items: ItemSnapshot[]; lifeEvents: SeedLifeEvent[] } {
  const src = raw as SourceFile;
  const deptIndex = new Map(src.departments.map((d, i) => [d.code, i]));
  // 长三角通办: the items of the birth and business-opening bundles.
  const crossRegion = new Set(src.lifeEvents.filter((e) => /出生|开办/.test(e.name)).flatMap((e) => e.items));
  const items = src.items.map((s): ItemSnapshot => {
    const seq = Number(/-(\d{3})$/.exec(s.id)?.[1] ?? NaN);
    const index = deptIndex.get(s.departmentCode);
    if (index === undefined || !Number.isInteger(seq))
      throw new Error(`service item ${s.id}: bad id or department`);
    const real = s.basicCode !== null && isBasicCode(s.basicCode);
    // Government-issued materials without an e-certificate type (立项批文, 审查意见, 退休证明 …)
    // are documents one department issues to another: obtainable from shared data.
    const materials: Material[] | null =
      s.materials?.map((m) => ({
        name: m.name,
        source: m.governmentIssued ? (m.certificate ? 'government_issued' : 'shared_data') : 'applicant',
        certificate: m.certificate,
        required: m.required,
        note: m.note ?? null,
      })) ?? null;
    return {
      id: s.id,
      basicCode: real
        ? s.basicCode!
        : syntheticBasicCode({ itemType: s.itemType, departmentIndex: index, sequence: seq }),
      demoCode: !real,
      name: s.name,
      nameEn: s.nameEn,
      itemType: s.itemType,
      audience: audienceOf(s.audience),
      departmentId: departmentIdOf(s.departmentCode),
      implementingLevel: s.implementingLevel,
      legalBasis: s.legalBasis ?? [],
      legalTimeLimit: {
        days: s.legalTimeLimitDays,
        unit:
          s.legalTimeLimitUnit === '工作日' ? 'working_days' : s.legalTimeLimitUnit === '日' ? 'days' : null,
        text: s.legalTimeLimitText,
      },
      promisedTimeLimit: { days: demoPromise(s.legalTimeLimitDays), unit: 'working_days', isDemo: true },
      onSiteVisits: {
        count: materials && materials.every((m) => m.source !== 'applicant') ? 0 : 1,
        isDemo: true,
      },
      fee: { charged: s.fee === null ? null : s.fee === '收费', detail: s.feeDetail },
      materials,
      materialsNote: s.materialsNote,
      resultCertificate: s.eCertificate,
      sourceUrl: s.sourceUrl,
      status: 'in_use',
      ...generatedDefaults({
        name: s.name,
        departmentCode: s.departmentCode,
        audience: audienceOf(s.audience),
        crossRegion: crossRegion.has(s.name),
      }),
    };
  });
  const idByName = new Map(items.map((i) => [i.name, i.id]));
  const lifeEvents = src.lifeEvents.map((e, n): SeedLifeEvent => {
    const itemIds = e.items.map((name) => {
      const id = idByName.get(name);
      if (!id) throw new Error(`life event ${e.name}: no item named ${name}`);
      return id;
    });
    return {
      id: `LE-${String(n + 1).padStart(2, '0')}`,
      name: e.name,
      nameEn: e.nameEn,
      itemIds,
      otherSteps: e.otherSteps ?? [],
      scope: e.scope,
      note: e.note,
      position: n + 1,
    };
  });
  return { items, lifeEvents };
}

/** The snapshot fields added with the editor, as generated defaults for an item. */
export type GeneratedFields = Pick<
  ItemSnapshot,
  | 'aliases'
  | 'steps'
  | 'handlingScope'
  | 'channels'
  | 'minRealNameLevel'
  | 'themes'
  | 'collaborators'
  | 'form'
  | 'demoValues'
>;

export const DEFAULT_STEPS: ItemSnapshot['steps'] = [
  { name: '受理', description: '窗口或网上受理，核对申请材料是否齐全、符合法定形式' },
  { name: '审查', description: '对申请材料的实质内容进行审查，必要时现场核查' },
  { name: '决定', description: '作出准予或不予办理的决定' },
  { name: '送达', description: '送达办理结果（电子证照、邮寄或窗口领取）' },
];

/** Themes by the implementing department … */
const THEMES_BY_DEPARTMENT: Record<string, string[]> = {
  GA: ['户籍办理'],
  MZ: ['民政救助'],
  RS: ['社会保障', '就业创业'],
  YB: ['医疗卫生', '社会保障'],
  WJ: ['医疗卫生'],
  SJ: ['设立变更', '准营准办'],
  YJJ: ['准营准办', '医疗卫生'],
  ZJ: ['工程建设', '住房'],
  CG: ['工程建设'],
  ZR: ['住房', '工程建设'],
  JT: ['交通出行', '准营准办'],
  JY: ['教育'],
  SW: ['纳税缴费'],
  GJJ: ['公积金', '住房'],
  CL: ['社会保障'],
  HJ: ['生态环境', '工程建设'],
  SWT: ['准营准办'],
  WL: ['文化旅游', '准营准办'],
  NY: ['农业农村', '准营准办'],
  YJ: ['安全生产', '准营准办'],
  SF: ['法律服务'],
  TY: ['社会保障'],
  SL: ['工程建设', '生态环境'],
  FG: ['工程建设'],
  RF: ['工程建设'],
  QX: ['工程建设'],
  DA: ['文化旅游'],
};
/** … and by keywords of the name. */
const THEMES_BY_KEYWORD: [RegExp, string][] = [
  [/出生|收养|生育|接种/, '生育收养'],
  [/户口|身份证|居住证/, '户籍办理'],
  [/社会保[险障]|参保|社保/, '社会保障'],
  [/退休|养老金/, '退休养老'],
  [/公积金/, '公积金'],
  [/机动车|驾驶|道路|护照|通行证/, '交通出行'],
  [/学校|教师|培训/, '教育'],
  [/医疗|医师|护士|药品|卫生/, '医疗卫生'],
  [/结婚|离婚/, '婚姻登记'],
  [/房屋|不动产|商品房|住房/, '住房'],
  [/设立|开办|注销|变更登记/, '设立变更'],
  [/许可|审批|核准/, '准营准办'],
  [/失业|就业|人力资源|劳务/, '就业创业'],
  [/税|发票/, '纳税缴费'],
  [/死亡|丧葬|抚恤/, '身后事'],
];

export function themesOf(name: string, departmentCode: string): string[] {
  const out = new Set<string>();
  for (const [re, theme] of THEMES_BY_KEYWORD) if (re.test(name)) out.add(theme);
  for (const t of THEMES_BY_DEPARTMENT[departmentCode] ?? []) out.add(t);
  return [...out].slice(0, 4);
}

const prop = (title: string, extra: Partial<FormProperty> = {}): FormProperty => ({
  type: 'string',
  title,
  ...extra,
});

const PERSON_FIELDS: Record<string, FormProperty> = {
  applicantName: prop('申请人姓名', { maxLength: 50, 'x-prefill': 'name' }),
  applicantIdNumber: prop('公民身份号码', { pattern: '^[0-9]{17}[0-9X]$', 'x-prefill': 'idNumber' }),
  applicantMobile: prop('联系电话', { pattern: '^1[3-9][0-9]{9}$', 'x-prefill': 'mobile' }),
  applicantAddress: prop('联系地址', { maxLength: 200, 'x-prefill': 'address' }),
};
const ORGANISATION_FIELDS: Record<string, FormProperty> = {
  organisationName: prop('单位名称', { maxLength: 100, 'x-prefill': 'organisationName' }),
  creditCode: prop('统一社会信用代码', { pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', 'x-prefill': 'creditCode' }),
  legalRepresentative: prop('法定代表人', { maxLength: 50, 'x-prefill': 'legalRepresentative' }),
  contactMobile: prop('联系电话', { pattern: '^1[3-9][0-9]{9}$', 'x-prefill': 'mobile' }),
};

/** Item-specific fields by keywords of the name (first rule that matches). */
const SPECIFIC_FIELDS: [RegExp, Record<string, FormProperty>, string[]][] = [
  [
    /出生/,
    {
      babyName: prop('新生儿姓名', { maxLength: 50 }),
      babyBirthDate: prop('出生日期', { format: 'date' }),
      relationship: prop('与申请人关系', { enum: ['父亲', '母亲', '其他监护人'] }),
    },
    ['babyName', 'babyBirthDate', 'relationship'],
  ],
  [
    /死亡|丧葬|抚恤金/,
    {
      deceasedName: prop('逝者姓名', { maxLength: 50 }),
      deceasedIdNumber: prop('逝者公民身份号码', { pattern: '^[0-9]{17}[0-9X]$' }),
      dateOfDeath: prop('死亡日期', { format: 'date' }),
    },
    ['deceasedName', 'deceasedIdNumber', 'dateOfDeath'],
  ],
  [
    /结婚|离婚|收养/,
    {
      partnerName: prop('另一方姓名', { maxLength: 50 }),
      partnerIdNumber: prop('另一方公民身份号码', { pattern: '^[0-9]{17}[0-9X]$' }),
    },
    ['partnerName', 'partnerIdNumber'],
  ],
  [
    /退休|养老金/,
    {
      workStartDate: prop('参加工作时间', { format: 'date' }),
      retirementDate: prop('拟退休日期', { format: 'date' }),
    },
    ['retirementDate'],
  ],
  [
    /公积金提取/,
    {
      withdrawalReason: prop('提取原因', { enum: ['购房', '租房', '退休', '离职', '其他'] }),
      amount: { type: 'number', title: '提取金额（元）', minimum: 0 },
    },
    ['withdrawalReason', 'amount'],
  ],
  [
    /设立|开办/,
    {
      proposedName: prop('拟设立名称', { maxLength: 100 }),
      registeredCapital: { type: 'number', title: '注册资本（万元）', minimum: 0 },
      businessScope: prop('经营范围', { maxLength: 1000, 'x-widget': 'textarea' }),
    },
    ['proposedName'],
  ],
  [
    /注销/,
    { cancellationReason: prop('注销原因', { maxLength: 500, 'x-widget': 'textarea' }) },
    ['cancellationReason'],
  ],
  [/机动车|驾驶证/, { plateOrLicenceNumber: prop('号牌号码或驾驶证号', { maxLength: 20 }) }, []],
];

export function defaultForm(name: string, audience: ItemSnapshot['audience']): FormSchema {
  const applicant = audience === 'organisation' ? ORGANISATION_FIELDS : PERSON_FIELDS;
  const rule = SPECIFIC_FIELDS.find(([re]) => re.test(name));
  const specific = rule?.[1] ?? {
    reason: prop('申请事由', { maxLength: 500, 'x-widget': 'textarea' }),
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    title: `${name}申请表`,
    properties: { ...applicant, ...specific },
    required: [...Object.keys(applicant).slice(0, 3), ...(rule ? rule[2] : ['reason'])],
  };
}

/** Generated demo values for the fields the source does not have. */
export function generatedDefaults(i: {
  name: string;
  departmentCode: string;
  audience: ItemSnapshot['audience'];
  crossRegion: boolean;
}): GeneratedFields {
  return {
    aliases: derivedAliases(i.name),
    steps: DEFAULT_STEPS,
    handlingScope: i.crossRegion ? ['province', 'yangtze_delta'] : ['province'],
    // Organisations' items are not offered at self-service kiosks.
    channels:
      i.audience === 'organisation' ? ['web', 'mobile', 'counter'] : ['web', 'mobile', 'kiosk', 'counter'],
    minRealNameLevel: 'L2',
    themes: themesOf(i.name, i.departmentCode),
    collaborators: [],
    form: defaultForm(i.name, i.audience),
    demoValues: ['steps', 'handlingScope', 'channels', 'minRealNameLevel', 'themes', 'form'],
  };
}

/**
 * A stored snapshot with the fields added after it was published filled in (versions are
 * immutable; snapshots published before the editor existed lack them).
 */
export function withDefaults(raw: ItemSnapshot): ItemSnapshot {
  if (raw.form && raw.steps && raw.demoValues) return raw;
  const code = /^JS-([A-Z]+)-/.exec(raw.id)?.[1] ?? '';
  const d = generatedDefaults({
    name: raw.name,
    departmentCode: code,
    audience: raw.audience,
    crossRegion: false,
  });
  return { ...d, ...raw } as ItemSnapshot;
}
