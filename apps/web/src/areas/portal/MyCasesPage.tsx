import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Badge, Button, Card, Empty, Flex, Grid, List, Popconfirm, Tabs, Typography } from 'antd';
import { apiDelete, toApiError, type ApiError } from '../../api/client.ts';
import type { CaseSummary, DraftSummary } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { CaseStatusTag, SlaTag } from '../../components/CaseStatusTag.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useCatalogName, useMyCases, useMyDrafts } from './casesHooks.ts';

type TabKey = 'active' | 'done' | 'drafts';
const PAGE_SIZE = 10;

/** 我的办件: cases in progress, concluded, and drafts to continue. */
export default function MyCasesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: TabKey =
    (['active', 'done', 'drafts'] as const).find((k) => k === params.get('tab')) ?? 'active';
  const [pages, setPages] = useState({ active: 1, done: 1 });
  const active = useMyCases('active', pages.active, PAGE_SIZE);
  const done = useMyCases('done', pages.done, PAGE_SIZE);
  const drafts = useMyDrafts();

  const count = (n: number | undefined) =>
    n ? <Badge count={n} color="#0958d9" style={{ marginInlineStart: 6 }} overflowCount={99} /> : null;

  return (
    <Page title={t('myCases.title')} intro={t('myCases.intro')}>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          data-testid="my-cases-tabs"
          items={[
            {
              key: 'active',
              label: (
                <span data-testid="tab-active">
                  {t('myCases.tab.active')}
                  {count(active.data?.total)}
                </span>
              ),
              children: (
                <CaseList
                  state={active}
                  emptyKey="myCases.empty.active"
                  page={pages.active}
                  onPage={(p) => setPages((s) => ({ ...s, active: p }))}
                />
              ),
            },
            {
              key: 'done',
              label: <span data-testid="tab-done">{t('myCases.tab.done')}</span>,
              children: (
                <CaseList
                  state={done}
                  emptyKey="myCases.empty.done"
                  page={pages.done}
                  onPage={(p) => setPages((s) => ({ ...s, done: p }))}
                />
              ),
            },
            {
              key: 'drafts',
              label: (
                <span data-testid="tab-drafts">
                  {t('myCases.tab.drafts')}
                  {count(drafts.data?.items.length)}
                </span>
              ),
              children: <DraftList state={drafts} />,
            },
          ]}
        />
      </Card>
    </Page>
  );
}

