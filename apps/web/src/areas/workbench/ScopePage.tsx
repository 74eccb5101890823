import { Card } from 'antd';
import type { RoleAssignment } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { Page } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';

/** 我的工作范围: my roles with their department and region scope (from the session). */
export default function ScopePage() {
  const { t, pick } = useI18n();
  const { account } = useSession();
  const emptyText = useEmptyText(false);
  const roles = account?.roles ?? [];

  return (
    <Page title={t('workbench.scope.title')} intro={t('scope.intro')}>
      <Card>
        <DataTable<RoleAssignment>
          rowKey={(r) => `${r.role}:${r.departmentId ?? ''}`}
          dataSource={roles}
          pagination={false}
          size="middle"
          scroll={{ x: 560 }}
          locale={{ emptyText }}
          data-testid="scope-table"
          columns={[
            { key: 'role', title: t('scope.role'), render: (_, r) => pick(r.roleName) || r.role },
            {
              key: 'department',
              title: t('scope.department'),
              render: (_, r) => r.departmentName ?? t('scope.noDepartment'),
            },
            {
              key: 'region',
              title: t('scope.region'),
              render: (_, r) =>
                r.regionName
                  ? r.regionCode
                    ? t('common.withParen', { text: r.regionName, inner: r.regionCode })
                    : r.regionName
                  : '—',
            },
          ]}
        />
      </Card>
    </Page>
  );
}
