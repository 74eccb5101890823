import { useState } from 'react';
import { Button, Card, DatePicker, Flex, Form, Input, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { apiUrl } from '../../api/hooks.ts';
import type { AuditRecord } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page } from '../../components/Page.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadMore, OutcomeTag, useEmptyText } from '../../components/TableParts.tsx';
import { formatDateTime, shanghaiWallClockToIso } from '../../lib/format.ts';
import { useAuditLog, type AuditFilters } from './hooks.ts';

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  action?: string;
  actorId?: string;
}

/** 审计日志 (auditor): filter by time, action and actor; cursor paging; CSV / JSONL export. */
export default function AuditPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<FilterValues>();
  const { can } = useSession();
  const [filters, setFilters] = useState<AuditFilters>({});
  const list = useAuditLog(filters);
  const emptyText = useEmptyText(list.loading);

  const apply = (v: FilterValues) => {
    setFilters({
      from: v.range?.[0] ? shanghaiWallClockToIso(v.range[0]) : undefined,
      to: v.range?.[1] ? shanghaiWallClockToIso(v.range[1]) : undefined,
      action: v.action?.trim() || undefined,
      actorId: v.actorId?.trim() || undefined,
    });
    // Same filters again still means "fetch the newest records".
    list.reload();
  };

  const exportHref = (format: 'csv' | 'jsonl') =>
    apiUrl('/audit/export', { from: filters.from, to: filters.to, format });

  return (
    <Page
      title={t('console.audit.title')}
      intro={t('audit.intro')}
      extra={
        can('audit.export') ? (
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              href={exportHref('csv')}
              download
              data-testid="audit-export-csv"
            >
              {t('audit.exportCsv')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              href={exportHref('jsonl')}
              download
              data-testid="audit-export-jsonl"
            >
              {t('audit.exportJsonl')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Card>
        <Form<FilterValues>
          form={form}
          name="audit-filters"
          layout="inline"
          onFinish={apply}
          style={{ rowGap: 12 }}
        >
          <Form.Item name="range" label={t('audit.range')}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Input placeholder={t('audit.action.placeholder')} allowClear data-testid="audit-action" />
          </Form.Item>
          <Form.Item
            name="actorId"
            label={t('audit.actorId')}
            rules={[
              {
                pattern:
                  /^\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\s*$/,
                message: t('audit.actorId.invalid'),
              },
            ]}
          >
            <Input allowClear data-testid="audit-actor" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" data-testid="audit-apply">
                {t('common.query')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        {can('audit.export') ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('audit.exportHint')}
          </Typography.Paragraph>
        ) : null}
      </Card>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Card>
        <DataTable<AuditRecord>
          rowKey="id"
          size="small"
          loading={list.loading && !list.loaded}
          dataSource={list.items}
          pagination={false}
          locale={{ emptyText }}
          scroll={{ x: 1300 }}
          data-testid="audit-table"
          columns={[
            { key: 'at', title: t('audit.at'), dataIndex: 'at', render: formatDateTime, width: 160 },
            {
              key: 'actor',
              title: t('audit.actor'),
              render: (_, r) => (
                <>
                  <div>{r.actorDisplay ?? r.actorId ?? '—'}</div>
                  {r.actorRole ? <Typography.Text type="secondary">{r.actorRole}</Typography.Text> : null}
                </>
              ),
            },
            {
              key: 'department',
              title: t('audit.department'),
              render: (_, r) => (
                <>
                  <div>{r.departmentName ?? '—'}</div>
                  {r.regionCode ? <Typography.Text type="secondary">{r.regionCode}</Typography.Text> : null}
                </>
              ),
            },
            {
              key: 'action',
              title: t('audit.action'),
              dataIndex: 'action',
              render: (a: string) => <code>{a}</code>,
            },
            {
              key: 'resource',
              title: t('audit.resource'),
              render: (_, r) => [r.resourceType, r.resourceId].filter(Boolean).join(' / ') || '—',
            },
            {
              key: 'subject',
              title: t('audit.subject'),
              dataIndex: 'subjectRef',
              render: (s: string | null) => s ?? '—',
            },
            {
              key: 'purpose',
              title: t('audit.purpose'),
              dataIndex: 'purpose',
              render: (p: string | null) => p ?? '—',
            },
            {
              key: 'outcome',
              title: t('audit.outcome'),
              dataIndex: 'outcome',
              render: (o: string) => <OutcomeTag outcome={o} />,
            },
            {
              key: 'requestId',
              title: t('audit.requestId'),
              dataIndex: 'requestId',
              render: (id: string | null) =>
                id ? <Typography.Text copyable={{ text: id }}>{id.slice(0, 8)}</Typography.Text> : '—',
            },
          ]}
        />
        <Flex vertical>
          <LoadMore
            hasMore={list.hasMore}
            loading={list.loading}
            loaded={list.loaded}
            count={list.items.length}
            onLoadMore={list.loadMore}
          />
        </Flex>
      </Card>
    </Page>
  );
}
