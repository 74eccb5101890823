import { useState } from 'react';
import { App, Alert, Button, Card, Tag, Typography } from 'antd';
import { apiPost, toApiError, type ApiError } from '../../api/client.ts';
import type { VerificationRequest } from '../../api/identityTypes.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LevelTag } from '../../components/LevelTag.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useMyVerification } from './hooks.ts';

const STATUS: Record<VerificationRequest['status'], { key: MessageKey; color: string }> = {
  pending: { key: 'verify.status.pending', color: 'blue' },
  approved: { key: 'verify.status.approved', color: 'green' },
  rejected: { key: 'verify.status.rejected', color: 'red' },
  cancelled: { key: 'verify.status.cancelled', color: 'default' },
};

/** 窗口实名核验 (L3): my requests, and asking for one (then bring the ID card to a counter). */
export function VerificationCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { account, refresh } = useSession();
  const { data, error, loading, reload } = useMyVerification();
  const [submitError, setSubmitError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const emptyText = useEmptyText(loading);
  const items = data?.items ?? [];
  const pending = items.some((r) => r.status === 'pending');
  const level = account?.realNameLevel ?? null;

  const request = async () => {
    setBusy(true);
    setSubmitError(undefined);
    try {
      const r = await apiPost<{ regionName: string | null }>('/me/verification');
      void message.success(t('verify.requested'));
      if (r.regionName) void message.info(t('verify.requestedRegion', { region: r.regionName }));
      reload();
      void refresh();
    } catch (e) {
      setSubmitError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={<SectionTitle id="verification-heading">{t('verify.title')}</SectionTitle>}
      data-testid="verification-card"
    >
      <Typography.Paragraph>
        {t('verify.current')} <LevelTag level={level} />
      </Typography.Paragraph>
      {level === 'L3' ? (
        <Alert type="success" showIcon title={t('verify.done')} style={{ marginBottom: 16 }} />
      ) : (
        <>
          <Typography.Paragraph>{t('verify.intro')}</Typography.Paragraph>
          {pending ? (
            <Alert
              type="info"
              showIcon
              title={t('verify.pending')}
              description={t('verify.instructions')}
              style={{ marginBottom: 16 }}
              data-testid="verification-pending"
            />
          ) : (
            <Button
              type="primary"
              onClick={() => void request()}
              loading={busy}
              data-testid="verification-request"
              style={{ marginBottom: 16 }}
            >
              {t('verify.request')}
            </Button>
          )}
        </>
      )}
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {submitError ? <ErrorAlert error={submitError} title="error.title" /> : null}
      <DataTable<VerificationRequest>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 560 }}
        data-testid="verification-table"
        locale={{ emptyText }}
        columns={[
          {
            key: 'requestedAt',
            title: t('verify.requestedAt'),
            dataIndex: 'requestedAt',
            render: formatDateTime,
          },
          {
            key: 'status',
            title: t('verify.statusCol'),
            render: (_, r) => <Tag color={STATUS[r.status].color}>{t(STATUS[r.status].key)}</Tag>,
          },
          { key: 'decidedAt', title: t('verify.decidedAt'), dataIndex: 'decidedAt', render: formatDateTime },
          { key: 'note', title: t('verify.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
        ]}
      />
    </Card>
  );
}
