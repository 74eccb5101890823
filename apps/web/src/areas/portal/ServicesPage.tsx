import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  Flex,
  Input,
  List,
  Pagination,
  Row,
  Select,
  Space,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { CatalogDrawer } from '../CatalogDrawer.tsx';
import { formatDateTime } from '../../lib/format.ts';
import {
  AUDIENCE_LABELS,
  CHANNEL_LABELS,
  SCOPE_LABELS,
  SOURCE_LABELS,
  useCatalogItem,
  useCatalogItems,
  useCatalogSearch,
  useFacets,
  useLifeEvents,
  type Audience,
  type ItemCard,
  type ItemDetail,
  type Material,
} from '../catalogHooks.ts';

const PAGE_SIZE = 20;

/** 办事服务: search (Chinese, pinyin initials, typos), facets, life events, and the service guide. */
export default function ServicesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const itemId = params.get('item');
  const bundleId = params.get('bundle');
  const [text, setText] = useState(q);
  const [theme, setTheme] = useState<string | undefined>();
  const [department, setDepartment] = useState<string | undefined>();
  const [audience, setAudience] = useState<Audience | undefined>();
  const [page, setPage] = useState(1);

  const facets = useFacets();
  const searched = useCatalogSearch(q);
  const browsed = useCatalogItems({ theme, department, audience, page, pageSize: PAGE_SIZE });
  const departmentNames = useMemo(
    () => new Map((facets.data?.departments ?? []).map((d) => [d.value, d.label])),
    [facets.data],
  );

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const items: ItemCard[] = q ? (searched.data?.items ?? []) : (browsed.data?.items ?? []);
  const loading = q ? searched.loading : browsed.loading;
  const error = q ? searched.error : browsed.error;
  const total = q ? items.length : (browsed.data?.total ?? 0);

  return (
    <Page title={t('catalog.services.title')} intro={t('catalog.services.intro')}>
      <Card>
        <label htmlFor="services-search" className="sr-only">
          {t('catalog.search.label')}
        </label>
        <Input.Search
          id="services-search"
          size="large"
          allowClear
          enterButton={t('catalog.search.button')}
          placeholder={t('catalog.search.placeholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) setParam('q', null);
          }}
          onSearch={(v) => setParam('q', v.trim() || null)}
          maxLength={50}
          aria-label={t('catalog.search.label')}
          data-testid="services-search"
        />
      </Card>

      {q && (searched.data?.lifeEvents.length ?? 0) > 0 ? (
        <Flex wrap gap={8}>
          {searched.data!.lifeEvents.map((e) => (
            <Button key={e.id} onClick={() => setParam('bundle', e.id)}>
              {e.name}
            </Button>
          ))}
        </Flex>
      ) : null}

      {!q ? (
        <Card title={<SectionTitle id="life-events-heading">{t('catalog.lifeEvents')}</SectionTitle>}>
          <Row gutter={[12, 12]}>
            {(facets.data?.lifeEvents ?? []).map((e) => (
              <Col xs={24} sm={12} lg={8} key={e.value}>
                <Card
                  size="small"
                  hoverable
                  role="button"
                  tabIndex={0}
                  onClick={() => setParam('bundle', e.value)}
                  onKeyDown={(ev) => {
                    if (ev.key === 'Enter' || ev.key === ' ') {
                      ev.preventDefault();
                      setParam('bundle', e.value);
                    }
                  }}
                  data-testid={`life-event-${e.value}`}
                >
                  <Typography.Text strong>{e.label}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {t('catalog.lifeEvent.items', { n: e.count })}
                  </Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
        </Card>
      ) : null}

      <Card
        title={<SectionTitle id="services-results-heading">{t('catalog.results.title')}</SectionTitle>}
        extra={
          <Typography.Text type="secondary" aria-live="polite">
            {q ? t('catalog.search.results', { n: total }) : t('catalog.results.total', { n: total })}
          </Typography.Text>
        }
      >
        {!q ? (
          <Flex wrap gap={12} style={{ marginBottom: 16 }}>
            <Filter
              id="filter-theme"
              label={t('catalog.filter.theme')}
              value={theme}
              onChange={(v) => {
                setTheme(v);
                setPage(1);
              }}
              options={(facets.data?.themes ?? []).map((f) => ({
                value: f.value,
                label: `${f.label} (${f.count})`,
              }))}
            />
            <Filter
              id="filter-department"
              label={t('catalog.filter.department')}
              value={department}
              onChange={(v) => {
                setDepartment(v);
                setPage(1);
              }}
              options={(facets.data?.departments ?? []).map((f) => ({
                value: f.value,
                label: `${f.label} (${f.count})`,
              }))}
            />
            <Filter
              id="filter-audience"
              label={t('catalog.filter.audience')}
              value={audience}
              onChange={(v) => {
                setAudience(v as Audience | undefined);
                setPage(1);
              }}
              options={(['person', 'organisation'] as Audience[]).map((a) => ({
                value: a,
                label: t(AUDIENCE_LABELS[a]),
              }))}
            />
          </Flex>
        ) : null}
        {error ? <ErrorAlert error={error} /> : null}
        <List<ItemCard>
          loading={loading}
          dataSource={items}
          locale={{ emptyText: <Empty description={t('common.empty')} /> }}
          data-testid="services-results"
          renderItem={(item) => (
            <List.Item key={item.id}>
              <Flex vertical gap={4} style={{ minWidth: 0, width: '100%' }}>
                <Button
                  type="link"
                  onClick={() => setParam('item', item.id)}
                  style={{
                    padding: 0,
                    height: 'auto',
                    whiteSpace: 'normal',
                    textAlign: 'left',
                    fontSize: 16,
                    alignSelf: 'flex-start',
                  }}
                  data-testid={`service-${item.id}`}
                >
                  {item.name}
                </Button>
                <Flex wrap gap={4}>
                  <Tag>{item.itemType ?? t('catalog.item.typeUnknown')}</Tag>
                  <Tag color="blue">{departmentNames.get(item.departmentId) ?? item.departmentId}</Tag>
                  {item.promisedDays !== null ? (
                    <Tag>{t('catalog.item.promisedDays', { n: item.promisedDays })}</Tag>
                  ) : null}
                  {item.exemptMaterials > 0 ? (
                    <Tag color="green">{t('catalog.item.exempt', { n: item.exemptMaterials })}</Tag>
                  ) : null}
                  {item.matchedBy ? (
                    <Tag color="purple">{t(`catalog.matchedBy.${item.matchedBy}`)}</Tag>
                  ) : null}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
        {!q && total > PAGE_SIZE ? (
          <Pagination
            style={{ marginTop: 16 }}
            current={page}
            pageSize={PAGE_SIZE}
            total={total}
            showSizeChanger={false}
            onChange={setPage}
            size="small"
          />
        ) : null}
      </Card>

      <GuideDrawer id={itemId} onClose={() => setParam('item', null)} departmentNames={departmentNames} />
      <BundleDrawer
        id={bundleId}
        onClose={() => setParam('bundle', null)}
        onItem={(id) => {
          const next = new URLSearchParams(params);
          next.delete('bundle');
          next.set('item', id);
          setParams(next);
        }}
      />
    </Page>
  );
}

function Filter({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  options: { value: string; label: string }[];
}) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size={2} style={{ minWidth: 0, flex: '1 1 200px' }}>
      <label htmlFor={id}>{label}</label>
      <Select
        id={id}
        allowClear
        showSearch
        optionFilterProp="label"
        style={{ width: '100%' }}
        placeholder={t('catalog.filter.all')}
        value={value}
        onChange={(v) => onChange(v ?? undefined)}
        options={options}
      />
    </Space>
  );
}

function DemoBadge({ show }: { show: boolean }) {
  const { t } = useI18n();
  return show ? (
    <Tag color="orange" style={{ marginInlineStart: 8 }}>
      {t('catalog.guide.demo')}
    </Tag>
  ) : null;
}

function daysText(
  t: ReturnType<typeof useI18n>['t'],
  days: number | null,
  unit: 'working_days' | 'days' | null,
) {
  if (days === null) return t('catalog.guide.noLimit');
  return t(unit === 'days' ? 'catalog.guide.days.days' : 'catalog.guide.days.working_days', { n: days });
}

function GuideDrawer({
  id,
  onClose,
  departmentNames,
}: {
  id: string | null;
  onClose: () => void;
  departmentNames: Map<string, string>;
}) {
  const { t } = useI18n();
  const { data, error, loading } = useCatalogItem(id);
  return (
    <CatalogDrawer
      label={t('catalog.guide.title')}
      open={id !== null}
      onClose={onClose}
      width="min(760px, 100vw)"
      title={data?.name ?? t('catalog.guide.title')}
      loading={loading}
      extra={
        data ? (
          <ButtonLink
            type="primary"
            to={`/portal/apply?item=${encodeURIComponent(data.id)}`}
            data-testid="guide-apply"
          >
            {t('catalog.guide.apply')}
          </ButtonLink>
        ) : null
      }
    >
      {error ? <ErrorAlert error={error} /> : null}
      {data ? (
        <Guide item={data} departmentName={data.departmentName ?? departmentNames.get(data.departmentId)} />
      ) : null}
    </CatalogDrawer>
  );
}

function Guide({ item, departmentName }: { item: ItemDetail; departmentName: string | undefined }) {
  const { t } = useI18n();
  const demo = (f: string) => item.demoFields.includes(f);
  const screens = Grid.useBreakpoint();
  return (
    <Flex vertical gap={16} data-testid="service-guide">
      <Typography.Text type="secondary">
        {t('catalog.guide.version', { n: item.version, at: formatDateTime(item.publishedAt) })}
      </Typography.Text>
      {item.demoFields.length ? (
        <Typography.Text type="warning">{t('catalog.guide.demoNote')}</Typography.Text>
      ) : null}
      <Descriptions column={1} size="small" bordered layout={screens.sm ? 'horizontal' : 'vertical'}>
        <Descriptions.Item label={t('catalog.guide.implementing')}>
          {departmentName ?? item.departmentId}
          {item.implementingLevel ? ` · ${item.implementingLevel}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.item.type')}>
          {item.itemType ?? t('catalog.item.typeUnknown')}
        </Descriptions.Item>
        {item.implementationCode ? (
          <Descriptions.Item label={t('catalog.guide.code')}>
            <Typography.Text code style={{ wordBreak: 'break-all' }}>
              {item.implementationCode}
            </Typography.Text>
            <DemoBadge show={demo('implementationCode')} />
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('catalog.guide.conditions')}>
          {t('catalog.guide.conditionsText', {
            audience: t(AUDIENCE_LABELS[item.audience]),
            level: item.minRealNameLevel,
          })}
          <DemoBadge show={demo('minRealNameLevel')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.guide.basis')}>
          {item.legalBasis.length ? (
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {item.legalBasis.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.guide.legalLimit')}>
          {daysText(t, item.legalTimeLimit.days, item.legalTimeLimit.unit)}
          {item.legalTimeLimit.text ? (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {item.legalTimeLimit.text}
            </Typography.Paragraph>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.guide.promisedLimit')}>
          {daysText(t, item.promisedTimeLimit.days, item.promisedTimeLimit.unit)}
          <DemoBadge show={demo('promisedTimeLimit')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.guide.fee')}>
          {item.fee.charged === null
            ? t('catalog.guide.feeUnknown')
            : item.fee.charged
              ? t('catalog.guide.feeCharged')
              : t('catalog.guide.feeFree')}
          {item.fee.detail ? ` · ${item.fee.detail}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.guide.visits')}>
          {item.onSiteVisits.count === null
            ? '—'
            : t('catalog.guide.visitsN', { n: item.onSiteVisits.count })}
          <DemoBadge show={demo('onSiteVisits')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.guide.scope')}>
          {item.handlingScope.map((s) => (
            <Tag key={s} color="geekblue">
              {t(SCOPE_LABELS[s])}
            </Tag>
          ))}
          <DemoBadge show={demo('handlingScope')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.guide.channels')}>
          {item.channels.map((c) => (
            <Tag key={c}>{t(CHANNEL_LABELS[c])}</Tag>
          ))}
          <DemoBadge show={demo('channels')} />
        </Descriptions.Item>
        {item.resultCertificate ? (
          <Descriptions.Item label={t('catalog.guide.result')}>{item.resultCertificate}</Descriptions.Item>
        ) : null}
      </Descriptions>

      <section aria-labelledby="guide-materials">
        <h3 id="guide-materials">{t('catalog.guide.materials')}</h3>
        {item.materials === null ? (
          <Typography.Text type="secondary">{t('catalog.guide.materialsUnknown')}</Typography.Text>
        ) : (
          <DataTable<Material>
            rowKey={(m) => m.name}
            size="small"
            pagination={false}
            dataSource={item.materials}
            scroll={{ x: 520 }}
            columns={[
              { key: 'name', title: t('catalog.guide.material'), dataIndex: 'name' },
              {
                key: 'source',
                title: t('catalog.guide.source'),
                render: (_, m) => (
                  <Tag color={m.source === 'applicant' ? 'default' : 'green'}>
                    {t(SOURCE_LABELS[m.source])}
                  </Tag>
                ),
              },
              {
                key: 'required',
                title: t('catalog.guide.required'),
                render: (_, m) => (m.required ? t('catalog.guide.required') : t('catalog.guide.optional')),
              },
              { key: 'note', title: t('catalog.guide.note'), render: (_, m) => m.note ?? m.purpose ?? '—' },
            ]}
          />
        )}
        {item.materialsNote ? (
          <Typography.Paragraph type="secondary">{item.materialsNote}</Typography.Paragraph>
        ) : null}
      </section>

      <section aria-labelledby="guide-steps">
        <h3 id="guide-steps">
          {t('catalog.guide.steps')}
          <DemoBadge show={demo('steps')} />
        </h3>
        <Steps
          direction="vertical"
          size="small"
          current={-1}
          items={item.steps.map((s) => ({ title: s.name, description: s.description ?? undefined }))}
        />
      </section>
    </Flex>
  );
}

function BundleDrawer({
  id,
  onClose,
  onItem,
}: {
  id: string | null;
  onClose: () => void;
  onItem: (id: string) => void;
}) {
  const { t } = useI18n();
  const { data } = useLifeEvents();
  const bundle = data?.items.find((e) => e.id === id);
  return (
    <CatalogDrawer
      label={bundle?.name ?? t('catalog.lifeEvents')}
      open={id !== null}
      onClose={onClose}
      width="min(640px, 100vw)"
      title={bundle?.name ?? ''}
      extra={
        bundle ? (
          <ButtonLink
            type="primary"
            to={`/portal/apply?bundle=${encodeURIComponent(bundle.id)}`}
            data-testid="bundle-apply"
          >
            {t('catalog.lifeEvent.apply')}
          </ButtonLink>
        ) : null
      }
    >
      {bundle ? (
        <Flex vertical gap={16}>
          <List
            size="small"
            bordered
            dataSource={bundle.items}
            renderItem={(i, n) => (
              <List.Item>
                <Button
                  type="link"
                  style={{
                    padding: 0,
                    whiteSpace: 'normal',
                    textAlign: 'left',
                    justifyContent: 'flex-start',
                    height: 'auto',
                  }}
                  onClick={() => onItem(i.id)}
                >
                  {n + 1}. {i.name}
                </Button>
              </List.Item>
            )}
          />
          {bundle.otherSteps.length ? (
            <div>
              <Typography.Text strong>{t('catalog.lifeEvent.otherSteps')}</Typography.Text>
              <ul>
                {bundle.otherSteps.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {bundle.scope ? (
            <Typography.Paragraph>
              <Typography.Text strong>{t('catalog.lifeEvent.scope')}：</Typography.Text>
              {bundle.scope}
            </Typography.Paragraph>
          ) : null}
          {bundle.note ? <Typography.Paragraph type="secondary">{bundle.note}</Typography.Paragraph> : null}
        </Flex>
      ) : null}
    </CatalogDrawer>
  );
}