function CaseList({
  state,
  emptyKey,
  page,
  onPage,
}: {
  state: ReturnType<typeof useMyCases>;
  emptyKey: 'myCases.empty.active' | 'myCases.empty.done';
  page: number;
  onPage: (p: number) => void;
}) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const { data, error, loading, reload } = state;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading && !data) return <LoadingBlock rows={5} />;
  const items = data?.items ?? [];
  if (items.length === 0)
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(emptyKey)} data-testid="my-cases-empty">
        <ButtonLink to="/portal/services" type="primary">
          {t('myCases.goApply')}
        </ButtonLink>
      </Empty>
    );
  const pagination =
    (data?.total ?? 0) > PAGE_SIZE
      ? {
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          onChange: onPage,
          showSizeChanger: false,
          size: 'small' as const,
        }
      : false;

  if (phone)
    return (
      <List<CaseSummary>
        dataSource={items}
        loading={loading}
        pagination={pagination}
        data-testid="my-cases-list"
        renderItem={(c) => (
          <List.Item key={c.id} style={{ paddingInline: 0 }}>
            <Card size="small" style={{ width: '100%' }} data-testid={`case-card-${c.number}`}>
              <Flex vertical gap={6}>
                <Link to={`/portal/cases/${c.id}`} style={{ fontWeight: 600, fontSize: '1.05em' }}>
                  {c.title}
                </Link>
                <Flex gap={8} wrap align="center">
                  <CaseStatusTag status={c.status} outcome={c.outcome} testId={`case-status-${c.number}`} />
                  <SlaTag summary={c} />
                </Flex>
                <Typography.Text type="secondary">
                  {t('myCases.number', { number: c.number })}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {c.kind === 'bundle' ? t('myCases.bundle') : (c.departmentName ?? '—')}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('myCases.submittedAt', { time: formatDateTime(c.submittedAt) })}
                </Typography.Text>
              </Flex>
            </Card>
          </List.Item>
        )}
      />
    );

  return (
    <DataTable<CaseSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={pagination}
      scroll={{ x: 900 }}
      data-testid="my-cases-table"
      onRow={(c) => ({ 'data-testid': `case-row-${c.number}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'title',
          title: t('myCases.col.title'),
          render: (_, c) => (
            <Flex vertical gap={2}>
              <Link to={`/portal/cases/${c.id}`} style={{ fontWeight: 600 }}>
                {c.title}
              </Link>
              <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                {c.number}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          key: 'department',
          title: t('myCases.col.department'),
          width: 180,
          render: (_, c) => (c.kind === 'bundle' ? t('myCases.bundle') : (c.departmentName ?? '—')),
        },
        {
          key: 'submittedAt',
          title: t('myCases.col.submittedAt'),
          dataIndex: 'submittedAt',
          width: 150,
          render: formatDateTime,
        },
        {
          key: 'status',
          title: t('myCases.col.status'),
          width: 140,
          render: (_, c) => (
            <CaseStatusTag status={c.status} outcome={c.outcome} testId={`case-status-${c.number}`} />
          ),
        },
        {
          key: 'sla',
          title: t('myCases.col.sla'),
          width: 170,
          render: (_, c) => <SlaTag summary={c} />,
        },
        {
          key: 'actions',
          title: t('common.actions'),
          width: 90,
          render: (_, c) => (
            <ButtonLink
              to={`/portal/cases/${c.id}`}
              size="small"
              aria-label={t('myCases.viewLabel', { title: c.title, number: c.number })}
            >
              {t('myCases.view')}
            </ButtonLink>
          ),
        },
      ]}
    />
  );
}

function DraftList({ state }: { state: ReturnType<typeof useMyDrafts> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const { data, error: loadError, loading, reload } = state;
  if (loadError) return <ErrorAlert error={loadError} onRetry={reload} />;
  if (loading && !data) return <LoadingBlock rows={3} />;
  const items = data?.items ?? [];
  if (items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myCases.empty.drafts')} />;

  const remove = async (d: DraftSummary) => {
    setBusy(d.id);
    setError(undefined);
    try {
      await apiDelete(`/cases/drafts/${encodeURIComponent(d.id)}`);
      void message.success(t('myCases.draft.deleted'));
      reload();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      {error ? <ErrorAlert error={error} title="error.title" /> : null}
      <List<DraftSummary>
        dataSource={items}
        data-testid="my-drafts"
        renderItem={(d) => (
          <List.Item key={d.id} style={{ paddingInline: 0 }} data-testid={`draft-${d.id}`}>
            <Flex gap={12} wrap align="center" justify="space-between" style={{ width: '100%' }}>
              <Flex vertical gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
                <Typography.Text strong>
                  <DraftTitle draft={d} />
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('myCases.draft.updatedAt', { time: formatDateTime(d.updatedAt) })}
                </Typography.Text>
              </Flex>
              <Flex gap={8} wrap>
                <ButtonLink
                  to={`/portal/apply?draft=${d.id}`}
                  type="primary"
                  data-testid={`draft-continue-${d.id}`}
                >
                  {t('myCases.draft.continue')}
                </ButtonLink>
                <Popconfirm
                  title={t('myCases.draft.deleteConfirm')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove(d)}
                >
                  <Button danger loading={busy === d.id}>
                    {t('myCases.draft.delete')}
                  </Button>
                </Popconfirm>
              </Flex>
            </Flex>
          </List.Item>
        )}
      />
    </>
  );
}

function DraftTitle({ draft }: { draft: DraftSummary }) {
  const { locale } = useI18n();
  const kind = draft.bundleId ? 'bundle' : 'item';
  const { data } = useCatalogName(kind, draft.bundleId ?? draft.itemId);
  const name = data
    ? locale === 'en' && data.nameEn
      ? data.nameEn
      : data.name
    : (draft.bundleId ?? draft.itemId);
  return <span>{name}</span>;
}
