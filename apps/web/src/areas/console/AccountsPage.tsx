import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { apiPost, apiPut, toApiError, type ApiError } from '../../api/client.ts';
import type { AccountStatus, AdminAccount, RoleDefinition } from '../../api/types.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Page } from '../../components/Page.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { escapeClosesModal } from '../../components/modalEscape.tsx';
import { meetsPasswordPolicy } from '../../components/ChangePasswordForm.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { RolesEditor, type RoleRow } from './RolesEditor.tsx';
import { useAccounts, useRoleDefinitions, type AccountFilters } from './hooks.ts';

const STATUS: Record<AccountStatus, { key: MessageKey; color: string }> = {
  active: { key: 'accountStatus.active', color: 'green' },
  locked: { key: 'accountStatus.locked', color: 'orange' },
  disabled: { key: 'accountStatus.disabled', color: 'default' },
};

/** 账户管理: search, filter and page accounts; create staff; edit roles; unlock, disable, enable. */
export default function AccountsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const [filters, setFilters] = useState<AccountFilters>({ q: '', kind: '', page: 1, pageSize: 20 });
  const { data, error, loading, reload } = useAccounts(filters);
  const roles = useRoleDefinitions();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AdminAccount | undefined>();
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const emptyText = useEmptyText(loading);
  const staffRoles = (roles.data?.items ?? []).filter((r) => !r.kind || r.kind === 'staff');

  const act = async (account: AdminAccount, action: 'unlock' | 'disable' | 'enable') => {
    setBusy(`${account.id}:${action}`);
    setActionError(undefined);
    try {
      await apiPost<AdminAccount>(`/admin/accounts/${encodeURIComponent(account.id)}/${action}`);
      void message.success(t('common.saved'));
      reload();
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const actionLabel = (action: MessageKey, account: AdminAccount) =>
    t('common.labelValue', { label: t(action), value: account.displayName || account.username });

  return (
    <Page
      title={t('console.accounts.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="accounts-create"
        >
          {t('accounts.create')}
        </Button>
      }
    >
      <Card>
        <Form
          name="account-filters"
          layout="inline"
          style={{ rowGap: 12, marginBottom: 16 }}
          initialValues={{ q: '', kind: '' }}
          onValuesChange={(changed: Partial<AccountFilters>) => {
            if ('kind' in changed) setFilters((f) => ({ ...f, kind: changed.kind ?? '', page: 1 }));
          }}
        >
          <Form.Item name="q" label={t('accounts.search')}>
            <Input.Search
              placeholder={t('accounts.search.placeholder')}
              enterButton={t('common.search')}
              allowClear
              onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim(), page: 1 }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('accounts.kind')}>
            <Select
              style={{ minWidth: 140 }}
              options={[
                { value: '', label: t('common.all') },
                { value: 'person', label: t('kind.person') },
                { value: 'staff', label: t('kind.staff') },
              ]}
            />
          </Form.Item>
        </Form>
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        {actionError ? <ErrorAlert error={actionError} title="error.title" /> : null}
        <DataTable<AdminAccount>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText }}
          scroll={{ x: 'max-content' }}
          data-testid="accounts-table"
          onRow={(record) =>
            ({ 'data-testid': `account-row-${record.username}` }) as HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
          }}
          columns={[
            { key: 'username', title: t('accounts.username'), dataIndex: 'username' },
            { key: 'displayName', title: t('accounts.displayName'), dataIndex: 'displayName' },
            {
              key: 'kind',
              title: t('accounts.kind'),
              dataIndex: 'kind',
              render: (k: AdminAccount['kind']) => t(k === 'person' ? 'kind.person' : 'kind.staff'),
            },
            {
              key: 'department',
              title: t('accounts.department'),
              dataIndex: 'departmentName',
              render: (d: string | null) => d ?? '—',
            },
            {
              key: 'roles',
              title: t('accounts.roles'),
              render: (_, a) =>
                a.roles.length === 0
                  ? '—'
                  : a.roles.map((r) => (
                      <Tag
                        key={`${r.role}:${r.departmentId ?? ''}`}
                        className="sufu-wrap-tag"
                        style={{ marginBottom: 4 }}
                      >
                        {pick(r.roleName) || r.role}
                        {r.departmentName && r.departmentName !== a.departmentName
                          ? ` · ${r.departmentName}`
                          : ''}
                      </Tag>
                    )),
            },
            {
              key: 'status',
              title: t('accounts.status'),
              dataIndex: 'status',
              render: (s: AccountStatus) => (
                <Tag color={STATUS[s]?.color} data-testid="account-status">
                  {STATUS[s] ? t(STATUS[s].key) : s}
                </Tag>
              ),
            },
            {
              key: 'mfa',
              title: t('accounts.mfa'),
              dataIndex: 'mfaEnrolled',
              render: (on: boolean) => t(on ? 'accounts.mfa.on' : 'accounts.mfa.off'),
            },
            {
              key: 'lastLogin',
              title: t('accounts.lastLogin'),
              dataIndex: 'lastLoginAt',
              render: (at: string | null) => (at ? formatDateTime(at) : t('accounts.never')),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              fixed: 'right',
              render: (_, a) => (
                <Space wrap size={4}>
                  {can('roles.assign') ? (
                    <Button
                      size="small"
                      onClick={() => setEditing(a)}
                      aria-label={actionLabel('accounts.editRoles', a)}
                      data-testid={`account-edit-roles-${a.username}`}
                    >
                      {t('accounts.editRoles')}
                    </Button>
                  ) : null}
                  {a.status === 'locked' && can('accounts.unlock') ? (
                    <Button
                      size="small"
                      loading={busy === `${a.id}:unlock`}
                      onClick={() => void act(a, 'unlock')}
                      aria-label={actionLabel('accounts.unlock', a)}
                      data-testid={`account-unlock-${a.username}`}
                    >
                      {t('accounts.unlock')}
                    </Button>
                  ) : null}
                  {!can('accounts.manage') ? null : a.status === 'disabled' ? (
                    <Button
                      size="small"
                      loading={busy === `${a.id}:enable`}
                      onClick={() => void act(a, 'enable')}
                      aria-label={actionLabel('accounts.enable', a)}
                      data-testid={`account-enable-${a.username}`}
                    >
                      {t('accounts.enable')}
                    </Button>
                  ) : (
                    <Popconfirm
                      title={t('accounts.disable.confirm', { name: a.displayName || a.username })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => act(a, 'disable')}
                    >
                      <Button
                        size="small"
                        danger
                        loading={busy === `${a.id}:disable`}
                        aria-label={actionLabel('accounts.disable', a)}
                        data-testid={`account-disable-${a.username}`}
                      >
                        {t('accounts.disable')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {creating ? (
        <CreateAccountModal
          definitions={staffRoles}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            void message.success(t('common.saved'));
            reload();
          }}
        />
      ) : null}
      {editing ? (
        <EditRolesModal
          account={editing}
          definitions={staffRoles}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void message.success(t('common.saved'));
            reload();
          }}
        />
      ) : null}
    </Page>
  );
}

interface ModalProps {
  definitions: RoleDefinition[];
  onClose: () => void;
  onSaved: () => void;
}

function rolesPayload(rows: RoleRow[] | undefined, definitions: RoleDefinition[]) {
  return (rows ?? [])
    .filter((r): r is RoleRow & { role: string } => Boolean(r.role))
    .map((r) => ({
      role: r.role,
      departmentId:
        definitions.find((d) => d.role === r.role)?.scope === 'none' ? null : (r.departmentId ?? null),
    }));
}

interface CreateValues {
  username: string;
  displayName: string;
  password: string;
  roles: RoleRow[];
}

function CreateAccountModal({ definitions, onClose, onSaved }: ModalProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);

  const onFinish = async (values: CreateValues) => {
    setSaving(true);
    setError(undefined);
    try {
      await apiPost<AdminAccount>('/admin/accounts', {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        roles: rolesPayload(values.roles, definitions),
      });
      onSaved();
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setError(problem);
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('accounts.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      modalRender={escapeClosesModal(onClose)}
      width={720}
      okButtonProps={{ 'data-testid': 'account-create-submit' } as Record<string, string>}
    >
      <Form<CreateValues>
        form={form}
        name="create-account"
        layout="vertical"
        initialValues={{ roles: [{}] }}
        onFinish={(v) => void onFinish(v)}
      >
        <ApiFormError error={error} />
        <Alert type="info" showIcon role="note" title={t('accounts.sod')} style={{ marginBottom: 16 }} />
        <Form.Item
          name="username"
          label={t('accounts.username')}
          extra={t('accounts.username.rule')}
          rules={[
            { required: true, whitespace: true, message: t('accounts.username.required') },
            { pattern: /^\s*[a-zA-Z][a-zA-Z0-9._-]{2,39}\s*$/, message: t('accounts.username.rule') },
          ]}
        >
          <Input autoComplete="off" data-testid="account-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('accounts.displayName')}
          rules={[{ required: true, whitespace: true, message: t('accounts.displayName.required') }]}
        >
          <Input autoComplete="off" data-testid="account-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('accounts.password.initial')}
          extra={t('password.rule')}
          rules={[
            { required: true, message: t('password.required') },
            {
              validator: async (_, value: string | undefined) => {
                if (value && !meetsPasswordPolicy(value)) throw new Error(t('password.ruleBroken'));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="account-password" />
        </Form.Item>
        <RolesEditor definitions={definitions} known={[]} />
      </Form>
    </Modal>
  );
}

function EditRolesModal({ account, definitions, onClose, onSaved }: ModalProps & { account: AdminAccount }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ roles: RoleRow[] }>();
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const known = account.roles
    .filter((r) => r.departmentId)
    .map((r) => ({ id: r.departmentId as string, name: r.departmentName ?? (r.departmentId as string) }));

  const onFinish = async (values: { roles: RoleRow[] }) => {
    setSaving(true);
    setError(undefined);
    try {
      await apiPut<AdminAccount>(`/admin/accounts/${encodeURIComponent(account.id)}/roles`, {
        roles: rolesPayload(values.roles, definitions),
      });
      onSaved();
    } catch (e) {
      // 409 accounts.separation_of_duties lands here: the server's message says which roles clash.
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setError(problem);
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('accounts.editRoles.title', { name: account.displayName || account.username })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      modalRender={escapeClosesModal(onClose)}
      width={720}
      okButtonProps={{ 'data-testid': 'account-roles-submit' } as Record<string, string>}
    >
      <Form<{ roles: RoleRow[] }>
        form={form}
        name="edit-roles"
        layout="vertical"
        initialValues={{ roles: account.roles.map((r) => ({ role: r.role, departmentId: r.departmentId })) }}
        onFinish={(v) => void onFinish(v)}
      >
        <ApiFormError error={error} />
        <Alert type="info" showIcon role="note" title={t('accounts.sod')} style={{ marginBottom: 16 }} />
        <RolesEditor definitions={definitions} known={known} />
      </Form>
    </Modal>
  );
}
