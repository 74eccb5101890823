import {
  childrenOf,
  findDivision,
  jiangsuCounties,
  createRng,
  generateCreditCode,
  type Rng,
} from '@sufu/china-ids';

/**
 * The government bodies of the demo province: provincial departments (names from the
 * real service-item data), the same bureaus in each of the 13 cities, and the
 * administrative-approval bureau, police and market regulator of each county-level
 * unit. Credit codes are synthetic (valid check characters, belonging to no real body).
 */
export type DepartmentSeed = {
  id: string;
  creditCode: string;
  name: string;
  nameEn: string;
  level: 'province' | 'city' | 'county';
  regionCode: string;
  kind: string;
};

type ProvincialSource = { code: string; name: string; nameEn: string };

const EXTRA_PROVINCIAL: ProvincialSource[] = [
  {
    code: 'ZWB',
    name: '江苏省政务服务管理办公室',
    nameEn: 'Jiangsu Government Services Administration Office',
  },
  { code: 'SJJ', name: '江苏省数据局', nameEn: 'Jiangsu Provincial Data Bureau' },
  { code: 'DSJ', name: '江苏省大数据管理中心', nameEn: 'Jiangsu Big Data Management Centre' },
  { code: 'YXZX', name: '江苏省城市运行管理中心', nameEn: 'Jiangsu City Operations Centre' },
];

const CITY_BUREAUS: { kind: string; name: string; nameEn: string }[] = [
  { kind: 'ZWB', name: '政务服务管理办公室', nameEn: 'Government Services Administration Office' },
  { kind: 'GA', name: '公安局', nameEn: 'Public Security Bureau' },
  { kind: 'SJ', name: '市场监督管理局', nameEn: 'Administration for Market Regulation' },
  { kind: 'RS', name: '人力资源和社会保障局', nameEn: 'Human Resources and Social Security Bureau' },
  { kind: 'WJ', name: '卫生健康委员会', nameEn: 'Health Commission' },
  { kind: 'MZ', name: '民政局', nameEn: 'Civil Affairs Bureau' },
  { kind: 'SJJ', name: '数据局', nameEn: 'Data Bureau' },
  { kind: 'CG', name: '城市管理局', nameEn: 'City Management Bureau' },
  { kind: 'YXZX', name: '城市运行管理中心', nameEn: 'City Operations Centre' },
  { kind: 'GJJ', name: '住房公积金管理中心', nameEn: 'Housing Provident Fund Management Centre' },
];

export function demoDepartments(
  provincial: ProvincialSource[],
  seed = 'sufu-departments-v1',
): DepartmentSeed[] {
  const rng: Rng = createRng(seed);
  const code = (regionCode: string) => generateCreditCode(rng, { authority: '1', category: '1', regionCode });
  const out: DepartmentSeed[] = [];
  // CG and GJJ in the source are city-level bodies, created per city below.
  for (const d of [...provincial.filter((p) => p.code !== 'CG' && p.code !== 'GJJ'), ...EXTRA_PROVINCIAL]) {
    out.push({
      id: `320000-${d.code.toLowerCase()}`,
      creditCode: code('320000'),
      name: d.name,
      nameEn: d.nameEn,
      level: 'province',
      regionCode: '320000',
      kind: d.code,
    });
  }
  for (const city of childrenOf('320000')) {
    for (const b of CITY_BUREAUS) {
      const name =
        b.kind === 'GJJ' ? `${city.name.replace(/市$/, '')}住房公积金管理中心` : `${city.name}${b.name}`;
      out.push({
        id: `${city.code}-${b.kind.toLowerCase()}`,
        creditCode: code(city.code),
        name,
        nameEn: `${city.nameEn} ${b.nameEn}`,
        level: 'city',
        regionCode: city.code,
        kind: b.kind,
      });
    }
  }
  for (const county of jiangsuCounties) {
    const city = findDivision(county.parentCode)!;
    const isDistrict = county.countyKind === 'district';
    const full = isDistrict ? `${city.name}${county.name}` : county.name;
    out.push({
      id: `${county.code}-xzspj`,
      creditCode: code(county.code),
      name: `${full}行政审批局`,
      nameEn: `${county.nameEn} Administrative Approval Bureau`,
      level: 'county',
      regionCode: county.code,
      kind: 'XZSP',
    });
    out.push({
      id: `${county.code}-ga`,
      creditCode: code(county.code),
      name: isDistrict ? `${city.name}公安局${county.name}分局` : `${county.name}公安局`,
      nameEn: `${county.nameEn} Public Security ${isDistrict ? 'Sub-bureau' : 'Bureau'}`,
      level: 'county',
      regionCode: county.code,
      kind: 'GA',
    });
    out.push({
      id: `${county.code}-sj`,
      creditCode: code(county.code),
      name: `${full}市场监督管理局`,
      nameEn: `${county.nameEn} Administration for Market Regulation`,
      level: 'county',
      regionCode: county.code,
      kind: 'SJ',
    });
  }
  return out;
}
