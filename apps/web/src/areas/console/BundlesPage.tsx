import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import { apiGet, apiPost, apiPut, toApiError, type ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useLifeEvents, type ItemCard, type LifeEvent } from '../catalogHooks.ts';

/** Every published item (id and name) for the item picker: the list API pages by 100. */
function useAllItems() {
  const [items, setItems] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    void (async () => {
      const out: { id: string; name: string }[] = [];
      for (let page = 1; page <= 20; page++) {
        const r = await apiGet<{ items: ItemCard[]; total: number }>(
          '/catalog/items',
          { page, pageSize: 100 },
          controller.signal,
        ).catch(() => null);
        if (!r) return;
        out.push(...r.items.map((i) => ({ id: i.id, name: i.name })));
        if (out.length >= r.total || r.items.length === 0) break;
      }
      if (!controller.signal.aborted) setItems(out);
    })();
    return () => controller.abort();
  }, []);
  return items;
}

/** 一件事管理: the bundles, their items and shared form fields. */
export default function BundlesPage() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLifeEvents();
  const [editing, setEditing] = useState<LifeEvent | 'new' | undefined>();
  const emptyText = useEmptyText(loading);
  return (
    <Page title={t('catalog.bundles.title')} intro={t('catalog.bundles.intro')}>
      <Card
        title={<SectionTitle id="bundles-heading">{t('catalog.lifeEvents')}</SectionTitle>}
        extra={
          <Button type="primary" onClick={() => setEditing('new')} data-testid="bundle-create">
            {t('catalog.bundles.create')}
          </Button>
        }
      >
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        <DataTable<LifeEvent>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText }}
          data-testid="bundles-table"
          columns={[
            { key: 'name', title: t('catalog.bundles.name'), dataIndex: 'name', width: 220 },
            {
              key: 'items',
              title: t('catalog.bundles.items'),
              render: (_, e) => e.items.map((i) => i.name).join('、'),
            },
            {
              key: 'shared',
              title: t('catalog.bundles.sharedFields'),
              width: 220,
              render: (_, e) => (
                <>
                  {e.sharedFields.map((f) => (
                    <Tag key={f}>{f}</Tag>
                  ))}
                  {e.sharedFieldsComputed ? (
                    <Typography.Text type="secondary">（auto）</Typography.Text>
                  ) : null}
                </>
              ),
            },
            { key: 'version', title: t('catalog.admin.version'), dataIndex: 'version', width: 70 },
            {
              key: 'updatedAt',
              title: t('catalog.bundles.updatedAt'),
              width: 150,
              render: (_, e) => formatDateTime(e.updatedAt),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              width: 90,
              render: (_, e) => (
                <Button size="small" onClick={() => setEditing(e)} data-testid={`bundle-edit-${e.id}`}>
                  {t('catalog.admin.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {editing !== undefined ? (
        <BundleModal
          bundle={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      ) : null}
    </Page>
  );
}

interface BundleValues {
  name: string;
  nameEn: string;
  itemIds: string[];
  auto: boolean;
  sharedFields: string[];
  otherSteps: string[];
  scope: string | null;
  note: string | null;
}

function BundleModal({
  bundle,
  onClose,
  onSaved,
}: {
  bundle: LifeEvent | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<BundleValues>();
  const items = useAllItems();
  const options = useMemo(() => items.map((i) => ({ value: i.id, label: `${i.name}（${i.id}）` })), [items]);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const auto = Form.useWatch('auto', form);

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setProblem(undefined);
    const body = {
      name: v.name,
      nameEn: v.nameEn,
      itemIds: v.itemIds,
      sharedFields: v.auto ? null : (v.sharedFields ?? []),
      otherSteps: v.otherSteps ?? [],
      scope: v.scope || null,
      note: v.note || null,
    };
    try {
      const r = bundle
        ? await apiPut<{ version: number }>(`/catalog/life-events/${encodeURIComponent(bundle.id)}`, {
            ...body,
            baseVersion: bundle.version,
          })
        : await apiPost<{ version: number }>('/catalog/life-events', body);
      void message.success(t('catalog.bundles.saved', { n: r.version }));
      onSaved();
    } catch (e) {
      setProblem(toApiError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width="min(720px, 100vw)"
      title={bundle ? t('catalog.bundles.editTitle', { name: bundle.name }) : t('catalog.bundles.create')}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('catalog.bundles.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      {problem ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            problem.code === 'catalog.version_conflict'
              ? t('catalog.admin.conflict')
              : problem.localized(locale)
          }
          description={
            problem.fieldErrors.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problem.fieldErrors.map((f, n) => (
                  <li key={n}>{f.message[locale]}</li>
                ))}
              </ul>
            ) : undefined
          }
          data-testid="form-error"
        />
      ) : null}
      <Form<BundleValues>
        form={form}
        layout="vertical"
        initialValues={{
          name: bundle?.name ?? '',
          nameEn: bundle?.nameEn ?? '',
          itemIds: bundle?.itemIds ?? [],
          auto: bundle ? bundle.sharedFieldsComputed : true,
          sharedFields: bundle?.sharedFields ?? [],
          otherSteps: bundle?.otherSteps ?? [],
          scope: bundle?.scope ?? null,
          note: bundle?.note ?? null,
        }}
      >
        <Form.Item name="name" label={t('catalog.bundles.name')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalog.admin.nameEn')} rules={[{ required: true, max: 300 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="itemIds" label={t('catalog.bundles.items')} rules={[{ required: true }]}>
          <Select mode="multiple" options={options} optionFilterProp="label" loading={items.length === 0} />
        </Form.Item>
        <Form.Item name="auto" valuePropName="checked">
          <Checkbox>{t('catalog.bundles.sharedAuto')}</Checkbox>
        </Form.Item>
        {!auto ? (
          <Form.Item name="sharedFields" label={t('catalog.bundles.sharedFields')}>
            <Select mode="tags" open={false} suffixIcon={null} />
          </Form.Item>
        ) : null}
        <Form.Item name="otherSteps" label={t('catalog.bundles.otherSteps')}>
          <Select mode="tags" open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="scope" label={t('catalog.bundles.scope')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="note" label={t('catalog.bundles.note')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
