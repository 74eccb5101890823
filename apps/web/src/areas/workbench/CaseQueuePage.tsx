import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  Input,
  Pagination,
  Select,
  Space,
  Tabs,
  Typography,
} from 'antd';
import { ReloadOutlined, ShopOutlined } from '@ant-design/icons';
import type { CaseStatus, CaseSummary } from '../../api/casesTypes.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { Page } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { SlaTag } from '../../components/SlaTag.tsx';
import { formatDateTime } from '../../lib/format.ts';
import {
  CASE_STATUSES,
  QUEUE_VIEWS,
  STATUS_LABELS,
  caseLink,
  useCaseQueue,
  type QueueFilters,
  type QueueView,
  type SlaColour,
} from './casesHooks.ts';
import { CaseLink, ChannelTag, EscalatedTag, WorkStatusTag } from './CaseWorkParts.tsx';

const VIEW_LABELS: Record<QueueView, MessageKey> = {
  acceptance: 'wbCases.view.acceptance',
  review: 'wbCases.view.review',
  all: 'wbCases.view.all',
  escalated: 'wbCases.view.escalated',
};
const VIEW_EMPTY: Record<QueueView, MessageKey> = {
  acceptance: 'wbCases.empty.acceptance',
  review: 'wbCases.empty.review',
  all: 'wbCases.empty.all',
  escalated: 'wbCases.empty.escalated',
};
const SLA_LABELS: Record<SlaColour, MessageKey> = {
  green: 'wbCases.sla.filter.green',
  yellow: 'wbCases.sla.filter.yellow',
  red: 'wbCases.sla.filter.red',
};
const PAGE_SIZE = 20;

/** How many cases wait in a view (the tab's badge): one row asked, the total read. */
function ViewCount({ view, enabled }: { view: QueueView; enabled: boolean }) {
  const { data } = useCaseQueue(enabled ? { view, page: 1, pageSize: 1 } : null);
  if (!data || data.total === 0) return null;
  return (
    <Badge
      count={data.total}
      overflowCount={999}
      color={view === 'escalated' ? '#cf1322' : '#0958d9'}
      style={{ marginInlineStart: 6 }}
      data-testid={`queue-count-${view}`}
    />
  );
}

/**
 * 办件队列: 待受理 (clerks), 待我审查 (officers), 本部门办件, 超期督办 (department heads). Filters and
 * the page live in the URL, so going back from a case returns to the same list.
 */
