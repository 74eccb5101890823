import { useEffect, useMemo } from 'react';
import { Alert, Descriptions, Empty, Flex, Form, Tag, Typography, type FormInstance } from 'antd';
import type { FormSchema } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { SchemaFields } from '../../components/SchemaForm.tsx';
import type { CatalogItemDetail } from './casesHooks.ts';

const NO_LOCKS = new Map();

/**
 * At the counter the applicant's own data (`x-prefill`: name, ID number, mobile, address) comes
 * from the population library on submission, so those fields are optional here: the clerk fills
 * them only when the library lacks a value.
 */
export function counterSchema(schema: FormSchema, hint: string): FormSchema {
  const prefilled = new Set(
    Object.entries(schema.properties)
      .filter(([, p]) => p['x-prefill'])
      .map(([k]) => k),
  );
  return {
    ...schema,
    required: (schema.required ?? []).filter((k) => !prefilled.has(k)),
    properties: Object.fromEntries(
      Object.entries(schema.properties).map(([k, p]) => [
        k,
        prefilled.has(k) ? { ...p, description: [p.description, hint].filter(Boolean).join(' ') } : p,
      ]),
    ),
  };
}

/** The chosen item: what it is, what the applicant must bring, and its application form. */
export function CounterIntakeForm({
  item,
  form,
}: {
  item: CatalogItemDetail;
  form: FormInstance<Record<string, unknown>>;
}) {
  const { t } = useI18n();
  const schema = useMemo(
    () => (item.form ? counterSchema(item.form, t('wbCases.intake.prefillHint')) : null),
    [item.form, t],
  );
  // A new item starts with an empty form (the instance outlives the item that was shown).
  const hasFields = !!item.form && Object.keys(item.form.properties).length > 0;
  useEffect(() => {
    if (hasFields) form.resetFields();
  }, [item.id, hasFields, form]);
  const promised =
    typeof item.promisedTimeLimit === 'number'
      ? item.promisedTimeLimit
      : (item.promisedTimeLimit?.days ?? null);
  const materials = item.materials ?? [];
  return (
    <Flex vertical gap={16}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'item', label: t('wbCases.detail.item'), children: `${item.name}（${item.id}）` },
          {
            key: 'dept',
            label: t('wbCases.intake.itemDepartment'),
            children: item.departmentName ?? item.departmentId,
          },
          {
            key: 'limit',
            label: t('wbCases.detail.limit'),
            children:
              promised !== null
                ? t('wbCases.detail.limitDays', { days: promised, unit: t('wbCases.sla.unit.workingDays') })
                : '—',
          },
        ]}
      />
      <div>
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          {t('wbCases.intake.materials')}
        </Typography.Title>
        {materials.length === 0 ? (
          <Typography.Text type="secondary">{t('wbCases.material.none')}</Typography.Text>
        ) : (
          <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="intake-materials">
            {materials.map((m, i) => (
              <li key={`${m.name}-${i}`} style={{ padding: '2px 0' }}>
                <Flex gap={6} wrap align="center">
                  <span>{m.name}</span>
                  {m.source === 'government_issued' ? (
                    <Tag color="green" className="sufu-wrap-tag">
                      {t('wbCases.intake.material.certificate')}
                    </Tag>
                  ) : m.source === 'shared_data' ? (
                    <Tag color="green" className="sufu-wrap-tag">
                      {t('wbCases.intake.material.shared')}
                    </Tag>
                  ) : (
                    <Tag color="orange" className="sufu-wrap-tag">
                      {t('wbCases.intake.material.paper')}
                    </Tag>
                  )}
                  {m.required ? null : <Tag>{t('wbCases.material.notRequired')}</Tag>}
                  {m.note ? <Typography.Text type="secondary">{m.note}</Typography.Text> : null}
                </Flex>
              </li>
            ))}
          </ol>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('wbCases.intake.materialsHelp')}
        </Typography.Paragraph>
      </div>
      <div>
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          {schema?.title ?? t('wbCases.intake.form')}
        </Typography.Title>
        {schema ? (
          Object.keys(schema.properties).length > 0 ? (
            <Form form={form} name="intake-form" layout="vertical" style={{ maxWidth: 720 }}>
              <SchemaFields schema={schema} locked={NO_LOCKS} idPrefix="intake" />
            </Form>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wbCases.form.none')} />
          )
        ) : (
          <Alert type="info" showIcon title={t('wbCases.intake.noForm')} />
        )}
      </div>
    </Flex>
  );
}
