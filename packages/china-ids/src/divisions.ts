import {
  jiangsuDivisions,
  type CityDivision,
  type CountyDivision,
  type JiangsuDivision,
} from './jiangsu-divisions.ts';

const byCode = new Map<string, JiangsuDivision>(jiangsuDivisions.map((d) => [d.code, d]));
const children = new Map<string, JiangsuDivision[]>();
for (const d of jiangsuDivisions) {
  if (d.parentCode === null) continue;
  const list = children.get(d.parentCode) ?? [];
  list.push(d);
  children.set(d.parentCode, list);
}

/**
 * Finds a current Jiangsu division by its six-digit code. Returns undefined for anything else —
 * historical codes, NBS development-zone codes and other provinces — so that callers which scope
 * access by region never treat an unknown code as a real place.
 */
export function findDivision(code: string): JiangsuDivision | undefined {
  return byCode.get(code);
}

/** The divisions directly below a code (the province's 13 cities, or a city's counties), for pickers. */
export function childrenOf(code: string): readonly JiangsuDivision[] {
  return children.get(code) ?? [];
}

/**
 * The 设区市 a county belongs to (or the city itself). Cases, offices and statistics roll up to the
 * city level, and the city is not always obvious from the name (two 鼓楼区 exist: 320106 Nanjing and
 * 320302 Xuzhou).
 */
export function cityOf(code: string): CityDivision | undefined {
  const d = byCode.get(code);
  if (d === undefined || d.level === 'province') return undefined;
  if (d.level === 'city') return d;
  const parent = byCode.get(d.parentCode);
  return parent?.level === 'city' ? parent : undefined;
}

/**
 * Whether `code` is `ancestorCode` or lies below it. This is the region-scoping rule: a clerk scoped to
 * 320102 sees only 320102, a city officer scoped to 320100 sees the city and all its counties, a
 * provincial officer scoped to 320000 sees everything. Both codes must be current Jiangsu divisions;
 * an unknown code on either side answers false (fail closed) rather than guessing from the digits.
 */
export function isWithin(code: string, ancestorCode: string): boolean {
  if (!byCode.has(ancestorCode)) return false;
  let current = byCode.get(code);
  while (current !== undefined) {
    if (current.code === ancestorCode) return true;
    current = current.parentCode === null ? undefined : byCode.get(current.parentCode);
  }
  return false;
}

/**
 * [province, city, county] from the top down (shorter for a city or the province; empty when the code
 * is unknown), so an address or a breadcrumb can be printed as 江苏省 › 南京市 › 玄武区.
 */
export function divisionPath(code: string): readonly JiangsuDivision[] {
  const path: JiangsuDivision[] = [];
  let current = byCode.get(code);
  while (current !== undefined) {
    path.unshift(current);
    current = current.parentCode === null ? undefined : byCode.get(current.parentCode);
  }
  return path;
}

/** All 95 county-level divisions, for generators and pickers that need the leaves only. */
export const jiangsuCounties: readonly CountyDivision[] = jiangsuDivisions.filter(
  (d): d is CountyDivision => d.level === 'county',
);
