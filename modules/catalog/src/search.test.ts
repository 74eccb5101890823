import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NameIndex, derivedAliases, editDistance, grams, initials, normalise, tokens } from './search.ts';
import { diff } from './diff.ts';
import { checkForm } from './form.ts';
import { parseSource } from './source.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { items, lifeEvents } = parseSource(
  JSON.parse(fs.readFileSync(path.join(ROOT, 'data/jiangsu-service-items.json'), 'utf8')),
);
const index = new NameIndex(
  items.map((i) => ({ id: i.id, name: i.name, nameEn: i.nameEn, aliases: i.aliases })),
);
const events = new NameIndex(
  lifeEvents.map((e) => ({ id: e.id, name: e.name, nameEn: e.nameEn, aliases: derivedAliases(e.name) })),
);
const top = (q: string) => index.search(q, 5).map((h) => `${h.doc.name}|${h.matchedBy}`);

describe('segmenter', () => {
  it('normalises and cuts Han text into bigrams and characters', () => {
    expect(normalise('户口登记（出生登记）')).toBe('户口登记 出生登记');
    expect(tokens('出生 一件事 ABC')).toEqual(['出生', '一件事', 'abc']);
    expect([...grams('出生登记')].sort()).toEqual(['出', '出生', '生', '生登', '登', '登记', '记'].sort());
  });
  it('gives pinyin initials, polyphonic characters with every reading', () => {
    expect(initials('户口登记').join(' ')).toBe('h k d j');
    expect(initials('行政')[0]).toContain('x');
    expect(initials('银行'.slice(1))[0]).toContain('h');
    expect(initials('用人单位')[2]).toContain('d');
  });
  it('measures Damerau-Levenshtein distance with transpositions', () => {
    expect(editDistance('hkdj', 'hkdj')).toBe(0);
    expect(editDistance('hkjd', 'hkdj')).toBe(1);
    expect(editDistance('hkd', 'hkdj')).toBe(1);
    expect(editDistance('passport', 'pasport')).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
  it('derives aliases from brackets and bundle names', () => {
    expect(derivedAliases('户口登记（出生登记）')).toEqual(['出生登记', '户口登记']);
    expect(derivedAliases('新生儿出生一件事')).toEqual(['新生儿出生']);
  });
});

describe('search ranking over the shipped names', () => {
  it('finds 户口登记（出生登记） by words, pinyin initials and a typo', () => {
    expect(top('出生登记')[0]).toBe('户口登记（出生登记）|exact');
    expect(top('户口 出生')[0]).toBe('户口登记（出生登记）|bigram');
    expect(top('hkdj')[0]).toMatch(/^户口登记（/);
    expect(top('hkdj')[0]).toMatch(/\|pinyin$/);
    expect(top('出身登记')[0]).toBe('户口登记（出生登记）|typo');
    expect(top('户口登')[0]).toMatch(/^户口登记（.*\|prefix$/);
  });
  it('tolerates a typo in pinyin initials and English words', () => {
    expect(index.search('hkdjx', 10).map((h) => h.doc.name)).toContain('户口登记（出生登记）');
    expect(index.search('pasport', 5).map((h) => h.doc.name)).toContain('普通护照签发');
  });
  it('finds bundles', () => {
    expect(events.search('出生一件事')[0]?.doc.name).toBe('新生儿出生一件事');
    expect(events.search('出生 一件事')[0]?.doc.name).toBe('新生儿出生一件事');
    expect(events.search('qykb')[0]?.doc.name).toBe('企业开办一件事');
  });
  it('answers nothing for unrelated text', () => {
    expect(index.search('量子计算机')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
  });
});

describe('generated defaults', () => {
  it('gives every shipped item a valid form, steps and themes', () => {
    for (const i of items) {
      expect(checkForm(i.form), i.id).toEqual([]);
      expect(i.steps.map((s) => s.name)).toEqual(['受理', '审查', '决定', '送达']);
      expect(i.themes.length, i.id).toBeGreaterThan(0);
    }
    const birth = items.find((i) => i.name === '户口登记（出生登记）')!;
    expect(Object.keys(birth.form.properties)).toEqual(
      expect.arrayContaining([
        'applicantName',
        'applicantIdNumber',
        'babyName',
        'babyBirthDate',
        'relationship',
      ]),
    );
    expect(birth.form.properties.applicantName?.['x-prefill']).toBe('name');
    expect(birth.handlingScope).toEqual(['province', 'yangtze_delta']);
    expect(birth.themes).toContain('生育收养');
    expect(birth.demoValues).toContain('form');
    const org = items.find((i) => i.name === '企业设立登记')!;
    expect(org.form.properties.creditCode?.['x-prefill']).toBe('creditCode');
    expect(org.channels).not.toContain('kiosk');
    // Government-issued documents without an e-certificate type come from shared data.
    const works = items.find((i) => i.id === 'JS-ZJ-001')!;
    expect(works.materials?.find((m) => m.name === '立项批文')?.source).toBe('shared_data');
  });
});

describe('form meta-check', () => {
  it('accepts the subset and reports each problem with its path', () => {
    expect(
      checkForm({
        type: 'object',
        properties: { a: { type: 'string', title: '甲', format: 'date' } },
        required: ['a'],
      }),
    ).toEqual([]);
    const errors = checkForm({
      type: 'object',
      properties: {
        '1bad': { type: 'string', title: 'x' },
        ok: { type: 'array', title: '乙' },
        p: { type: 'string', title: '丙', 'x-prefill': 'salary', pattern: '(' },
        n: { type: 'number', title: '丁', minLength: 2 },
      },
      required: ['missing'],
      allOf: [],
    }).map((e) => e.path);
    expect(errors).toEqual(
      expect.arrayContaining([
        'form.allOf',
        'form.properties.1bad',
        'form.properties.ok.type',
        'form.properties.p.x-prefill',
        'form.properties.p.pattern',
        'form.properties.n.minLength',
        'form.required',
      ]),
    );
    const many = Object.fromEntries(
      Array.from({ length: 61 }, (_, i) => [`f${i}`, { type: 'string', title: 't' }]),
    );
    expect(checkForm({ type: 'object', properties: many }).map((e) => e.path)).toContain('form.properties');
    expect(checkForm('nope')).toHaveLength(1);
  });
});

describe('diff', () => {
  it('lists changed leaves with paths', () => {
    expect(
      diff(
        { name: '甲', materials: [{ source: 'applicant' }], fee: { charged: null } },
        {
          name: '乙',
          materials: [{ source: 'shared_data' }, { source: 'applicant' }],
          fee: { charged: null },
        },
      ),
    ).toEqual([
      { path: 'name', kind: 'changed', before: '甲', after: '乙' },
      { path: 'materials[0].source', kind: 'changed', before: 'applicant', after: 'shared_data' },
      { path: 'materials[1]', kind: 'added', before: null, after: { source: 'applicant' } },
    ]);
    expect(diff({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
    expect(diff({ a: 1, b: 2 }, { a: 1 })).toEqual([{ path: 'b', kind: 'removed', before: 2, after: null }]);
  });
});
