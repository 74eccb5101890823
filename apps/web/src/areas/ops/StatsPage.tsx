import { useMemo, useState } from 'react';
import { Button, Card, Empty, Segmented, Table, Typography } from 'antd';
import { apiUrl, useQuery } from '../../api/hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useElderMode } from '../../theme/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { formatNumber } from '../../lib/format.ts';
import { StatsBarChart } from './StatsBarChart.tsx';

type By = 'department' | 'item' | 'region';

interface GroupNumbers {
  volume: number;
  onlineShare: number | null;
  concluded: number;
  onTimeShare: number | null;
  ratingCount: number;
  averageScore: number | null;
  badRatingCount: number;
  rectificationsOpened: number;
  rectificationsClosed: number;
  rectificationRate: number | null;
  rectifiedShare: number | null;
}
interface GroupRow extends GroupNumbers {
  key: string;
  name: string;
  nameEn: string | null;
}
interface Measure {
  baseline: number | null;
  actual: number | null;
  reduction: number | null;
  reductionRate: number | null;
}
interface ItemStats {
  itemId: string;
  name: string;
  volume: number;
  concluded: number;
  ratingCount: number;
  averageScore: number | null;
  steps: Measure;
  materials: Measure;
  days: Measure & { promised: number | null };
  fees: Measure;
  visits: Measure;
}

const BYS: By[] = ['department', 'item', 'region'];
const MEASURES: { key: 'steps' | 'materials' | 'days' | 'fees' | 'visits'; label: MessageKey }[] = [
  { key: 'steps', label: 'ratings.stats.steps' },
  { key: 'materials', label: 'ratings.stats.materials' },
  { key: 'days', label: 'ratings.stats.days' },
  { key: 'fees', label: 'ratings.stats.fees' },
  { key: 'visits', label: 'ratings.stats.visits' },
];

