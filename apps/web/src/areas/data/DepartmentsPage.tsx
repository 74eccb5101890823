import { useState } from 'react';
import { Card, Form, Input, TreeSelect } from 'antd';
import type { Department, Region } from '../../api/types.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Page } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { fetchRegions, useDepartments, useRegions, type DepartmentFilters } from './hooks.ts';

const LEVEL: Record<Department['level'], MessageKey> = {
  province: 'regions.level.province',
  city: 'regions.level.city',
  county: 'regions.level.county',
};

interface RegionOption {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
}

/** 部门名录: departments, filterable by region (tree) and name, paged by the server. */
export default function DepartmentsPage() {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<DepartmentFilters>({ q: '', page: 1, pageSize: 20 });
  const { data, error, loading, reload } = useDepartments(filters);
  const emptyText = useEmptyText(loading);
  const root = useRegions();
  const [loaded, setLoaded] = useState<RegionOption[]>([]);

  const label = (r: Region) =>
    t('common.withParen', { text: locale === 'en' && r.nameEn ? r.nameEn : r.name, inner: r.code });
  const toOption = (r: Region): RegionOption => ({
    id: r.code,
    ...(r.parentCode ? { pId: r.parentCode } : {}),
    value: r.code,
    title: label(r),
    isLeaf: r.childCount === 0,
  });
  const rootOptions = (root.data?.items ?? []).map((r) => {
    const { pId: _ignored, ...option } = toOption(r);
    return option;
  });
  const options = [...rootOptions, ...loaded.filter((o) => !rootOptions.some((r) => r.id === o.id))];

  return (
    <Page title={t('data.departments.title')}>
      <Card>
        <Form name="department-filters" layout="inline" style={{ rowGap: 12, marginBottom: 16 }}>
          <Form.Item name="regionCode" label={t('departments.region')}>
            <TreeSelect
              treeDataSimpleMode
              treeData={options}
              style={{ minWidth: 240 }}
              placeholder={t('departments.region.placeholder')}
              allowClear
              loadData={async (node) => {
                const code = String(node.value);
                if (loaded.some((o) => o.pId === code)) return;
                const { items } = await fetchRegions(code);
                setLoaded((old) => [...old, ...items.map(toOption)]);
              }}
              onChange={(value?: string) =>
                setFilters((f) => ({ ...f, regionCode: value || undefined, page: 1 }))
              }
            />
          </Form.Item>
          <Form.Item name="q" label={t('departments.q')}>
            <Input.Search
              enterButton={t('common.search')}
              allowClear
              onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim(), page: 1 }))}
            />
          </Form.Item>
        </Form>
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        <DataTable<Department>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText }}
          scroll={{ x: 720 }}
          data-testid="departments-table"
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
          }}
          columns={[
            { key: 'code', title: t('departments.code'), dataIndex: 'code', width: 200 },
            {
              key: 'name',
              title: t('departments.name'),
              render: (_, d) => (locale === 'en' && d.nameEn ? d.nameEn : d.name),
            },
            {
              key: 'level',
              title: t('departments.level'),
              dataIndex: 'level',
              render: (l: Department['level']) => t(LEVEL[l]),
            },
            {
              key: 'region',
              title: t('departments.region'),
              render: (_, d) => t('common.withParen', { text: d.regionName, inner: d.regionCode }),
            },
          ]}
        />
      </Card>
    </Page>
  );
}
