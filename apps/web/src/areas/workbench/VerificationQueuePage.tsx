import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Radio, Space } from 'antd';
import { apiPost, toApiError, type ApiError } from '../../api/client.ts';
import { apiUrl, useQuery } from '../../api/hooks.ts';
import type { VerificationQueueItem } from '../../api/identityTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { LevelTag } from '../../components/LevelTag.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { formatDateTime } from '../../lib/format.ts';

interface DecisionValues {
  decision: 'approve' | 'reject';
  idNumber?: string;
  note?: string;
}

/** 实名核验: residents waiting at the counter for L3; approve by typing the number on the physical card. */
export default function VerificationQueuePage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery<{ items: VerificationQueueItem[] }>(
    apiUrl('/identity/verification-queue'),
  );
  const [deciding, setDeciding] = useState<VerificationQueueItem | undefined>();
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch('decision', form);
  const [formError, setFormError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const emptyText = useEmptyText(loading);

  const open = (item: VerificationQueueItem, d: 'approve' | 'reject') => {
    setFormError(undefined);
    form.setFieldsValue({ decision: d, idNumber: '', note: '' });
    setDeciding(item);
  };

  const submit = async (v: DecisionValues) => {
    if (!deciding) return;
    setSaving(true);
    setFormError(undefined);
    try {
      await apiPost(`/identity/verification-queue/${encodeURIComponent(deciding.id)}/decision`, {
        decision: v.decision,
        ...(v.decision === 'approve' ? { idNumber: v.idNumber?.trim().toUpperCase() } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      void message.success(v.decision === 'approve' ? t('queue.approved') : t('queue.rejected'));
      setDeciding(undefined);
      reload();
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setFormError(problem);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Page title={t('queue.title')} intro={t('queue.intro')}>
      <Card>
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        <DataTable<VerificationQueueItem>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 860 }}
          data-testid="verification-queue"
          locale={{ emptyText }}
          columns={[
            {
              key: 'requestedAt',
              title: t('queue.requestedAt'),
              dataIndex: 'requestedAt',
              render: formatDateTime,
            },
            { key: 'name', title: t('queue.name'), dataIndex: 'name' },
            { key: 'id', title: t('queue.idNumber'), dataIndex: 'idNumberMasked' },
            { key: 'region', title: t('queue.region'), render: (_, r) => r.regionName ?? r.regionCode },
            { key: 'level', title: t('queue.level'), render: (_, r) => <LevelTag level={r.realNameLevel} /> },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, r) => (
                <Space wrap>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => open(r, 'approve')}
                    data-testid={`queue-approve-${r.id}`}
                  >
                    {t('queue.approve')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => open(r, 'reject')}
                    data-testid={`queue-reject-${r.id}`}
                  >
                    {t('queue.reject')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={deciding !== undefined}
        title={deciding ? t('queue.decide', { name: deciding.name }) : ''}
        onCancel={() => setDeciding(undefined)}
        onOk={() => form.submit()}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'queue-decision-submit' } as Record<string, string>}
        destroyOnHidden
        forceRender
      >
        <Form
          form={form}
          name="decision"
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => void submit(v)}
        >
          <ApiFormError error={formError} />
          <Form.Item name="decision" label={t('queue.decision')}>
            <Radio.Group
              options={[
                { value: 'approve', label: t('queue.approve') },
                { value: 'reject', label: t('queue.reject') },
              ]}
            />
          </Form.Item>
          {decision === 'approve' ? (
            <Form.Item
              name="idNumber"
              label={t('queue.typeIdNumber')}
              extra={t('queue.typeIdNumber.help')}
              rules={[
                { required: true, pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('register.idNumber.invalid') },
              ]}
            >
              <Input maxLength={18} autoComplete="off" data-testid="queue-id-number" />
            </Form.Item>
          ) : null}
          <Form.Item
            name="note"
            label={decision === 'reject' ? t('queue.reason') : t('queue.noteOptional')}
            rules={
              decision === 'reject'
                ? [{ required: true, whitespace: true, max: 200, message: t('queue.reason.required') }]
                : [{ max: 200 }]
            }
          >
            <Input.TextArea rows={3} maxLength={200} data-testid="queue-note" />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
