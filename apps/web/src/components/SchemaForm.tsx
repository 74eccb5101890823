/**
 * Renders an application form from the catalog's JSON Schema subset (FormSchema) as antd
 * Form.Items, with rules that mirror the server's validation (modules/cases/src/form.ts):
 * required, minLength/maxLength (in characters), pattern, minimum/maximum, enum, integer,
 * dates `YYYY-MM-DD`. Fields filled from the base libraries (`x-prefill` with a value) are
 * shown read-only with their source; the server takes their value from the library anyway.
 */
import { DatePicker, Form, Input, InputNumber, Radio, Select, Tooltip, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import type { FormProperty, FormSchema, PrefillField } from '../api/casesTypes.ts';
import { useI18n, type Translate } from '../i18n/index.tsx';

export type ApiFormData = Record<string, string | number | boolean | null>;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function regExpOf(pattern: string): RegExp | null {
  try {
    return pattern.length <= 200 ? new RegExp(pattern, 'u') : null;
  } catch {
    return null;
  }
}

/** antd rules for one property, with the same messages as the server's. */
export function rulesFor(name: string, p: FormProperty, required: boolean, t: Translate): Rule[] {
  const title = p.title ?? name;
  const rules: Rule[] = [];
  if (required)
    rules.push({
      required: true,
      message: t('schemaForm.required', { title }),
      ...(p.type === 'string' && !p.enum && p.format !== 'date' ? { whitespace: true } : {}),
    });
  if (p.type === 'string' && p.format !== 'date') {
    rules.push({
      validator: async (_, value: unknown) => {
        if (typeof value !== 'string' || value === '') return;
        const len = [...value].length;
        if (p.minLength !== undefined && len < p.minLength)
          throw new Error(t('schemaForm.minLength', { title, n: p.minLength }));
        if (p.maxLength !== undefined && len > p.maxLength)
          throw new Error(t('schemaForm.maxLength', { title, n: p.maxLength }));
        if (p.pattern !== undefined && !regExpOf(p.pattern)?.test(value))
          throw new Error(t('schemaForm.pattern', { title }));
      },
    });
  }
  if (p.type === 'number' || p.type === 'integer') {
    rules.push({
      validator: async (_, value: unknown) => {
        if (value === undefined || value === null || value === '') return;
        if (typeof value !== 'number' || (p.type === 'integer' && !Number.isInteger(value)))
          throw new Error(t(p.type === 'integer' ? 'schemaForm.integer' : 'schemaForm.number', { title }));
        if (p.minimum !== undefined && value < p.minimum)
          throw new Error(t('schemaForm.minimum', { title, n: p.minimum }));
        if (p.maximum !== undefined && value > p.maximum)
          throw new Error(t('schemaForm.maximum', { title, n: p.maximum }));
      },
    });
  }
  return rules;
}

/** Saved form data (API shape) → antd field values (dates become dayjs). */
export function toFieldValues(schema: FormSchema, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(schema.properties)) {
    const v = data[k];
    if (v === undefined || v === null) continue;
    if (p.format === 'date' && typeof v === 'string' && DATE.test(v)) out[k] = dayjs(v, 'YYYY-MM-DD');
    else out[k] = v;
  }
  return out;
}

/** antd field values → form data for the API: dates `YYYY-MM-DD`, strings trimmed, empties left out. */
export function fromFieldValues(
  schema: FormSchema,
  values: Record<string, unknown>,
  locked: ReadonlySet<string> = new Set(),
): ApiFormData {
  const out: ApiFormData = {};
  for (const [k, p] of Object.entries(schema.properties)) {
    if (locked.has(k)) continue;
    const v = values[k];
    if (v === undefined || v === null || v === '') continue;
    if (dayjs.isDayjs(v)) out[k] = (v as Dayjs).format('YYYY-MM-DD');
    else if (typeof v === 'string') {
      const s = v.trim();
      if (s !== '') out[k] = p.type === 'number' || p.type === 'integer' ? Number(s) : s;
    } else if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** Prefilled values by field key, for the fields the schema marks `x-prefill`. */
export function lockedValues(schema: FormSchema, prefill: PrefillField[]): Map<string, PrefillField> {
  const m = new Map<string, PrefillField>();
  for (const f of prefill) if (schema.properties[f.key]?.['x-prefill']) m.set(f.key, f);
  return m;
}

/** A value for display: enum values as they are, booleans 是/否, dates as sent. */
export function displayValue(p: FormProperty | undefined, v: unknown, t: Translate): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'boolean') return t(v ? 'schemaForm.yes' : 'schemaForm.no');
  if (dayjs.isDayjs(v)) return (v as Dayjs).format('YYYY-MM-DD');
  if (p?.format === 'date' && typeof v === 'string') return v;
  return String(v);
}

