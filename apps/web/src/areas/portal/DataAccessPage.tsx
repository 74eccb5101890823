import { Card, Typography } from 'antd';
import type { DataAccessItem } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadMore, OutcomeTag, useEmptyText } from '../../components/TableParts.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useMyDataAccess } from './hooks.ts';

/** 我的数据被谁使用: audit records where I am the data subject. */
export default function DataAccessPage() {
  const { t, pick } = useI18n();
  const list = useMyDataAccess();
  const emptyText = useEmptyText(list.loading);

  return (
    <Page title={t('portal.dataAccess.title')} intro={t('dataAccess.intro')}>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Card>
        <DataTable<DataAccessItem>
          rowKey="id"
          size="middle"
          loading={list.loading && !list.loaded}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText }}
          data-testid="data-access-table"
          columns={[
            { key: 'at', title: t('dataAccess.at'), dataIndex: 'at', render: formatDateTime, width: 170 },
            {
              key: 'department',
              title: t('dataAccess.department'),
              render: (_, item) => (
                <>
                  <div>{item.departmentName ?? '—'}</div>
                  {item.actorDisplay ? (
                    <Typography.Text type="secondary">
                      {t('common.labelValue', { label: t('dataAccess.actor'), value: item.actorDisplay })}
                    </Typography.Text>
                  ) : null}
                </>
              ),
            },
            {
              key: 'action',
              title: t('dataAccess.action'),
              render: (_, item) => pick(item.actionName) || item.action,
            },
            {
              key: 'purpose',
              title: t('dataAccess.purpose'),
              dataIndex: 'purpose',
              render: (p: string | null) => p ?? '—',
            },
            {
              key: 'outcome',
              title: t('dataAccess.outcome'),
              dataIndex: 'outcome',
              render: (o: string) => <OutcomeTag outcome={o} />,
            },
          ]}
        />
        <LoadMore
          hasMore={list.hasMore}
          loading={list.loading}
          loaded={list.loaded}
          count={list.items.length}
          onLoadMore={list.loadMore}
        />
      </Card>
    </Page>
  );
}
