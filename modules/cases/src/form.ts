import type { FieldError } from '@sufu/kernel';

/**
 * The application form of a service item: a small, safe subset of JSON Schema (draft
 * 2020-12) that the portal renders with Ant Design and both sides validate identically.
 * `x-prefill` names the shared-data field a property is filled from; such values come from
 * the base libraries and the applicant cannot change them.
 */
export type FormProperty = {
  type: 'string' | 'number' | 'integer' | 'boolean';
  title?: string;
  description?: string;
  enum?: (string | number)[];
  format?: 'date';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  'x-prefill'?: string;
  'x-widget'?: 'textarea';
};

export type FormSchema = {
  type: 'object';
  title?: string;
  properties: Record<string, FormProperty>;
  required?: string[];
};

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Validates form data against the schema; returns field errors in both locales (empty when valid). */
export function validateForm(schema: FormSchema, data: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const err = (path: string, zh: string, en: string) => errors.push({ path, message: { 'zh-CN': zh, en } });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    err('', '申请表应为对象。', 'The form must be an object.');
    return errors;
  }
  const obj = data as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!Object.hasOwn(schema.properties, key))
      err(key, '申请表中没有该字段。', 'The form has no such field.');
  }
  for (const name of schema.required ?? []) {
    const v = obj[name];
    if (v === undefined || v === null || v === '') {
      const title = schema.properties[name]?.title ?? name;
      err(name, `请填写“${title}”。`, `"${title}" is required.`);
    }
  }
  for (const [name, p] of Object.entries(schema.properties)) {
    const v = obj[name];
    if (v === undefined || v === null || (v === '' && p.type === 'string')) continue;
    const title = p.title ?? name;
    switch (p.type) {
      case 'string': {
        if (typeof v !== 'string') {
          err(name, `“${title}”应为文字。`, `"${title}" must be text.`);
          continue;
        }
        const len = [...v].length;
        if (p.minLength !== undefined && len < p.minLength)
          err(
            name,
            `“${title}”至少 ${p.minLength} 个字。`,
            `"${title}" needs at least ${p.minLength} characters.`,
          );
        if (p.maxLength !== undefined && len > p.maxLength)
          err(
            name,
            `“${title}”最多 ${p.maxLength} 个字。`,
            `"${title}" allows at most ${p.maxLength} characters.`,
          );
        if (p.pattern !== undefined && !safeRegExp(p.pattern)?.test(v))
          err(name, `“${title}”格式不正确。`, `"${title}" is not in the expected format.`);
        if (p.format === 'date' && !validDate(v))
          err(name, `“${title}”应为日期（年-月-日）。`, `"${title}" must be a date (YYYY-MM-DD).`);
        if (p.enum && !p.enum.includes(v))
          err(name, `请从选项中选择“${title}”。`, `Choose "${title}" from the list.`);
        break;
      }
      case 'number':
      case 'integer': {
        if (typeof v !== 'number' || !Number.isFinite(v) || (p.type === 'integer' && !Number.isInteger(v))) {
          err(
            name,
            `“${title}”应为${p.type === 'integer' ? '整数' : '数字'}。`,
            `"${title}" must be ${p.type === 'integer' ? 'an integer' : 'a number'}.`,
          );
          continue;
        }
        if (p.minimum !== undefined && v < p.minimum)
          err(name, `“${title}”不能小于 ${p.minimum}。`, `"${title}" must be at least ${p.minimum}.`);
        if (p.maximum !== undefined && v > p.maximum)
          err(name, `“${title}”不能大于 ${p.maximum}。`, `"${title}" must be at most ${p.maximum}.`);
        if (p.enum && !p.enum.includes(v))
          err(name, `请从选项中选择“${title}”。`, `Choose "${title}" from the list.`);
        break;
      }
      case 'boolean':
        if (typeof v !== 'boolean') err(name, `“${title}”应为是或否。`, `"${title}" must be yes or no.`);
        break;
    }
  }
  return errors;
}

const regexCache = new Map<string, RegExp | null>();
/** Patterns come from the catalog (staff input): compiled once, refused when invalid or too long. */
function safeRegExp(pattern: string): RegExp | null {
  if (regexCache.has(pattern)) return regexCache.get(pattern)!;
  let re: RegExp | null = null;
  try {
    re = pattern.length <= 200 ? new RegExp(pattern, 'u') : null;
  } catch {
    re = null;
  }
  regexCache.set(pattern, re);
  return re;
}

/** A plain applicant form for items whose catalog entry has none yet. */
export function defaultForm(audience: 'person' | 'organisation'): FormSchema {
  return audience === 'organisation'
    ? {
        type: 'object',
        properties: {
          organisationName: {
            type: 'string',
            title: '单位名称',
            'x-prefill': 'organisationName',
            maxLength: 100,
          },
          creditCode: { type: 'string', title: '统一社会信用代码', 'x-prefill': 'creditCode', maxLength: 18 },
          applicantName: { type: 'string', title: '经办人姓名', 'x-prefill': 'name', maxLength: 50 },
          reason: { type: 'string', title: '申请事由', maxLength: 500, 'x-widget': 'textarea' },
        },
        required: ['organisationName', 'creditCode', 'reason'],
      }
    : {
        type: 'object',
        properties: {
          name: { type: 'string', title: '申请人姓名', 'x-prefill': 'name', maxLength: 50 },
          idNumber: { type: 'string', title: '公民身份号码', 'x-prefill': 'idNumber', maxLength: 18 },
          mobile: { type: 'string', title: '联系电话', 'x-prefill': 'mobile', maxLength: 20 },
          reason: { type: 'string', title: '申请事由', maxLength: 500, 'x-widget': 'textarea' },
        },
        required: ['name', 'idNumber', 'reason'],
      };
}