/** The control of one property; Form.Item injects `id`, `value`, `onChange`…, passed on as `rest`. */
function FieldControl({
  name,
  p,
  idPrefix,
  ...rest
}: {
  name: string;
  p: FormProperty;
  idPrefix: string;
  [injected: string]: unknown;
}) {
  const { t } = useI18n();
  const testId = `${idPrefix}-field-${name}`;
  if (p.enum)
    return (
      <Select
        {...rest}
        data-testid={testId}
        placeholder={t('schemaForm.choose')}
        options={p.enum.map((v) => ({ value: v, label: String(v) }))}
        allowClear
      />
    );
  if (p.type === 'boolean')
    return (
      <Radio.Group
        {...rest}
        data-testid={testId}
        options={[
          { value: true, label: t('schemaForm.yes') },
          { value: false, label: t('schemaForm.no') },
        ]}
      />
    );
  if (p.type === 'number' || p.type === 'integer')
    return (
      <InputNumber
        {...rest}
        data-testid={testId}
        style={{ width: '100%', maxWidth: 240 }}
        precision={p.type === 'integer' ? 0 : undefined}
        min={p.minimum}
        max={p.maximum}
      />
    );
  if (p.format === 'date')
    return (
      <DatePicker
        {...rest}
        style={{ width: '100%', maxWidth: 240 }}
        format="YYYY-MM-DD"
        placeholder={t('schemaForm.datePlaceholder')}
        inputReadOnly={false}
      />
    );
  if (p['x-widget'] === 'textarea')
    return (
      <Input.TextArea
        {...rest}
        data-testid={testId}
        autoSize={{ minRows: 3, maxRows: 8 }}
        showCount={p.maxLength !== undefined}
        maxLength={p.maxLength}
      />
    );
  return <Input {...rest} data-testid={testId} maxLength={p.maxLength} autoComplete="off" />;
}

interface SchemaFieldsProps {
  schema: FormSchema;
  /** Values from the base libraries: shown read-only, never sent. */
  locked: Map<string, PrefillField>;
  /** Fields several items of a bundle share (shown with a hint). */
  sharedFields?: string[];
  /** Prefix of test ids (`<prefix>-field-<name>`). */
  idPrefix?: string;
  /** Which fields: the editable ones, the locked ones, or all. */
  part?: 'editable' | 'locked' | 'all';
}

/** The Form.Items of a schema, to be placed inside an antd `<Form>`. */
export function SchemaFields({
  schema,
  locked,
  sharedFields = [],
  idPrefix = 'apply',
  part = 'all',
}: SchemaFieldsProps) {
  const { t, pick } = useI18n();
  const required = new Set(schema.required ?? []);
  const shared = new Set(sharedFields);
  return (
    <>
      {Object.entries(schema.properties).map(([name, p]) => {
        const lock = locked.get(name);
        if (part === 'editable' && lock) return null;
        if (part === 'locked' && !lock) return null;
        const label = p.title ?? name;
        if (lock)
          return (
            <Form.Item
              key={name}
              label={label}
              htmlFor={`${idPrefix}-locked-${name}`}
              extra={t('schemaForm.lockedFrom', { source: pick(lock.source) })}
            >
              <Input
                id={`${idPrefix}-locked-${name}`}
                value={lock.value}
                readOnly
                aria-readonly="true"
                data-testid={`${idPrefix}-locked-${name}`}
                suffix={
                  <Tooltip title={t('schemaForm.locked')}>
                    <LockOutlined aria-label={t('schemaForm.locked')} />
                  </Tooltip>
                }
                style={{ background: '#f5f7fa' }}
              />
            </Form.Item>
          );
        const extra = [p.description, shared.has(name) ? t('schemaForm.shared') : null].filter(Boolean);
        return (
          <Form.Item
            key={name}
            name={name}
            label={label}
            required={required.has(name)}
            rules={rulesFor(name, p, required.has(name), t)}
            extra={
              extra.length ? <Typography.Text type="secondary">{extra.join(' ')}</Typography.Text> : undefined
            }
            validateFirst
          >
            <FieldControl name={name} p={p} idPrefix={idPrefix} />
          </Form.Item>
        );
      })}
    </>
  );
}
