import type { FieldError } from '@sufu/kernel';

/**
 * Application forms are JSON Schema (draft 2020-12), limited to a subset every channel can
 * render: one flat object of string / number / integer / boolean properties with `title`,
 * `description`, `enum`, `format: 'date'`, `minLength` / `maxLength` / `pattern`,
 * `minimum` / `maximum`, `required`, plus two extensions: `x-prefill` (a shared-data field
 * the platform fills in for the signed-in applicant) and `x-widget: 'textarea'`.
 */
export const PREFILL_FIELDS = [
  'name',
  'idNumber',
  'gender',
  'birthDate',
  'mobile',
  'regionCode',
  'address',
  'organisationName',
  'creditCode',
  'legalRepresentative',
] as const;
export type PrefillField = (typeof PREFILL_FIELDS)[number];

export type FormProperty = {
  type: 'string' | 'number' | 'integer' | 'boolean';
  title: string;
  description?: string;
  enum?: (string | number)[];
  format?: 'date';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  'x-prefill'?: PrefillField;
  'x-widget'?: 'textarea';
};

export type FormSchema = {
  $schema?: string;
  type: 'object';
  title?: string;
  properties: Record<string, FormProperty>;
  required?: string[];
};

export const PROPERTY_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;
export const MAX_PROPERTIES = 60;
const ROOT_KEYS = new Set(['$schema', 'type', 'title', 'properties', 'required']);
const PROP_KEYS = new Set([
  'type',
  'title',
  'description',
  'enum',
  'format',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'x-prefill',
  'x-widget',
]);

