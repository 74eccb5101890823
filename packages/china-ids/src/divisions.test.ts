import { describe, expect, it } from 'vitest';
import { childrenOf, cityOf, divisionPath, findDivision, isWithin, jiangsuCounties } from './divisions.ts';
import { jiangsuDivisions, type CountyKind } from './jiangsu-divisions.ts';
import { findProvince, provinceCodes } from './provinces.ts';

describe('Jiangsu divisions (GB/T 2260)', () => {
  it('has the province, 13 cities and 95 county-level units: 55 districts, 21 county-level cities, 19 counties', () => {
    expect(jiangsuDivisions.filter((d) => d.level === 'province')).toHaveLength(1);
    expect(jiangsuDivisions.filter((d) => d.level === 'city')).toHaveLength(13);
    expect(jiangsuCounties).toHaveLength(95);
    const count = (kind: CountyKind) => jiangsuCounties.filter((c) => c.countyKind === kind).length;
    expect(count('district')).toBe(55);
    expect(count('county-level city')).toBe(21);
    expect(count('county')).toBe(19);
  });

  it('has unique six-digit codes, and every county hangs under a city with the same first four digits', () => {
    const codes = jiangsuDivisions.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const d of jiangsuDivisions) expect(d.code).toMatch(/^32\d{4}$/);
    for (const c of jiangsuCounties) {
      expect(findDivision(c.parentCode)?.level).toBe('city');
      expect(c.code.slice(0, 4)).toBe(c.parentCode.slice(0, 4));
    }
  });

  it('names each county in English with the word for its kind', () => {
    const suffix: Record<CountyKind, string> = {
      district: ' District',
      'county-level city': ' City',
      county: ' County',
    };
    for (const c of jiangsuCounties) expect(c.nameEn.endsWith(suffix[c.countyKind])).toBe(true);
    for (const c of jiangsuCounties) {
      const zhSuffix = { district: '区', 'county-level city': '市', county: '县' }[c.countyKind];
      expect(c.name.endsWith(zhSuffix)).toBe(true);
    }
  });

  it('knows real places by code', () => {
    expect(findDivision('320102')).toMatchObject({
      name: '玄武区',
      nameEn: 'Xuanwu District',
      countyKind: 'district',
    });
    expect(findDivision('320583')).toMatchObject({
      name: '昆山市',
      nameEn: 'Kunshan City',
      countyKind: 'county-level city',
    });
    expect(findDivision('320321')).toMatchObject({
      name: '丰县',
      nameEn: 'Feng County',
      countyKind: 'county',
    });
    expect(findDivision('320614')).toMatchObject({ name: '海门区' });
    expect(findDivision('321300')).toMatchObject({ name: '宿迁市', level: 'city' });
  });

  it('does not know historical or NBS-only codes', () => {
    expect(findDivision('320101')).toBeUndefined(); // abolished 市辖区
    expect(findDivision('320684')).toBeUndefined(); // 海门市 before 2020
    expect(findDivision('320571')).toBeUndefined(); // 苏州工业园区, NBS only
    expect(findDivision('310101')).toBeUndefined(); // Shanghai
  });

  it('lists children for pickers', () => {
    expect(childrenOf('320000').map((d) => d.name)).toContain('南京市');
    expect(childrenOf('320000')).toHaveLength(13);
    expect(childrenOf('320100')).toHaveLength(11);
    expect(childrenOf('321300').map((d) => d.name)).toEqual([
      '宿城区',
      '宿豫区',
      '沭阳县',
      '泗阳县',
      '泗洪县',
    ]);
    expect(childrenOf('320102')).toEqual([]);
    expect(childrenOf('999999')).toEqual([]);
  });

  it('finds the city of a county, telling the two 鼓楼区 apart', () => {
    expect(cityOf('320106')?.name).toBe('南京市');
    expect(cityOf('320302')?.name).toBe('徐州市');
    expect(cityOf('320500')?.name).toBe('苏州市');
    expect(cityOf('320000')).toBeUndefined();
    expect(cityOf('320101')).toBeUndefined();
  });

  it('scopes regions: a clerk of 320102 sees only 320102, a city officer of 320100 sees all its counties', () => {
    expect(isWithin('320102', '320102')).toBe(true);
    expect(isWithin('320104', '320102')).toBe(false);
    for (const c of childrenOf('320100')) expect(isWithin(c.code, '320100')).toBe(true);
    expect(isWithin('320302', '320100')).toBe(false); // Xuzhou's 鼓楼区 is not in Nanjing
    expect(isWithin('320100', '320102')).toBe(false); // a city is not within its county
    for (const d of jiangsuDivisions) expect(isWithin(d.code, '320000')).toBe(true);
  });

  it('fails closed on unknown codes', () => {
    expect(isWithin('320571', '320500')).toBe(false);
    expect(isWithin('320102', '320101')).toBe(false);
    expect(isWithin('', '')).toBe(false);
  });

  it('gives the path from the province down', () => {
    expect(divisionPath('320583').map((d) => d.name)).toEqual(['江苏省', '苏州市', '昆山市']);
    expect(divisionPath('320500').map((d) => d.code)).toEqual(['320000', '320500']);
    expect(divisionPath('320000')).toHaveLength(1);
    expect(divisionPath('320101')).toEqual([]);
  });
});

describe('province codes', () => {
  it('has the 31 mainland province-level units plus Taiwan, Hong Kong and Macao', () => {
    expect(provinceCodes).toHaveLength(34);
    expect(provinceCodes.map((p) => p.code)).toEqual(
      expect.arrayContaining(['11', '32', '50', '65', '71', '81', '82']),
    );
    expect(findProvince('320102')?.name).toBe('江苏省');
    expect(findProvince('50')?.nameEn).toBe('Chongqing Municipality');
    expect(findProvince('99')).toBeUndefined();
  });
});