export default function CaseQueuePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [params, setParams] = useSearchParams();

  const views = QUEUE_VIEWS.filter((v) => v !== 'escalated' || can('cases.escalations'));
  const defaultView: QueueView = can('cases.intake') || !can('cases.review') ? 'acceptance' : 'review';
  const asked = params.get('view') as QueueView | null;
  const view: QueueView = asked && views.includes(asked) ? asked : defaultView;
  const status = (CASE_STATUSES as string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as CaseStatus)
    : undefined;
  const slaParam = params.get('sla');
  const sla = slaParam === 'green' || slaParam === 'yellow' || slaParam === 'red' ? slaParam : undefined;
  const q = params.get('q') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);

  const filters = useMemo<QueueFilters>(
    () => ({ view, status, sla, q, page, pageSize: PAGE_SIZE }),
    [view, status, sla, q, page],
  );
  const { data, error, loading, reload } = useCaseQueue(filters);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: false });
  };

  const items = data?.items ?? [];
  const filtered = !!(status || sla || q);
  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={filtered ? t('wbCases.empty.filtered') : t(VIEW_EMPTY[view])}
      data-testid="queue-empty"
    />
  );

  const filtersBar = (
    <Flex gap={12} wrap align="center" role="search" aria-label={t('wbCases.filters')}>
      <Select<CaseStatus>
        allowClear
        aria-label={t('wbCases.filter.status')}
        placeholder={t('wbCases.filter.status')}
        value={status}
        onChange={(v) => update({ status: v })}
        options={CASE_STATUSES.map((s) => ({ value: s, label: t(STATUS_LABELS[s]) }))}
        style={{ width: phone ? '100%' : 180 }}
        data-testid="queue-filter-status"
      />
      <Select<SlaColour>
        allowClear
        aria-label={t('wbCases.filter.sla')}
        placeholder={t('wbCases.filter.sla')}
        value={sla}
        onChange={(v) => update({ sla: v })}
        options={(['green', 'yellow', 'red'] as const).map((c) => ({ value: c, label: t(SLA_LABELS[c]) }))}
        style={{ width: phone ? '100%' : 200 }}
        data-testid="queue-filter-sla"
      />
      <Input.Search
        key={q ?? ''}
        allowClear
        defaultValue={q}
        aria-label={t('wbCases.filter.number')}
        placeholder={t('wbCases.filter.number')}
        inputMode="numeric"
        maxLength={30}
        enterButton={t('common.search')}
        onSearch={(v) => update({ q: v.trim() || undefined })}
        style={{ width: phone ? '100%' : 320 }}
        data-testid="queue-search"
      />
    </Flex>
  );

  const open = (c: CaseSummary) => navigate(caseLink(c.id));

  const table = (
    <DataTable<CaseSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      scroll={{ x: 940 }}
      data-testid="case-queue"
      locale={{ emptyText: loading ? <span /> : empty }}
      onRow={(r) =>
        ({
          onClick: () => open(r),
          style: { cursor: 'pointer' },
          'data-testid': `queue-row-${r.number}`,
        }) as never
      }
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: data?.total ?? 0,
        showSizeChanger: false,
        hideOnSinglePage: false,
        showTotal: (total) => t('common.total', { total }),
        onChange: (p) => update({ page: String(p) }),
      }}
      columns={[
        {
          key: 'number',
          title: t('wbCases.col.number'),
          width: 200,
          render: (_, r) => (
            <CaseLink id={r.id} testId={`queue-open-${r.number}`}>
              <span style={{ fontFamily: 'monospace', fontSize: 14 }}>{r.number}</span>
            </CaseLink>
          ),
        },
        {
          key: 'title',
          title: t('wbCases.col.title'),
          render: (_, r) => (
            <Flex vertical gap={2}>
              <span>{r.title}</span>
              <span>
                <ChannelTag channel={r.channel} />
                {r.escalated ? <EscalatedTag /> : null}
              </span>
            </Flex>
          ),
        },
        { key: 'applicant', title: t('wbCases.col.applicant'), dataIndex: 'applicantName', width: 84 },
        {
          key: 'department',
          title: t('wbCases.col.department'),
          render: (_, r) => r.departmentName ?? '—',
        },
        {
          key: 'submittedAt',
          title: t('wbCases.col.submittedAt'),
          width: 112,
          render: (_, r) => {
            const [day, time] = formatDateTime(r.submittedAt).split(' ');
            return (
              <span style={{ whiteSpace: 'nowrap' }}>
                {day}
                <br />
                {time}
              </span>
            );
          },
        },
        {
          key: 'status',
          title: t('wbCases.col.status'),
          width: 112,
          render: (_, r) => <WorkStatusTag status={r.status} outcome={r.outcome} />,
        },
        {
          key: 'sla',
          title: t('wbCases.col.sla'),
          width: 196,
          render: (_, r) => <SlaTag sla={r.sla} status={r.status} compact />,
        },
      ]}
    />
  );

  const cards = (
    <div aria-live="polite" aria-busy={loading}>
      {loading && items.length === 0 ? (
        <LoadingBlock rows={4} />
      ) : items.length === 0 ? (
        empty
      ) : (
        <Flex vertical gap={12} data-testid="case-queue-cards">
          {items.map((r) => (
            <Card
              key={r.id}
              size="small"
              hoverable
              onClick={() => open(r)}
              data-testid={`queue-card-${r.number}`}
            >
              <Flex vertical gap={6}>
                <Flex justify="space-between" gap={8} wrap>
                  <CaseLink id={r.id} testId={`queue-open-${r.number}`}>
                    <strong style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{r.number}</strong>
                  </CaseLink>
                  <WorkStatusTag status={r.status} outcome={r.outcome} />
                </Flex>
                <Typography.Text strong>{r.title}</Typography.Text>
                <Typography.Text type="secondary">
                  {[r.applicantName, r.departmentName].filter(Boolean).join(' · ')}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('wbCases.submittedAt', { time: formatDateTime(r.submittedAt) })}
                </Typography.Text>
                <Flex gap={6} wrap>
                  <SlaTag sla={r.sla} status={r.status} compact />
                  <ChannelTag channel={r.channel} />
                  {r.escalated ? <EscalatedTag /> : null}
                </Flex>
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
      {data && data.total > PAGE_SIZE ? (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Pagination
            simple
            current={page}
            pageSize={PAGE_SIZE}
            total={data.total}
            onChange={(p) => update({ page: String(p) })}
          />
        </Flex>
      ) : null}
    </div>
  );

  return (
    <Page
      title={t('wbCases.queue.title')}
      intro={t('wbCases.queue.intro')}
      extra={
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={reload} data-testid="queue-refresh">
            {t('common.refresh')}
          </Button>
          {can('cases.intake') ? (
            <ButtonLink
              to="/workbench/intake"
              type="primary"
              icon={<ShopOutlined />}
              data-testid="queue-intake"
            >
              {t('wbCases.intake.title')}
            </ButtonLink>
          ) : null}
        </Space>
      }
    >
      <Card>
        <Tabs
          activeKey={view}
          onChange={(k) => update({ view: k, status: undefined, sla: undefined, q: undefined })}
          data-testid="queue-tabs"
          items={views.map((v) => ({
            key: v,
            label: (
              <span data-testid={`queue-tab-${v}`}>
                {t(VIEW_LABELS[v])}
                <ViewCount view={v} enabled={v !== 'all'} />
              </span>
            ),
          }))}
        />
        <Flex vertical gap={16}>
          {filtersBar}
          {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
          {phone ? cards : table}
        </Flex>
      </Card>
    </Page>
  );
}