const err = (path: string, zh: string, en: string): FieldError => ({
  path,
  message: { 'zh-CN': zh, en },
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000;

/**
 * The meta-check: field errors (paths under `prefix`) for anything outside the supported
 * subset; an empty list means the form is valid.
 */
export function checkForm(form: unknown, prefix = 'form'): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(form)) return [err(prefix, '表单必须是 JSON 对象。', 'The form must be a JSON object.')];
  for (const k of Object.keys(form))
    if (!ROOT_KEYS.has(k))
      errors.push(err(`${prefix}.${k}`, `不支持的关键字 ${k}。`, `Unsupported keyword ${k}.`));
  if (form.$schema !== undefined && form.$schema !== 'https://json-schema.org/draft/2020-12/schema')
    errors.push(err(`${prefix}.$schema`, '仅支持 draft 2020-12。', 'Only draft 2020-12 is supported.'));
  if (form.type !== 'object')
    errors.push(err(`${prefix}.type`, '表单的 type 必须为 object。', 'The form type must be "object".'));
  if (form.title !== undefined && (typeof form.title !== 'string' || form.title.length > 100))
    errors.push(
      err(
        `${prefix}.title`,
        '标题须为不超过 100 字的文本。',
        'The title must be text of at most 100 characters.',
      ),
    );
  const props = form.properties;
  if (!isObject(props)) {
    errors.push(err(`${prefix}.properties`, '缺少 properties 对象。', 'properties must be an object.'));
    return errors;
  }
  const names = Object.keys(props);
  if (names.length > MAX_PROPERTIES)
    errors.push(
      err(
        `${prefix}.properties`,
        `字段不得超过 ${MAX_PROPERTIES} 个。`,
        `At most ${MAX_PROPERTIES} properties are allowed.`,
      ),
    );
  for (const name of names) {
    const p = props[name];
    const at = `${prefix}.properties.${name}`;
    if (!PROPERTY_NAME.test(name)) {
      errors.push(
        err(
          at,
          '字段名须以字母开头，只含字母、数字、下划线，最长 40 个字符。',
          'Property names start with a letter and hold letters, digits and underscores (at most 40).',
        ),
      );
      continue;
    }
    if (!isObject(p)) {
      errors.push(err(at, '字段定义必须是对象。', 'A property must be an object.'));
      continue;
    }
    for (const k of Object.keys(p))
      if (!PROP_KEYS.has(k))
        errors.push(err(`${at}.${k}`, `不支持的关键字 ${k}。`, `Unsupported keyword ${k}.`));
    const type = p.type;
    if (type !== 'string' && type !== 'number' && type !== 'integer' && type !== 'boolean')
      errors.push(
        err(
          `${at}.type`,
          'type 须为 string、number、integer 或 boolean。',
          'type must be string, number, integer or boolean.',
        ),
      );
    if (typeof p.title !== 'string' || p.title.trim() === '' || p.title.length > 50)
      errors.push(
        err(
          `${at}.title`,
          '每个字段须有不超过 50 字的中文标题。',
          'Every property needs a title (at most 50 characters).',
        ),
      );
    if (p.description !== undefined && (typeof p.description !== 'string' || p.description.length > 500))
      errors.push(
        err(
          `${at}.description`,
          '说明须为不超过 500 字的文本。',
          'description must be text of at most 500 characters.',
        ),
      );
    if (p.enum !== undefined) {
      const ok =
        Array.isArray(p.enum) &&
        p.enum.length > 0 &&
        p.enum.length <= 100 &&
        new Set(p.enum).size === p.enum.length &&
        p.enum.every((v) =>
          type === 'string' ? typeof v === 'string' && v.length <= 100 : typeof v === 'number',
        );
      if (!ok)
        errors.push(
          err(
            `${at}.enum`,
            'enum 须为与 type 一致、不重复的取值列表（1–100 项）。',
            'enum must list 1–100 distinct values of the property type.',
          ),
        );
    }
    if (p.format !== undefined && (p.format !== 'date' || type !== 'string'))
      errors.push(
        err(`${at}.format`, '仅支持字符串的 format: date。', 'Only format "date" on strings is supported.'),
      );
    for (const k of ['minLength', 'maxLength', 'pattern'] as const)
      if (p[k] !== undefined && type !== 'string')
        errors.push(err(`${at}.${k}`, `${k} 仅适用于字符串字段。`, `${k} applies to strings only.`));
    for (const k of ['minLength', 'maxLength'] as const)
      if (p[k] !== undefined && !isCount(p[k]))
        errors.push(err(`${at}.${k}`, `${k} 须为 0–10000 的整数。`, `${k} must be an integer 0–10000.`));
    if (isCount(p.minLength) && isCount(p.maxLength) && (p.minLength as number) > (p.maxLength as number))
      errors.push(
        err(`${at}.minLength`, 'minLength 不得大于 maxLength。', 'minLength must not exceed maxLength.'),
      );
    if (p.pattern !== undefined) {
      let ok = typeof p.pattern === 'string' && p.pattern.length <= 200;
      if (ok)
        try {
          new RegExp(p.pattern as string, 'u');
        } catch {
          ok = false;
        }
      if (!ok)
        errors.push(
          err(
            `${at}.pattern`,
            'pattern 不是有效的正则表达式。',
            'pattern is not a valid regular expression.',
          ),
        );
    }
    for (const k of ['minimum', 'maximum'] as const) {
      if (p[k] === undefined) continue;
      if (type !== 'number' && type !== 'integer')
        errors.push(err(`${at}.${k}`, `${k} 仅适用于数值字段。`, `${k} applies to numbers only.`));
      else if (typeof p[k] !== 'number' || !Number.isFinite(p[k]))
        errors.push(err(`${at}.${k}`, `${k} 须为数值。`, `${k} must be a number.`));
    }
    if (p['x-prefill'] !== undefined && !(PREFILL_FIELDS as readonly unknown[]).includes(p['x-prefill']))
      errors.push(
        err(
          `${at}.x-prefill`,
          `x-prefill 须为共享数据字段之一：${PREFILL_FIELDS.join('、')}。`,
          `x-prefill must be one of ${PREFILL_FIELDS.join(', ')}.`,
        ),
      );
    if (p['x-widget'] !== undefined && (p['x-widget'] !== 'textarea' || type !== 'string'))
      errors.push(
        err(
          `${at}.x-widget`,
          '仅支持字符串的 x-widget: textarea。',
          'Only x-widget "textarea" on strings is supported.',
        ),
      );
  }
  if (form.required !== undefined) {
    const req = form.required;
    if (!Array.isArray(req) || req.some((r) => typeof r !== 'string') || new Set(req).size !== req.length)
      errors.push(
        err(
          `${prefix}.required`,
          'required 须为不重复的字段名列表。',
          'required must list distinct property names.',
        ),
      );
    else
      for (const r of req as string[])
        if (!names.includes(r))
          errors.push(
            err(
              `${prefix}.required`,
              `required 中的 ${r} 不是已定义的字段。`,
              `required names ${r}, which is not a property.`,
            ),
          );
  }
  return errors;
}
