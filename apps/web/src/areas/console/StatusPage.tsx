import { Button, Card, Descriptions, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.tsx';
import { Page } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useReadiness } from './hooks.ts';

/** 系统状态: the server's readiness probe — database kind, migrations, outbox backlog. */
export default function StatusPage() {
  const { t, locale } = useI18n();
  const { data, error, loading, reload, at } = useReadiness();
  const ready = data?.status === 'ok';

  return (
    <Page
      title={t('console.status.title')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} data-testid="status-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {loading && !data ? <LoadingBlock /> : null}
      {data ? (
        <Card>
          <Descriptions
            bordered
            column={1}
            size="middle"
            data-testid="system-status"
            items={[
              {
                key: 'status',
                label: t('status.overall'),
                children: (
                  <Tag color={ready ? 'green' : 'red'} data-testid="status-overall">
                    {ready ? t('status.ready') : t('status.notReady')}
                  </Tag>
                ),
              },
              {
                key: 'database',
                label: t('status.database'),
                children: (
                  <span data-testid="status-database">
                    {data.database === 'pglite'
                      ? t('status.db.pglite')
                      : data.database === 'postgres'
                        ? t('status.db.postgres')
                        : data.database}
                  </span>
                ),
              },
              {
                key: 'applied',
                label: t('status.migrations.applied'),
                children: formatNumber(data.migrations.applied, locale),
              },
              {
                key: 'pending',
                label: t('status.migrations.pending'),
                children: (
                  <Tag color={data.migrations.pending > 0 ? 'orange' : 'green'}>
                    {formatNumber(data.migrations.pending, locale)}
                  </Tag>
                ),
              },
              ...(data.version
                ? [{ key: 'version', label: t('status.version'), children: <code>{data.version}</code> }]
                : []),
              {
                key: 'outbox',
                label: t('status.outbox.pending'),
                children: (
                  <span data-testid="status-outbox">{formatNumber(data.outbox.pending, locale)}</span>
                ),
              },
            ]}
          />
          {at ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('status.checkedAt', { time: at.toLocaleString(locale) })}
            </Typography.Paragraph>
          ) : null}
        </Card>
      ) : null}
    </Page>
  );
}
