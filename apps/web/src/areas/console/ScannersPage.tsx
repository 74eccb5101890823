import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { apiPost, apiPut, toApiError, type ApiError } from '../../api/client.ts';
import { apiUrl, useQuery } from '../../api/hooks.ts';
import {
  SCANNER_PROFILES,
  type Scanner,
  type ScannerProfile,
  type ServiceCodeKey,
} from '../../api/identityTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { DepartmentSelect } from '../../components/DepartmentSelect.tsx';
import { SecretModal } from '../../components/SecretModal.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { PROFILE_LABELS } from '../../lib/labels.ts';
import { KeyStateTag } from './SsoClientsPage.tsx';

interface ScannerValues {
  name: string;
  location: string;
  departmentId?: string | null;
  operatorName?: string;
  profile: ScannerProfile;
  clientId?: string;
  status: 'active' | 'disabled';
  registerClient?: boolean;
}

/** 扫码设备: scanner devices and their profiles; the service-code signing keys and their rotation. */
export default function ScannersPage() {
  const { t } = useI18n();
  const { can } = useSession();
  return (
    <Page title={t('scanners.title')} intro={t('scanners.intro')}>
      {can('service-code.scanners.manage') ? <ScannersCard /> : null}
      {can('service-code.keys.manage') ? <CodeKeysCard /> : null}
    </Page>
  );
}

function ScannersCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [profile, setProfile] = useState<ScannerProfile | undefined>();
  const { data, error, loading, reload } = useQuery<{ items: Scanner[] }>(
    apiUrl('/admin/service-code/scanners', { profile }),
  );
  const [editing, setEditing] = useState<Scanner | 'new' | undefined>();
  const [secret, setSecret] = useState<{ secret: string; clientId: string } | undefined>();
  const emptyText = useEmptyText(loading);

  return (
    <Card
      title={<SectionTitle id="scanners-heading">{t('scanners.devices')}</SectionTitle>}
      extra={
        <Button type="primary" onClick={() => setEditing('new')} data-testid="scanner-create">
          {t('scanners.create')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="scanner-filter-profile">{t('scanners.profile')}</label>
        <Select
          id="scanner-filter-profile"
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('common.all')}
          value={profile}
          onChange={(v) => setProfile(v)}
          options={SCANNER_PROFILES.map((p) => ({ value: p, label: t(PROFILE_LABELS[p]) }))}
        />
      </Space>
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      <DataTable<Scanner>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        data-testid="scanners-table"
        locale={{ emptyText }}
        columns={[
          { key: 'name', title: t('scanners.name'), dataIndex: 'name' },
          { key: 'location', title: t('scanners.location'), dataIndex: 'location' },
          { key: 'department', title: t('sso.department'), render: (_, s) => s.departmentName ?? '—' },
          { key: 'profile', title: t('scanners.profile'), render: (_, s) => t(PROFILE_LABELS[s.profile]) },
          { key: 'operator', title: t('scanners.operator'), render: (_, s) => s.operatorName ?? '—' },
          {
            key: 'client',
            title: t('sso.clientId'),
            render: (_, s) => (s.clientId ? <Typography.Text code>{s.clientId}</Typography.Text> : '—'),
          },
          {
            key: 'status',
            title: t('sso.status'),
            render: (_, s) =>
              s.status === 'active' ? (
                <Tag color="green">{t('status.active')}</Tag>
              ) : (
                <Tag>{t('status.disabled')}</Tag>
              ),
          },
          {
            key: 'updatedAt',
            title: t('scanners.updatedAt'),
            dataIndex: 'updatedAt',
            render: formatDateTime,
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, s) => (
              <Button size="small" onClick={() => setEditing(s)} data-testid={`scanner-edit-${s.id}`}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing !== undefined ? (
        <ScannerModal
          scanner={editing === 'new' ? undefined : editing}
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
    </Card>
  );
}

function ScannerModal({
  scanner,
  onClose,
  onSaved,
}: {
  scanner: Scanner | undefined;
  onClose: () => void;
  onSaved: (created?: { secret: string; clientId: string }) => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<ScannerValues>();
  const registerClient = Form.useWatch('registerClient', form);
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);

  const save = async (v: ScannerValues) => {
    setSaving(true);
    setError(undefined);
    const body = {
      name: v.name.trim(),
      location: v.location.trim(),
      departmentId: v.departmentId || null,
      operatorName: v.operatorName?.trim() || null,
      profile: v.profile,
      status: v.status,
      ...(v.registerClient ? {} : { clientId: v.clientId?.trim() || null }),
    };
    try {
      if (scanner) {
        await apiPut(`/admin/service-code/scanners/${encodeURIComponent(scanner.id)}`, body);
        onSaved();
      } else {
        const r = await apiPost<Scanner & { clientSecret: string | null }>('/admin/service-code/scanners', {
          ...body,
          registerClient: !!v.registerClient,
        });
        onSaved(r.clientSecret && r.clientId ? { secret: r.clientSecret, clientId: r.clientId } : undefined);
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
      title={scanner ? t('scanners.edit', { name: scanner.name }) : t('scanners.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'scanner-save' } as Record<string, string>}
    >
      <Form
        form={form}
        name="scanner"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void save(v)}
        initialValues={
          scanner
            ? { ...scanner, operatorName: scanner.operatorName ?? '', clientId: scanner.clientId ?? '' }
            : { profile: 'counter', status: 'active', registerClient: false }
        }
      >
        <ApiFormError error={error} />
        <Form.Item
          name="name"
          label={t('scanners.name')}
          rules={[{ required: true, whitespace: true, max: 80 }]}
        >
          <Input data-testid="scanner-name" />
        </Form.Item>
        <Form.Item
          name="location"
          label={t('scanners.location')}
          rules={[{ required: true, whitespace: true, max: 120 }]}
        >
          <Input data-testid="scanner-location" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('sso.department')}>
          <DepartmentSelect
            allowClear
            known={
              scanner?.departmentId
                ? [{ id: scanner.departmentId, name: scanner.departmentName ?? scanner.departmentId }]
                : []
            }
          />
        </Form.Item>
        <Form.Item name="profile" label={t('scanners.profile')} extra={t('scanners.profile.help')}>
          <Select options={SCANNER_PROFILES.map((p) => ({ value: p, label: t(PROFILE_LABELS[p]) }))} />
        </Form.Item>
        <Form.Item name="operatorName" label={t('scanners.operator')}>
          <Input />
        </Form.Item>
        {scanner ? null : (
          <Form.Item name="registerClient" valuePropName="checked">
            <Checkbox data-testid="scanner-register-client">{t('scanners.registerClient')}</Checkbox>
          </Form.Item>
        )}
        {registerClient ? null : (
          <Form.Item name="clientId" label={t('sso.clientId')} extra={t('scanners.clientId.help')}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="status" label={t('sso.status')}>
          <Select
            options={[
              { value: 'active', label: t('status.active') },
              { value: 'disabled', label: t('status.disabled') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CodeKeysCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery<{ items: ServiceCodeKey[] }>(
    apiUrl('/admin/service-code/keys'),
  );
  const [overlapHours, setOverlapHours] = useState<number | null>(24);
  const [rotateError, setRotateError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const emptyText = useEmptyText(loading);

  const rotate = async () => {
    setBusy(true);
    setRotateError(undefined);
    try {
      await apiPost('/admin/service-code/keys/rotate', {
        overlapSeconds: Math.round((overlapHours ?? 0) * 3600),
      });
      void message.success(t('keys.rotated'));
      reload();
    } catch (e) {
      setRotateError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<SectionTitle id="code-keys">{t('scanners.keys')}</SectionTitle>}>
      <Typography.Paragraph type="secondary">{t('scanners.keys.intro')}</Typography.Paragraph>
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <label htmlFor="overlap-hours">{t('scanners.keys.overlap')}</label>
        <InputNumber id="overlap-hours" min={0} max={720} value={overlapHours} onChange={setOverlapHours} />
        <Popconfirm
          title={t('scanners.keys.rotate.confirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={rotate}
        >
          <Button loading={busy} data-testid="code-keys-rotate">
            {t('keys.rotate')}
          </Button>
        </Popconfirm>
      </Space>
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {rotateError ? <ErrorAlert error={rotateError} title="error.title" /> : null}
      <DataTable<ServiceCodeKey>
        rowKey="kid"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="code-keys-table"
        locale={{ emptyText }}
        columns={[
          {
            key: 'kid',
            title: t('keys.kid'),
            render: (_, k) => <Typography.Text code>{k.kid}</Typography.Text>,
          },
          { key: 'state', title: t('keys.state'), render: (_, k) => <KeyStateTag state={k.status} /> },
          { key: 'notBefore', title: t('keys.notBefore'), dataIndex: 'notBefore', render: formatDateTime },
          {
            key: 'activatedAt',
            title: t('keys.activatedAt'),
            dataIndex: 'activatedAt',
            render: formatDateTime,
          },
          { key: 'retiredAt', title: t('keys.retiredAt'), dataIndex: 'retiredAt', render: formatDateTime },
          { key: 'notAfter', title: t('keys.notAfter'), dataIndex: 'notAfter', render: formatDateTime },
          {
            key: 'publicKey',
            title: t('keys.publicKey'),
            render: (_, k) => (
              <Typography.Text code copyable={{ text: k.publicKeyHex }} title={k.publicKeyHex}>
                {`${k.publicKeyHex.slice(0, 16)}…`}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
