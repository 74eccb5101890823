import { useState } from 'react';
import { App, Button, Card, Popconfirm, Tag, Typography } from 'antd';
import { apiDelete, toApiError, type ApiError } from '../../api/client.ts';
import type { SessionItem } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ChangePasswordForm } from '../../components/ChangePasswordForm.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { describeUserAgent, formatDateTime } from '../../lib/format.ts';
import { useMySessions } from './hooks.ts';
import { VerificationCard } from './VerificationCard.tsx';

/** 安全设置: change password; my active sessions with a 下线 button each. */
export default function SecurityPage() {
  const { t } = useI18n();
  const { account } = useSession();
  return (
    <Page title={t('portal.security.title')}>
      <Card title={<SectionTitle id="password-heading">{t('password.title')}</SectionTitle>}>
        <ChangePasswordForm />
      </Card>
      <SessionsCard />
      {account?.kind === 'person' ? <VerificationCard /> : null}
    </Page>
  );
}

function SessionsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { signedOut } = useSession();
  const { data, error, loading, reload } = useMySessions();
  const [revokeError, setRevokeError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const emptyText = useEmptyText(loading);

  const revoke = async (item: SessionItem) => {
    setBusy(item.id);
    setRevokeError(undefined);
    try {
      await apiDelete(`/me/sessions/${encodeURIComponent(item.id)}`);
      if (item.current) {
        signedOut('logged_out');
        return;
      }
      void message.success(t('sessions.revoked'));
      reload();
    } catch (e) {
      setRevokeError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card title={<SectionTitle id="sessions-heading">{t('sessions.title')}</SectionTitle>}>
      <Typography.Paragraph type="secondary">{t('sessions.intro')}</Typography.Paragraph>
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {revokeError ? <ErrorAlert error={revokeError} title="error.title" /> : null}
      {!error ? (
        <DataTable<SessionItem>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          data-testid="sessions-table"
          locale={{ emptyText }}
          columns={[
            {
              key: 'device',
              title: t('sessions.device'),
              render: (_, item) => (
                <span title={item.userAgent ?? undefined}>
                  {describeUserAgent(item.userAgent) ?? t('sessions.unknownDevice')}{' '}
                  {item.current ? (
                    <Tag color="blue" data-testid="session-current">
                      {t('sessions.current')}
                    </Tag>
                  ) : null}
                </span>
              ),
            },
            { key: 'ip', title: t('sessions.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
            {
              key: 'createdAt',
              title: t('sessions.createdAt'),
              dataIndex: 'createdAt',
              render: formatDateTime,
            },
            {
              key: 'lastSeenAt',
              title: t('sessions.lastSeenAt'),
              dataIndex: 'lastSeenAt',
              render: formatDateTime,
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, item) => (
                <Popconfirm
                  title={item.current ? t('sessions.revoke.confirmCurrent') : t('sessions.revoke.confirm')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => revoke(item)}
                >
                  <Button
                    danger
                    size="small"
                    loading={busy === item.id}
                    aria-label={t('sessions.revokeLabel', {
                      device: describeUserAgent(item.userAgent) ?? t('sessions.unknownDevice'),
                      ip: item.ip ?? '—',
                    })}
                    data-testid={`session-revoke-${item.id}`}
                  >
                    {t('sessions.revoke')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      ) : null}
      <span className="sr-only" aria-live="polite">
        {data ? t('common.total', { total: data.items.length }) : ''}
      </span>
    </Card>
  );
}
