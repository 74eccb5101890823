import { useCallback, useMemo } from 'react';
import { Card, Col, Grid, Row, Statistic, Table } from 'antd';
import type { CityStats } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useElderMode } from '../../theme/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { formatNumber } from '../../lib/format.ts';
import { CityBarChart } from './CityBarChart.tsx';
import { useStatsOverview } from './hooks.ts';

type Metric = 'persons' | 'organisations' | 'departments' | 'staff';
const METRICS: Metric[] = ['persons', 'organisations', 'departments', 'staff'];

/** 运行概览: totals and a per-city bar chart (with the same data as a table). */
export default function OverviewPage() {
  const { t, locale } = useI18n();
  const { elder } = useElderMode();
  const narrow = !Grid.useBreakpoint().md;
  const { data, error, loading, reload } = useStatsOverview();
  const emptyText = useEmptyText(loading);
  const n = (v: number) => formatNumber(v, locale);

  const cityName = useCallback((c: CityStats) => (locale === 'en' && c.nameEn ? c.nameEn : c.name), [locale]);
  const labels = useMemo(
    () => ({
      persons: t('ops.persons'),
      organisations: t('ops.organisations'),
      departments: t('ops.departments'),
    }),
    [t],
  );
  const summary = useMemo(() => {
    if (!data) return '';
    const lines = data.cities.map((c) =>
      t('ops.chart.cityLine', {
        city: cityName(c),
        persons: n(c.persons),
        organisations: n(c.organisations),
        departments: n(c.departments),
      }),
    );
    return t('ops.chart.label', { summary: lines.join(locale === 'en' ? '; ' : '；') });
  }, [data, t, cityName, locale]);

  return (
    <Page title={t('ops.overview.title')} intro={t('ops.intro')}>
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {loading && !data ? <LoadingBlock rows={8} /> : null}
      {data ? (
        <>
          <Row gutter={[16, 16]} data-testid="ops-totals">
            {METRICS.map((m) => (
              <Col key={m} xs={12} md={6}>
                <Card>
                  <Statistic title={t(`ops.${m}`)} value={data.totals[m]} formatter={(v) => n(Number(v))} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={<SectionTitle id="ops-chart-title">{t('ops.chart.title')}</SectionTitle>}>
            <CityBarChart
              cities={data.cities}
              cityName={cityName}
              labels={labels}
              ariaLabel={summary}
              elder={elder}
              narrow={narrow}
            />
          </Card>
          <Card title={<SectionTitle id="ops-table-title">{t('ops.table.caption')}</SectionTitle>}>
            <DataTable<CityStats>
              rowKey="code"
              size="small"
              dataSource={data.cities}
              pagination={false}
              locale={{ emptyText }}
              scroll={{ x: 640 }}
              data-testid="ops-table"
              columns={[
                { key: 'city', title: t('ops.city'), render: (_, c) => cityName(c) },
                ...METRICS.map((m) => ({
                  key: m,
                  title: t(`ops.${m}`),
                  dataIndex: m,
                  align: 'right' as const,
                  render: (v: number) => n(v),
                })),
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <strong>{t('ops.totalRow')}</strong>
                  </Table.Summary.Cell>
                  {METRICS.map((m, i) => (
                    <Table.Summary.Cell key={m} index={i + 1} align="right">
                      <strong>{n(data.totals[m])}</strong>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              )}
            />
          </Card>
        </>
      ) : null}
    </Page>
  );
}
