import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { apiPost, apiPut, toApiError, type ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DepartmentSelect } from '../../components/DepartmentSelect.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { CatalogDrawer } from '../CatalogDrawer.tsx';
import {
  AUDIENCE_LABELS,
  CHANNELS,
  CHANNEL_LABELS,
  SCOPE_LABELS,
  SOURCE_LABELS,
  THEMES,
  editableOf,
  useCatalogItem,
  useCatalogItems,
  useCatalogSearch,
  useFacets,
  useItemDiff,
  useItemVersions,
  type Change,
  type ItemCard,
  type ItemDetail,
  type MaterialSource,
  type VersionEntry,
} from '../catalogHooks.ts';

const PAGE_SIZE = 20;

/** 事项管理: find an item, edit and publish a new version, compare versions. */
export default function CatalogPage() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const searched = useCatalogSearch(q);
  const listed = useCatalogItems({ page, pageSize: PAGE_SIZE });
  const facets = useFacets();
  const names = useMemo(
    () => new Map((facets.data?.departments ?? []).map((d) => [d.value, d.label])),
    [facets.data],
  );
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const [history, setHistory] = useState<ItemCard | undefined>();
  const current = q ? searched : listed;
  const emptyText = useEmptyText(current.loading);
  const reload = () => {
    searched.reload();
    listed.reload();
  };

  return (
    <Page title={t('catalog.admin.title')} intro={t('catalog.admin.intro')}>
      <Card
        title={<SectionTitle id="catalog-items-heading">{t('catalog.results.title')}</SectionTitle>}
        extra={
          <Button type="primary" onClick={() => setEditing('new')} data-testid="catalog-create">
            {t('catalog.admin.create')}
          </Button>
        }
      >
        <Input.Search
          allowClear
          aria-label={t('catalog.search.label')}
          placeholder={t('catalog.search.placeholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) setQ('');
          }}
          onSearch={(v) => setQ(v.trim())}
          maxLength={50}
          style={{ marginBottom: 12, maxWidth: 480 }}
          data-testid="catalog-search"
        />
        {current.error ? <ErrorAlert error={current.error} onRetry={current.reload} /> : null}
        <DataTable<ItemCard>
          rowKey="id"
          size="middle"
          loading={current.loading}
          dataSource={current.data?.items ?? []}
          scroll={{ x: 860 }}
          locale={{ emptyText }}
          data-testid="catalog-table"
          pagination={
            q
              ? false
              : {
                  current: page,
                  pageSize: PAGE_SIZE,
                  total: listed.data?.total ?? 0,
                  showSizeChanger: false,
                  onChange: setPage,
                }
          }
          columns={[
            { key: 'id', title: 'ID', dataIndex: 'id', width: 110 },
            { key: 'name', title: t('catalog.admin.name'), dataIndex: 'name' },
            {
              key: 'department',
              title: t('catalog.admin.department'),
              render: (_, i) => names.get(i.departmentId) ?? i.departmentId,
            },
            {
              key: 'type',
              title: t('catalog.admin.itemType'),
              render: (_, i) => i.itemType ?? '—',
              width: 110,
            },
            { key: 'version', title: t('catalog.admin.version'), dataIndex: 'version', width: 70 },
            {
              key: 'actions',
              title: t('common.actions'),
              width: 150,
              render: (_, i) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(i.id)} data-testid={`catalog-edit-${i.id}`}>
                    {t('catalog.admin.edit')}
                  </Button>
                  <Button size="small" onClick={() => setHistory(i)} data-testid={`catalog-history-${i.id}`}>
                    {t('catalog.admin.history')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing !== undefined ? (
        <ItemEditor
          id={editing === 'new' ? null : editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      ) : null}
      {history ? <HistoryDrawer item={history} onClose={() => setHistory(undefined)} /> : null}
    </Page>
  );
}

/** A blank item for "new": the defaults the import gives shipped items. */
const BLANK: Record<string, unknown> = {
  demoCode: true,
  name: '',
  nameEn: '',
  itemType: null,
  audience: 'person',
  implementingLevel: null,
  legalBasis: [],
  legalTimeLimit: { days: null, unit: 'working_days', text: null },
  promisedTimeLimit: { days: 5, unit: 'working_days', isDemo: false },
  onSiteVisits: { count: 1, isDemo: false },
  fee: { charged: false, detail: null },
  materials: [],
  materialsNote: null,
  resultCertificate: null,
  sourceUrl: null,
  status: 'in_use',
  aliases: [],
  steps: [{ name: '受理' }, { name: '审查' }, { name: '决定' }, { name: '送达' }],
  handlingScope: ['province'],
  channels: ['web', 'mobile', 'counter'],
  minRealNameLevel: 'L2',
  themes: [],
  collaborators: [],
  form: {
    type: 'object',
    properties: {
      applicantName: { type: 'string', title: '申请人姓名', 'x-prefill': 'name' },
      applicantIdNumber: { type: 'string', title: '公民身份号码', 'x-prefill': 'idNumber' },
      reason: { type: 'string', title: '申请事由', maxLength: 500, 'x-widget': 'textarea' },
    },
    required: ['applicantName', 'applicantIdNumber'],
  },
};

type EditorValues = Record<string, unknown> & { legalBasisText: string; formText: string };

function toValues(source: Record<string, unknown>): EditorValues {
  return {
    ...source,
    legalBasisText: ((source.legalBasis as string[] | undefined) ?? []).join('\n'),
    formText: JSON.stringify(source.form, null, 2),
  };
}

function ItemEditor({
  id,
  onClose,
  onSaved,
}: {
  id: string | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const { data, error, loading } = useCatalogItem(id);
  const [form] = Form.useForm<EditorValues>();
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [jsonError, setJsonError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const formProblems = (problem?.fieldErrors ?? []).filter((f) => f.path[0] === 'form');

  useEffect(() => {
    if (problem) alertRef.current?.scrollIntoView({ block: 'start' });
  }, [problem]);

  useEffect(() => {
    if (id === null) form.setFieldsValue(toValues(BLANK));
    else if (data) form.setFieldsValue(toValues(editableOf(data)));
  }, [id, data, form]);

  const publish = async () => {
    await form.validateFields();
    // The whole store (nested objects keep their fields without an input, e.g. isDemo).
    const values = form.getFieldsValue(true) as EditorValues;
    let parsedForm: unknown;
    try {
      parsedForm = JSON.parse(values.formText);
      setJsonError(undefined);
    } catch (e) {
      setJsonError(t('catalog.admin.formNotJson', { message: (e as Error).message }));
      return;
    }
    const base = id === null ? BLANK : editableOf(data as ItemDetail);
    const { legalBasisText, formText: _f, ...rest } = values;
    const body: Record<string, unknown> = {
      ...base,
      ...rest,
      legalBasis: legalBasisText
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      form: parsedForm,
      materials: (rest.materials as unknown[] | undefined) ?? [],
    };
    modal.confirm({
      title: t('catalog.admin.publishConfirm'),
      content: t('catalog.admin.publishConfirmText'),
      okText: t('catalog.admin.publish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setSaving(true);
        setProblem(undefined);
        try {
          const r =
            id === null
              ? await apiPost<{ id: string; version: number; changed: number }>('/catalog/items', body)
              : await apiPut<{ id: string; version: number; changed: number }>(
                  `/catalog/items/${encodeURIComponent(id)}`,
                  { ...body, baseVersion: (data as ItemDetail).version },
                );
          void message.success(
            id !== null && r.changed === 0
              ? t('catalog.admin.unchanged')
              : t('catalog.admin.published', { n: r.version }),
          );
          onSaved();
        } catch (e) {
          setProblem(toApiError(e));
        } finally {
          setSaving(false);
        }
      },
    });
  };

  const title =
    id === null ? t('catalog.admin.createTitle') : t('catalog.admin.editTitle', { name: data?.name ?? id });

  return (
    <CatalogDrawer
      label={title}
      open
      onClose={onClose}
      width="min(960px, 100vw)"
      title={title}
      loading={id !== null && loading}
      extra={
        <Button type="primary" onClick={() => void publish()} loading={saving} data-testid="catalog-publish">
          {t('catalog.admin.publish')}
        </Button>
      }
    >
      {error ? <ErrorAlert error={error} /> : null}
      <div ref={alertRef} />
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
              <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="catalog-field-errors">
                {problem.fieldErrors.map((f, n) => (
                  <li key={n}>
                    <Typography.Text code>{f.path.join('.')}</Typography.Text> {f.message[locale]}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
          data-testid="form-error"
        />
      ) : null}
      <Form<EditorValues> form={form} layout="vertical" requiredMark>
        <Divider titlePlacement="start">{t('catalog.admin.basic')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('catalog.admin.name')} rules={[{ required: true, max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameEn" label={t('catalog.admin.nameEn')} rules={[{ required: true, max: 300 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="departmentId" label={t('catalog.admin.department')} rules={[{ required: true }]}>
              <DepartmentSelect
                known={
                  data ? [{ id: data.departmentId, name: data.departmentName ?? data.departmentId }] : []
                }
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="audience" label={t('catalog.admin.audience')}>
              <Select
                options={(['person', 'organisation', 'both'] as const).map((a) => ({
                  value: a,
                  label: t(AUDIENCE_LABELS[a]),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="status" label={t('catalog.admin.status')}>
              <Select
                options={(['in_use', 'suspended', 'cancelled'] as const).map((s) => ({
                  value: s,
                  label: t(`catalog.admin.status.${s}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="itemType" label={t('catalog.admin.itemType')}>
              <Select
                allowClear
                options={['行政许可', '行政给付', '行政征收', '行政确认', '其他行政权力', '公共服务'].map(
                  (v) => ({
                    value: v,
                    label: v,
                  }),
                )}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="basicCode"
              label={t('catalog.admin.basicCode')}
              rules={[{ pattern: /^[0-9]{12}$/, message: t('catalog.admin.basicCode') }]}
            >
              <Input inputMode="numeric" maxLength={12} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="implementingLevel" label={t('catalog.admin.implementingLevel')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="legalBasisText" label={t('catalog.admin.legalBasis')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="aliases" label={t('catalog.admin.aliases')}>
              <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('catalog.admin.limits')}</Divider>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name={['legalTimeLimit', 'days']} label={t('catalog.admin.legalDays')}>
              <InputNumber min={0} max={3650} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={['legalTimeLimit', 'unit']} label={t('catalog.admin.legalUnit')}>
              <Select
                allowClear
                options={(['working_days', 'days'] as const).map((u) => ({
                  value: u,
                  label: t(`catalog.admin.unit.${u}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={['promisedTimeLimit', 'days']} label={t('catalog.admin.promisedDays')}>
              <InputNumber min={0} max={3650} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={['onSiteVisits', 'count']} label={t('catalog.admin.visits')}>
              <InputNumber min={0} max={10} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name={['legalTimeLimit', 'text']} label={t('catalog.admin.legalText')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name={['fee', 'charged']}
              label={t('catalog.admin.feeCharged')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item name={['fee', 'detail']} label={t('catalog.admin.feeDetail')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item name="resultCertificate" label={t('catalog.admin.result')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('catalog.admin.materials')}</Divider>
        <Form.List name="materials">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((f) => (
                <Card size="small" key={f.key}>
                  <Row gutter={8} align="bottom">
                    <Col xs={24} md={8}>
                      <Form.Item
                        name={[f.name, 'name']}
                        label={t('catalog.guide.material')}
                        rules={[{ required: true, max: 200 }]}
                      >
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item
                        name={[f.name, 'source']}
                        label={t('catalog.guide.source')}
                        initialValue="applicant"
                      >
                        <Select
                          options={(
                            ['applicant', 'government_issued', 'shared_data'] as MaterialSource[]
                          ).map((s) => ({ value: s, label: t(SOURCE_LABELS[s]) }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={5}>
                      <Form.Item
                        name={[f.name, 'certificate']}
                        label={t('catalog.admin.certificate')}
                        initialValue={null}
                      >
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item
                        name={[f.name, 'required']}
                        valuePropName="checked"
                        initialValue={true}
                        label={t('catalog.guide.required')}
                      >
                        <Checkbox />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={2}>
                      <Form.Item label=" ">
                        <Button danger onClick={() => remove(f.name)} aria-label={t('catalog.admin.remove')}>
                          {t('catalog.admin.remove')}
                        </Button>
                      </Form.Item>
                    </Col>
                    <Col xs={24}>
                      <Form.Item name={[f.name, 'note']} label={t('catalog.guide.note')} initialValue={null}>
                        <Input />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button
                onClick={() =>
                  add({ name: '', source: 'applicant', certificate: null, required: true, note: null })
                }
              >
                {t('catalog.admin.addMaterial')}
              </Button>
            </Flex>
          )}
        </Form.List>

        <Divider titlePlacement="start">{t('catalog.admin.steps')}</Divider>
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((f) => (
                <Row gutter={8} key={f.key} align="bottom">
                  <Col xs={24} md={6}>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={t('catalog.admin.stepName')}
                      rules={[{ required: true, max: 50 }]}
                    >
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={18} md={15}>
                    <Form.Item name={[f.name, 'description']} label={t('catalog.admin.stepDescription')}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={6} md={3}>
                    <Form.Item label=" ">
                      <Button danger onClick={() => remove(f.name)} disabled={fields.length <= 1}>
                        {t('catalog.admin.remove')}
                      </Button>
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button onClick={() => add({ name: '', description: null })}>
                {t('catalog.admin.addStep')}
              </Button>
            </Flex>
          )}
        </Form.List>

        <Divider titlePlacement="start">{t('catalog.admin.service')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="channels" label={t('catalog.guide.channels')}>
              <Checkbox.Group options={CHANNELS.map((c) => ({ value: c, label: t(CHANNEL_LABELS[c]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="handlingScope" label={t('catalog.guide.scope')}>
              <Checkbox.Group
                options={(['province', 'yangtze_delta'] as const).map((s) => ({
                  value: s,
                  label: t(SCOPE_LABELS[s]),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="themes" label={t('catalog.admin.themes')}>
              <Select mode="tags" options={THEMES.map((v) => ({ value: v, label: v }))} maxCount={10} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="minRealNameLevel" label={t('catalog.admin.minLevel')}>
              <Select options={['L1', 'L2', 'L3'].map((v) => ({ value: v, label: v }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="collaborators" label={t('catalog.admin.collaborators')}>
              <Select mode="tags" open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('catalog.admin.form')}</Divider>
        <Form.Item
          name="formText"
          extra={t('catalog.admin.formHelp')}
          validateStatus={jsonError || formProblems.length ? 'error' : undefined}
          help={
            jsonError ??
            (formProblems.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="catalog-form-errors">
                {formProblems.map((f, n) => (
                  <li key={n}>
                    <code>{f.path.slice(1).join('.')}</code> {f.message[locale]}
                  </li>
                ))}
              </ul>
            ) : undefined)
          }
          label={t('catalog.admin.form')}
        >
          <Input.TextArea
            autoSize={{ minRows: 8, maxRows: 24 }}
            spellCheck={false}
            style={{ fontFamily: 'monospace', fontSize: 13 }}
            data-testid="catalog-form-json"
          />
        </Form.Item>
      </Form>
    </CatalogDrawer>
  );
}

const show = (v: unknown) =>
  v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v, null, 1);

function HistoryDrawer({ item, onClose }: { item: ItemCard; onClose: () => void }) {
  const { t } = useI18n();
  const versions = useItemVersions(item.id);
  const list = versions.data?.items ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  useEffect(() => {
    if (list.length >= 2 && from === null) {
      setFrom(list[1]!.version);
      setTo(list[0]!.version);
    }
  }, [list, from]);
  const d = useItemDiff(item.id, from, to);
  const options = list.map((v) => ({ value: v.version, label: `v${v.version}` }));
  return (
    <CatalogDrawer
      open
      onClose={onClose}
      width="min(900px, 100vw)"
      label={t('catalog.admin.historyTitle', { name: item.name })}
      title={t('catalog.admin.historyTitle', { name: item.name })}
    >
      {versions.error ? <ErrorAlert error={versions.error} /> : null}
      <DataTable<VersionEntry>
        rowKey="version"
        size="small"
        loading={versions.loading}
        dataSource={list}
        pagination={false}
        columns={[
          { key: 'v', title: t('catalog.admin.version'), render: (_, v) => `v${v.version}` },
          {
            key: 'at',
            title: t('catalog.admin.publishedAt'),
            render: (_, v) => formatDateTime(v.publishedAt),
          },
          { key: 'by', title: t('catalog.admin.publishedBy'), dataIndex: 'publishedBy' },
        ]}
      />
      {list.length >= 2 ? (
        <>
          <Flex wrap gap={8} align="center" style={{ margin: '16px 0' }}>
            <label htmlFor="diff-from">{t('catalog.admin.compareFrom')}</label>
            <Select id="diff-from" value={from} onChange={setFrom} options={options} style={{ width: 90 }} />
            <label htmlFor="diff-to">{t('catalog.admin.compareTo')}</label>
            <Select id="diff-to" value={to} onChange={setTo} options={options} style={{ width: 90 }} />
          </Flex>
          {d.error ? <ErrorAlert error={d.error} /> : null}
          <DataTable<Change>
            rowKey="path"
            size="small"
            loading={d.loading}
            dataSource={d.data?.changes ?? []}
            pagination={false}
            scroll={{ x: 640 }}
            locale={{ emptyText: t('catalog.admin.noChanges') }}
            data-testid="catalog-diff"
            columns={[
              {
                key: 'path',
                title: t('catalog.admin.field'),
                render: (_, c) => <Typography.Text code>{c.path}</Typography.Text>,
                width: 220,
              },
              {
                key: 'before',
                title: t('catalog.admin.before'),
                render: (_, c) => (
                  <Tag color="red" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {show(c.before)}
                  </Tag>
                ),
              },
              {
                key: 'after',
                title: t('catalog.admin.after'),
                render: (_, c) => (
                  <Tag color="green" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {show(c.after)}
                  </Tag>
                ),
              },
            ]}
          />
        </>
      ) : null}
    </CatalogDrawer>
  );
}
