import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { apiDelete, apiPost, apiPut, toApiError, type ApiError } from '../../api/client.ts';
import { apiUrl, useQuery } from '../../api/hooks.ts';
import {
  GRANT_TYPES,
  SSO_CLAIMS,
  type GrantType,
  type SsoClient,
  type SsoKey,
} from '../../api/identityTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { DepartmentSelect } from '../../components/DepartmentSelect.tsx';
import { SecretModal } from '../../components/SecretModal.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { formatDateTime } from '../../lib/format.ts';

interface ClientValues {
  clientId?: string;
  name: string;
  departmentId: string;
  tokenEndpointAuthMethod: SsoClient['tokenEndpointAuthMethod'];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri?: string;
  grantTypes: GrantType[];
  scopes: string[];
  claims: string[];
}

const lines = (text: string[] | undefined) => (text ?? []).map((s) => s.trim()).filter(Boolean);

/** 统一身份认证接入: client systems of the OIDC provider, their secrets, and the signing keys. */
export default function SsoClientsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery<{ items: SsoClient[] }>(apiUrl('/admin/sso/clients'));
  const [editing, setEditing] = useState<SsoClient | 'new' | undefined>();
  const [secret, setSecret] = useState<{ secret: string; clientId: string } | undefined>();
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const emptyText = useEmptyText(loading);

  const act = async (key: string, fn: () => Promise<void>) => {
    setBusy(key);
    setActionError(undefined);
    try {
      await fn();
      reload();
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const rotate = (c: SsoClient) =>
    act(`secret-${c.clientId}`, async () => {
      const r = await apiPost<{ clientSecret: string }>(
        `/admin/sso/clients/${encodeURIComponent(c.clientId)}/secret`,
      );
      setSecret({ secret: r.clientSecret, clientId: c.clientId });
    });
  const disable = (c: SsoClient) =>
    act(`disable-${c.clientId}`, async () => {
      await apiDelete(`/admin/sso/clients/${encodeURIComponent(c.clientId)}`);
      void message.success(t('sso.disabled'));
    });
  const enable = (c: SsoClient) =>
    act(`enable-${c.clientId}`, async () => {
      await apiPut(`/admin/sso/clients/${encodeURIComponent(c.clientId)}`, {
        name: c.name,
        departmentId: c.departmentId,
        grantTypes: c.grantTypes,
        scopes: c.scopes,
        status: 'active',
      });
      void message.success(t('sso.enabled'));
    });

  return (
    <Page
      title={t('sso.title')}
      intro={t('sso.intro')}
      extra={
        <Button type="primary" onClick={() => setEditing('new')} data-testid="sso-create">
          {t('sso.create')}
        </Button>
      }
    >
      <Card title={<SectionTitle id="sso-clients">{t('sso.clients')}</SectionTitle>}>
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        {actionError ? <ErrorAlert error={actionError} title="error.title" /> : null}
        <DataTable<SsoClient>
          rowKey="clientId"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="sso-clients-table"
          locale={{ emptyText }}
          columns={[
            {
              key: 'name',
              title: t('sso.name'),
              render: (_, c) => (
                <>
                  <div>{c.name}</div>
                  <Typography.Text type="secondary" code>
                    {c.clientId}
                  </Typography.Text>
                </>
              ),
            },
            { key: 'department', title: t('sso.department'), render: (_, c) => c.departmentName ?? '—' },
            {
              key: 'grants',
              title: t('sso.grantTypes'),
              render: (_, c) => c.grantTypes.map((g) => <Tag key={g}>{g}</Tag>),
            },
            { key: 'scopes', title: t('sso.scopes'), render: (_, c) => c.scopes.join(' ') || '—' },
            {
              key: 'status',
              title: t('sso.status'),
              render: (_, c) =>
                c.status === 'active' ? (
                  <Tag color="green">{t('status.active')}</Tag>
                ) : (
                  <Tag>{t('status.disabled')}</Tag>
                ),
            },
            {
              key: 'secretRotatedAt',
              title: t('sso.secretRotatedAt'),
              dataIndex: 'secretRotatedAt',
              render: formatDateTime,
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, c) => (
                <Space wrap>
                  <Button size="small" onClick={() => setEditing(c)} data-testid={`sso-edit-${c.clientId}`}>
                    {t('common.edit')}
                  </Button>
                  <Popconfirm
                    title={t('sso.rotate.confirm')}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => rotate(c)}
                  >
                    <Button
                      size="small"
                      loading={busy === `secret-${c.clientId}`}
                      data-testid={`sso-secret-${c.clientId}`}
                    >
                      {t('sso.rotateSecret')}
                    </Button>
                  </Popconfirm>
                  {c.status === 'active' ? (
                    <Popconfirm
                      title={t('sso.disable.confirm')}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => disable(c)}
                    >
                      <Button
                        size="small"
                        danger
                        loading={busy === `disable-${c.clientId}`}
                        data-testid={`sso-disable-${c.clientId}`}
                      >
                        {t('sso.disable')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      size="small"
                      loading={busy === `enable-${c.clientId}`}
                      onClick={() => void enable(c)}
                      data-testid={`sso-enable-${c.clientId}`}
                    >
                      {t('sso.enable')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <SsoKeysCard />
      {editing !== undefined ? (
        <ClientModal
          client={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(created) => {
            setEditing(undefined);
            reload();
            if (created) setSecret(created);
            else void message.success(t('common.saved'));
          }}
        />
      ) : null}
      <SecretModal secret={secret?.secret} clientId={secret?.clientId} onClose={() => setSecret(undefined)} />
    </Page>
  );
}

function ClientModal({
  client,
  onClose,
  onSaved,
}: {
  client: SsoClient | undefined;
  onClose: () => void;
  onSaved: (created?: { secret: string; clientId: string }) => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<ClientValues>();
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);

  const save = async (v: ClientValues) => {
    setSaving(true);
    setError(undefined);
    const body = {
      name: v.name.trim(),
      departmentId: v.departmentId,
      tokenEndpointAuthMethod: v.tokenEndpointAuthMethod,
      redirectUris: lines(v.redirectUris),
      postLogoutRedirectUris: lines(v.postLogoutRedirectUris),
      backchannelLogoutUri: v.backchannelLogoutUri?.trim() || null,
      grantTypes: v.grantTypes,
      scopes: lines(v.scopes),
      claims: v.claims,
    };
    try {
      if (client) {
        await apiPut(`/admin/sso/clients/${encodeURIComponent(client.clientId)}`, body);
        onSaved();
      } else {
        const r = await apiPost<{ client: SsoClient; clientSecret: string }>('/admin/sso/clients', {
          ...(v.clientId?.trim() ? { clientId: v.clientId.trim() } : {}),
          ...body,
        });
        onSaved({ secret: r.clientSecret, clientId: r.client.clientId });
      }
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setError(problem);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={client ? t('sso.edit', { name: client.name }) : t('sso.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'sso-save' } as Record<string, string>}
    >
      <Form
        form={form}
        name="sso-client"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void save(v)}
        initialValues={
          client
            ? { ...client, backchannelLogoutUri: client.backchannelLogoutUri ?? '' }
            : {
                tokenEndpointAuthMethod: 'client_secret_basic',
                grantTypes: ['authorization_code', 'refresh_token'],
                scopes: ['openid', 'profile'],
                claims: ['name', 'account_kind'],
                redirectUris: [],
                postLogoutRedirectUris: [],
              }
        }
      >
        <ApiFormError error={error} />
        {client ? null : (
          <Form.Item name="clientId" label={t('sso.clientId')} extra={t('sso.clientId.help')}>
            <Input autoComplete="off" data-testid="sso-client-id" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('sso.name')} rules={[{ required: true, whitespace: true, min: 2 }]}>
          <Input data-testid="sso-name" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('sso.department')} rules={[{ required: true }]}>
          <DepartmentSelect
            known={
              client?.departmentId
                ? [{ id: client.departmentId, name: client.departmentName ?? client.departmentId }]
                : []
            }
          />
        </Form.Item>
        <Form.Item
          name="grantTypes"
          label={t('sso.grantTypes')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Checkbox.Group options={GRANT_TYPES.map((g) => ({ value: g, label: g }))} />
        </Form.Item>
        <Form.Item name="redirectUris" label={t('sso.redirectUris')} extra={t('sso.uris.help')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[' ', '\n']} />
        </Form.Item>
        <Form.Item
          name="postLogoutRedirectUris"
          label={t('sso.postLogoutRedirectUris')}
          extra={t('sso.uris.help')}
        >
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[' ', '\n']} />
        </Form.Item>
        <Form.Item name="backchannelLogoutUri" label={t('sso.backchannelLogoutUri')}>
          <Input />
        </Form.Item>
        <Form.Item name="scopes" label={t('sso.scopes')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[' ', ',']} />
        </Form.Item>
        <Form.Item name="claims" label={t('sso.claims')}>
          <Checkbox.Group options={SSO_CLAIMS.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item name="tokenEndpointAuthMethod" label={t('sso.authMethod')}>
          <Select
            options={[
              { value: 'client_secret_basic', label: 'client_secret_basic' },
              { value: 'client_secret_post', label: 'client_secret_post' },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SsoKeysCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery<{ items: SsoKey[] }>(apiUrl('/admin/sso/keys'));
  const [rotateError, setRotateError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const emptyText = useEmptyText(loading);

  const rotate = async () => {
    setBusy(true);
    setRotateError(undefined);
    try {
      await apiPost('/admin/sso/keys/rotate');
      void message.success(t('keys.rotated'));
      reload();
    } catch (e) {
      setRotateError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={<SectionTitle id="sso-keys">{t('sso.keys')}</SectionTitle>}
      extra={
        <Popconfirm
          title={t('sso.keys.rotate.confirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={rotate}
        >
          <Button loading={busy} data-testid="sso-keys-rotate">
            {t('keys.rotate')}
          </Button>
        </Popconfirm>
      }
    >
      <Typography.Paragraph type="secondary">{t('sso.keys.intro')}</Typography.Paragraph>
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {rotateError ? <ErrorAlert error={rotateError} title="error.title" /> : null}
      <DataTable<SsoKey>
        rowKey="kid"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="sso-keys-table"
        locale={{ emptyText }}
        columns={[
          {
            key: 'kid',
            title: t('keys.kid'),
            render: (_, k) => <Typography.Text code>{k.kid}</Typography.Text>,
          },
          { key: 'alg', title: t('keys.alg'), dataIndex: 'alg' },
          { key: 'state', title: t('keys.state'), render: (_, k) => <KeyStateTag state={k.state} /> },
          { key: 'createdAt', title: t('keys.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
          {
            key: 'activatedAt',
            title: t('keys.activatedAt'),
            dataIndex: 'activatedAt',
            render: formatDateTime,
          },
          { key: 'retiredAt', title: t('keys.retiredAt'), dataIndex: 'retiredAt', render: formatDateTime },
        ]}
      />
    </Card>
  );
}

export function KeyStateTag({ state }: { state: 'next' | 'active' | 'retired' | 'removed' }) {
  const { t } = useI18n();
  const map = {
    next: { key: 'keys.state.next', color: 'blue' },
    active: { key: 'keys.state.active', color: 'green' },
    retired: { key: 'keys.state.retired', color: 'default' },
    removed: { key: 'keys.state.removed', color: 'default' },
  } as const;
  return <Tag color={map[state].color}>{t(map[state].key)}</Tag>;
}