/** 服务效能统计 (public API): per department, item or city, with the average ratings as a chart. */
export default function StatsPage() {
  const { t, locale } = useI18n();
  const { elder } = useElderMode();
  const [by, setBy] = useState<By>('department');
  const [item, setItem] = useState<string | undefined>();
  const { data, error, loading, reload } = useQuery<{ by: By; items: GroupRow[]; total: GroupNumbers }>(
    apiUrl('/ratings/stats', { by }),
  );
  const emptyText = useEmptyText(loading);
  const n = (v: number) => formatNumber(v, locale);
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  const avg = (v: number | null) => (v === null ? '—' : v.toFixed(2));
  const nameOf = (r: GroupRow) => (locale === 'en' && r.nameEn ? r.nameEn : r.name);

  const chartRows = useMemo(
    () =>
      (data?.items ?? [])
        .filter((r) => r.averageScore !== null)
        .map((r) => ({ name: locale === 'en' && r.nameEn ? r.nameEn : r.name, value: r.averageScore! }))
        .sort((a, b) => b.value - a.value)
        .slice(0, 20),
    [data, locale],
  );
  const summary = t('ratings.stats.chart.label', {
    summary: chartRows.map((r) => `${r.name} ${r.value.toFixed(2)}`).join(locale === 'en' ? '; ' : '；'),
  });

  const numberColumns: {
    key: keyof GroupNumbers;
    title: MessageKey;
    render: (v: number | null) => string;
  }[] = [
    { key: 'volume', title: 'ratings.stats.volume', render: (v) => n(v ?? 0) },
    { key: 'onlineShare', title: 'ratings.stats.online', render: pct },
    { key: 'onTimeShare', title: 'ratings.stats.onTime', render: pct },
    { key: 'averageScore', title: 'ratings.stats.average', render: avg },
    { key: 'ratingCount', title: 'ratings.stats.count', render: (v) => n(v ?? 0) },
    { key: 'badRatingCount', title: 'ratings.stats.bad', render: (v) => n(v ?? 0) },
    { key: 'rectificationRate', title: 'ratings.stats.rectRate', render: pct },
    { key: 'rectifiedShare', title: 'ratings.stats.rectified', render: pct },
  ];

  return (
    <Page title={t('ratings.stats.title')} intro={t('ratings.stats.intro')}>
      <Segmented<By>
        value={by}
        onChange={(v) => {
          setBy(v);
          setItem(undefined);
        }}
        options={BYS.map((b) => ({ value: b, label: t(`ratings.stats.by.${b}`) }))}
        aria-label={t('ratings.stats.by')}
        data-testid="stats-by"
      />
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {loading && !data ? <LoadingBlock rows={8} /> : null}
      {data ? (
        <>
          <Card title={<SectionTitle id="stats-chart-title">{t('ratings.stats.chart')}</SectionTitle>}>
            {chartRows.length ? (
              <StatsBarChart
                rows={chartRows}
                seriesName={t('ratings.stats.average')}
                ariaLabel={summary}
                elder={elder}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
            )}
          </Card>
          <Card title={<SectionTitle id="stats-table-title">{t(`ratings.stats.by.${by}`)}</SectionTitle>}>
            {by === 'item' ? (
              <Typography.Paragraph type="secondary">{t('ratings.stats.pickItem')}</Typography.Paragraph>
            ) : null}
            <DataTable<GroupRow>
              rowKey="key"
              size="small"
              dataSource={data.items}
              pagination={data.items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              locale={{ emptyText }}
              scroll={{ x: 980 }}
              data-testid="stats-table"
              columns={[
                {
                  key: 'name',
                  title: t('ratings.stats.name'),
                  fixed: 'left',
                  width: 200,
                  render: (_, r) =>
                    by === 'item' ? (
                      <Button
                        type="link"
                        style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
                        onClick={() => setItem(r.key)}
                        aria-pressed={item === r.key}
                      >
                        {nameOf(r)}
                      </Button>
                    ) : (
                      nameOf(r)
                    ),
                },
                ...numberColumns.map((c) => ({
                  key: c.key,
                  title: t(c.title),
                  align: 'right' as const,
                  render: (_: unknown, r: GroupRow) => c.render(r[c.key]),
                })),
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <strong>{t('ratings.stats.total')}</strong>
                  </Table.Summary.Cell>
                  {numberColumns.map((c, i) => (
                    <Table.Summary.Cell key={c.key} index={i + 1} align="right">
                      <strong>{c.render(data.total[c.key])}</strong>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              )}
            />
          </Card>
          {item ? <ItemReductions itemId={item} /> : null}
        </>
      ) : null}
    </Page>
  );
}

function ItemReductions({ itemId }: { itemId: string }) {
  const { t } = useI18n();
  const { data, error, loading, reload } = useQuery<ItemStats>(
    apiUrl(`/ratings/stats/items/${encodeURIComponent(itemId)}`),
  );
  const num = (v: number | null) => (v === null ? '—' : String(v));
  return (
    <Card
      title={
        <SectionTitle id="stats-item-title">
          {data ? `${data.name} · ` : ''}
          {t('ratings.stats.itemDetail')}
        </SectionTitle>
      }
      data-testid="stats-item"
    >
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {loading && !data ? <LoadingBlock rows={4} /> : null}
      {data ? (
        <DataTable<{ key: string; label: MessageKey; m: Measure; extra?: string }>
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: 560 }}
          dataSource={MEASURES.map((x) => ({
            key: x.key,
            label: x.label,
            m: data[x.key],
            ...(x.key === 'days' && data.days.promised !== null
              ? { extra: t('ratings.stats.promised', { n: data.days.promised }) }
              : {}),
          }))}
          columns={[
            {
              key: 'label',
              title: t('ratings.stats.measure'),
              render: (_, r) => (
                <>
                  {t(r.label)}
                  {r.extra ? <Typography.Text type="secondary"> （{r.extra}）</Typography.Text> : null}
                </>
              ),
            },
            {
              key: 'baseline',
              title: t('ratings.stats.baseline'),
              align: 'right',
              render: (_, r) => num(r.m.baseline),
            },
            {
              key: 'actual',
              title: t('ratings.stats.actual'),
              align: 'right',
              render: (_, r) => num(r.m.actual),
            },
            {
              key: 'reduction',
              title: t('ratings.stats.reduction'),
              align: 'right',
              render: (_, r) =>
                r.m.reduction === null
                  ? '—'
                  : `${r.m.reduction}${r.m.reductionRate !== null ? ` (${(r.m.reductionRate * 100).toFixed(0)}%)` : ''}`,
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
