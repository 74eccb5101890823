import { isBasicCode, syntheticBasicCode } from './codes.ts';
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
  const items = src.items.map((s): ItemSnapshot => {
    const seq = Number(/-(\d{3})$/.exec(s.id)?.[1] ?? NaN);
    const index = deptIndex.get(s.departmentCode);
    if (index === undefined || !Number.isInteger(seq))
      throw new Error(`service item ${s.id}: bad id or department`);
    const real = s.basicCode !== null && isBasicCode(s.basicCode);
    const materials: Material[] | null =
      s.materials?.map((m) => ({
        name: m.name,
        source: m.governmentIssued ? 'government_issued' : 'applicant',
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
        count: materials && materials.every((m) => m.source === 'government_issued') ? 0 : 1,
        isDemo: true,
      },
      fee: { charged: s.fee === null ? null : s.fee === '收费', detail: s.feeDetail },
      materials,
      materialsNote: s.materialsNote,
      resultCertificate: s.eCertificate,
      sourceUrl: s.sourceUrl,
      status: 'in_use',
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
