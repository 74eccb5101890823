import { useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { apiDelete, apiPost, toApiError, type ApiError } from '../../api/client.ts';
import type { Authorisation, AuthorisationStatus } from '../../api/identityTypes.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { useActingSwitch } from '../../components/useActingSwitch.ts';
import { formatDate, shanghaiDayBoundary, todayInShanghai } from '../../lib/format.ts';
import { useAgents, useMyOrganisations } from './hooks.ts';

const STATUS: Record<AuthorisationStatus, { key: MessageKey; color: string }> = {
  active: { key: 'org.status.active', color: 'green' },
  expired: { key: 'org.status.expired', color: 'default' },
  revoked: { key: 'org.status.revoked', color: 'red' },
  not_yet_valid: { key: 'org.status.not_yet_valid', color: 'blue' },
};

export function AuthorisationStatusTag({ status }: { status: AuthorisationStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS[status].color}>{t(STATUS[status].key)}</Tag>;
}

function useScopeText() {
  const { t } = useI18n();
  return (a: Authorisation) => (a.scopeAll ? t('org.scope.all') : a.services.join('、') || '—');
}

/** 单位与授权: my organisations (legal representative or agent), claim one, authorise and revoke agents. */
export default function OrganisationsPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const actingId = session?.authenticated ? session.actingFor?.organisationId : undefined;
  const { data, error, loading, reload } = useMyOrganisations();
  const { switchTo, busy: switching, error: switchError } = useActingSwitch();
  const [managing, setManaging] = useState<string | undefined>();
  const emptyText = useEmptyText(loading);
  const scopeText = useScopeText();
  const items = data?.items ?? [];
  const managed = items.find((a) => a.organisation.id === managing && a.role === 'legal_rep');

  return (
    <Page title={t('org.title')} intro={t('org.intro')}>
      <Card title={<SectionTitle id="org-mine">{t('org.mine')}</SectionTitle>}>
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        {switchError ? <ErrorAlert error={switchError} title="error.title" /> : null}
        <DataTable<Authorisation>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="organisations-table"
          locale={{ emptyText }}
          columns={[
            {
              key: 'organisation',
              title: t('org.organisation'),
              render: (_, a) => (
                <>
                  <div>{a.organisation.name}</div>
                  <Typography.Text type="secondary">{a.organisation.creditCode}</Typography.Text>
                </>
              ),
            },
            {
              key: 'role',
              title: t('org.role'),
              render: (_, a) => (a.role === 'legal_rep' ? t('org.role.legal_rep') : t('org.role.agent')),
            },
            { key: 'scope', title: t('org.scope'), render: (_, a) => scopeText(a) },
            {
              key: 'validUntil',
              title: t('org.validUntil'),
              render: (_, a) => (a.validUntil ? formatDate(a.validUntil) : t('org.validUntil.none')),
            },
            {
              key: 'status',
              title: t('org.statusCol'),
              render: (_, a) => <AuthorisationStatusTag status={a.status} />,
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, a) => (
                <Space wrap>
                  {a.status === 'active' ? (
                    actingId === a.organisation.id ? (
                      <Tag color="blue">{t('org.actingNow')}</Tag>
                    ) : (
                      <Button
                        size="small"
                        loading={switching}
                        onClick={() => void switchTo(a.organisation.id)}
                        data-testid={`org-act-${a.organisation.creditCode}`}
                      >
                        {t('org.actFor')}
                      </Button>
                    )
                  ) : null}
                  {a.role === 'legal_rep' && a.status === 'active' ? (
                    <Button
                      size="small"
                      type={managing === a.organisation.id ? 'primary' : 'default'}
                      aria-pressed={managing === a.organisation.id}
                      onClick={() => setManaging(a.organisation.id)}
                      data-testid={`org-manage-${a.organisation.creditCode}`}
                    >
                      {t('org.manageAgents')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {managed ? <AgentsCard authorisation={managed} /> : null}
      <ClaimCard onClaimed={reload} />
    </Page>
  );
}

function ClaimCard({ onClaimed }: { onClaimed: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ creditCode: string }>();
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);

  const claim = async ({ creditCode }: { creditCode: string }) => {
    setSaving(true);
    setError(undefined);
    try {
      const a = await apiPost<Authorisation>('/organisations/claim', {
        creditCode: creditCode.trim().toUpperCase(),
      });
      void message.success(t('org.claimed', { name: a.organisation.name }));
      form.resetFields();
      onClaimed();
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setError(problem);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={<SectionTitle id="org-claim">{t('org.claim')}</SectionTitle>}>
      <Typography.Paragraph type="secondary">{t('org.claim.intro')}</Typography.Paragraph>
      <Form
        form={form}
        name="claim"
        layout="vertical"
        requiredMark={false}
        style={{ maxWidth: 480 }}
        onFinish={(v) => void claim(v)}
      >
        <ApiFormError error={error} />
        <Form.Item
          name="creditCode"
          label={t('org.creditCode')}
          rules={[
            {
              required: true,
              pattern: /^\s*[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}\s*$/,
              message: t('org.creditCode.invalid'),
            },
          ]}
        >
          <Input maxLength={18} autoComplete="off" data-testid="org-claim-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="org-claim-submit">
          {t('org.claim.submit')}
        </Button>
      </Form>
    </Card>
  );
}

interface AgentValues {
  name: string;
  idNumber: string;
  scope: 'all' | 'listed';
  services?: string[];
  validUntil?: Dayjs | null;
}

function AgentsCard({ authorisation }: { authorisation: Authorisation }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const org = authorisation.organisation;
  const { data, error, loading, reload } = useAgents(org.id);
  const [form] = Form.useForm<AgentValues>();
  const scope = Form.useWatch('scope', form);
  const [formError, setFormError] = useState<ApiError | undefined>();
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState<string | undefined>();
  const emptyText = useEmptyText(loading);
  const scopeText = useScopeText();
  const agents = (data?.items ?? []).filter((a) => a.role === 'agent');

  const authorise = async (v: AgentValues) => {
    setSaving(true);
    setFormError(undefined);
    try {
      await apiPost(`/organisations/${encodeURIComponent(org.id)}/agents`, {
        name: v.name.trim(),
        idNumber: v.idNumber.trim().toUpperCase(),
        scopeAll: v.scope === 'all',
        services: v.scope === 'all' ? [] : (v.services ?? []).map((s) => s.trim()).filter(Boolean),
        validUntil: v.validUntil ? shanghaiDayBoundary(v.validUntil, 'end') : null,
      });
      void message.success(t('org.agent.added', { name: v.name.trim() }));
      form.resetFields();
      reload();
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setFormError(problem);
    } finally {
      setSaving(false);
    }
  };

  const revoke = async (a: Authorisation) => {
    setBusy(a.id);
    setActionError(undefined);
    try {
      await apiDelete(`/organisations/${encodeURIComponent(org.id)}/agents/${encodeURIComponent(a.id)}`);
      void message.success(t('org.agent.revoked', { name: a.agent.name }));
      reload();
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card title={<SectionTitle id="org-agents">{t('org.agents', { name: org.name })}</SectionTitle>}>
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {actionError ? <ErrorAlert error={actionError} title="error.title" /> : null}
      <DataTable<Authorisation>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={agents}
        pagination={false}
        scroll={{ x: 820 }}
        data-testid="agents-table"
        locale={{ emptyText }}
        columns={[
          { key: 'name', title: t('org.agent.name'), render: (_, a) => a.agent.name },
          { key: 'id', title: t('org.agent.idNumber'), render: (_, a) => a.agent.idNumberMasked ?? '—' },
          { key: 'scope', title: t('org.scope'), render: (_, a) => scopeText(a) },
          {
            key: 'validUntil',
            title: t('org.validUntil'),
            render: (_, a) => (a.validUntil ? formatDate(a.validUntil) : t('org.validUntil.none')),
          },
          {
            key: 'status',
            title: t('org.statusCol'),
            render: (_, a) => <AuthorisationStatusTag status={a.status} />,
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, a) =>
              a.status === 'active' || a.status === 'not_yet_valid' ? (
                <Popconfirm
                  title={t('org.agent.revoke.confirm', { name: a.agent.name })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => revoke(a)}
                >
                  <Button
                    danger
                    size="small"
                    loading={busy === a.id}
                    aria-label={t('org.agent.revokeLabel', { name: a.agent.name })}
                    data-testid={`agent-revoke-${a.id}`}
                  >
                    {t('org.agent.revoke')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <h3 className="sufu-subheading">{t('org.agent.add')}</h3>
      <Form
        form={form}
        name="authorise-agent"
        layout="vertical"
        requiredMark={false}
        style={{ maxWidth: 520 }}
        initialValues={{ scope: 'all', services: [], validUntil: null }}
        onFinish={(v) => void authorise(v)}
      >
        <ApiFormError error={formError} />
        <Form.Item
          name="name"
          label={t('org.agent.name')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('register.name.required') }]}
        >
          <Input autoComplete="off" data-testid="agent-name" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('org.agent.idNumber')}
          rules={[
            { required: true, pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('register.idNumber.invalid') },
          ]}
        >
          <Input maxLength={18} autoComplete="off" data-testid="agent-id-number" />
        </Form.Item>
        <Form.Item name="scope" label={t('org.scope')}>
          <Radio.Group
            options={[
              { value: 'all', label: t('org.scope.all') },
              { value: 'listed', label: t('org.scope.listed') },
            ]}
          />
        </Form.Item>
        {scope === 'listed' ? (
          <Form.Item
            name="services"
            label={t('org.services')}
            extra={t('org.services.help')}
            rules={[{ required: true, type: 'array', min: 1, message: t('org.services.required') }]}
          >
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
          </Form.Item>
        ) : null}
        <Form.Item name="validUntil" label={t('org.validUntil')} extra={t('org.validUntil.help')}>
          <DatePicker disabledDate={(d) => d.isBefore(todayInShanghai(), 'day')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="agent-submit">
          {t('org.agent.submit')}
        </Button>
      </Form>
    </Card>
  );
}
