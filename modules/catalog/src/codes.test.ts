import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CatalogCodeError,
  ITEM_TYPE_CODES,
  implementationCode,
  isBasicCode,
  levelOfDepartment,
  parseImplementationCode,
  syntheticBasicCode,
} from './codes.ts';
import { parseSource } from './source.ts';

const DATA = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../data/jiangsu-service-items.json',
);

describe('implementationCode (GB/T 39554.1, standards-cn §2.2)', () => {
  // The three real 实施编码 samples quoted by the reference.
  it.each([
    ['11450721MB15580811', 4, '000104002000', '11450721MB155808114000104002000'],
    ['114507210081153718', 4, '452004020000', '1145072100811537184452004020000'],
    ['11440232MB2D06811W', 4, '000117051000', '11440232MB2D06811W4000117051000'],
  ])('builds %s + %i + %s', (credit, level, basic, expected) => {
    const code = implementationCode(credit, level, basic);
    expect(code).toBe(expected);
    expect(code).toHaveLength(31);
    expect(parseImplementationCode(code)).toEqual({ creditCode: credit, level, basicCode: basic });
  });

  it('normalises the credit code to upper case', () => {
    expect(implementationCode('11440232mb2d06811w', 2, '000117051000')).toBe(
      '11440232MB2D06811W2000117051000',
    );
  });

  it('refuses a bad credit code, level or basic code', () => {
    expect(() => implementationCode('11440232MB2D06811X', 4, '000117051000')).toThrow(CatalogCodeError);
    expect(() => implementationCode('11440232MB2D06811W', 0, '000117051000')).toThrow(CatalogCodeError);
    expect(() => implementationCode('11440232MB2D06811W', 7, '000117051000')).toThrow(CatalogCodeError);
    expect(() => implementationCode('11440232MB2D06811W', 2.5, '000117051000')).toThrow(CatalogCodeError);
    expect(() => implementationCode('11440232MB2D06811W', 4, '00011705100')).toThrow(CatalogCodeError);
    expect(() => implementationCode('11440232MB2D06811W', 4, '00011705100A')).toThrow(CatalogCodeError);
    expect(() => parseImplementationCode('11440232MB2D06811W4000117051')).toThrow(CatalogCodeError);
  });

  it('maps directory levels to the exercise-level digit', () => {
    expect(levelOfDepartment('province')).toBe(2);
    expect(levelOfDepartment('city')).toBe(3);
    expect(levelOfDepartment('county')).toBe(4);
  });
});

describe('syntheticBasicCode', () => {
  it('is a 12-digit Jiangsu local code carrying the type digits', () => {
    const c = syntheticBasicCode({ itemType: '行政许可', departmentIndex: 3, sequence: 12 });
    expect(c).toBe('320103012000');
    expect(isBasicCode(c)).toBe(true);
    expect(syntheticBasicCode({ itemType: null, departmentIndex: 26, sequence: 1 })).toBe('320026001000');
  });
  it('refuses out-of-range parts', () => {
    expect(() => syntheticBasicCode({ itemType: null, departmentIndex: 100, sequence: 1 })).toThrow(
      CatalogCodeError,
    );
    expect(() => syntheticBasicCode({ itemType: null, departmentIndex: 1, sequence: 1000 })).toThrow(
      CatalogCodeError,
    );
  });
});

describe('the shipped service items', () => {
  const source = parseSource(JSON.parse(fs.readFileSync(DATA, 'utf8')));

  it('have unique, well-formed basic codes; real ones carry their type digits', () => {
    expect(source.items).toHaveLength(177);
    const codes = source.items.map((i) => i.basicCode);
    expect(new Set(codes).size).toBe(177);
    for (const c of codes) expect(isBasicCode(c)).toBe(true);
    const real = source.items.filter((i) => !i.demoCode);
    expect(real).toHaveLength(9);
    for (const i of real) {
      expect(i.basicCode.startsWith('00')).toBe(true);
      if (i.itemType) expect(i.basicCode.slice(2, 4)).toBe(ITEM_TYPE_CODES[i.itemType]);
    }
  });

  it('maps departments, audiences and materials', () => {
    const ids = new Set(source.items.map((i) => i.departmentId));
    expect(ids.has('320100-cg')).toBe(true);
    expect(ids.has('320100-gjj')).toBe(true);
    expect(ids.has('320000-ga')).toBe(true);
    const birth = source.items.find((i) => i.name === '户口登记（出生登记）')!;
    expect(birth.audience).toBe('person');
    expect(birth.materials?.find((m) => m.name === '出生医学证明')?.source).toBe('government_issued');
    expect(source.lifeEvents).toHaveLength(7);
    for (const e of source.lifeEvents) expect(e.itemIds.length).toBeGreaterThan(0);
  });
});
