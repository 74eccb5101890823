import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { toApiError, type ApiError } from '../../api/client.ts';
import type { CaseDetail, TransitionResult, UploadedFile } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { SectionTitle } from '../../components/Page.tsx';
import { ApiFormError } from '../../components/ApiFormError.tsx';
import { FileLine, isExempt } from '../../components/MaterialList.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { MAX_UPLOAD_BYTES, UPLOAD_ACCEPT, apiUpload, sendRaw, uploadProblem } from './casesHooks.ts';

/**
 * 补正告知 and the answer: the one notice listing everything missing, a note, and new files
 * per material (or as "other correction material"), then 提交补正 — the case returns to acceptance.
 */
export function CaseDetailCorrection({
  detail,
  onAnswered,
  itemName,
}: {
  detail: CaseDetail;
  onAnswered: () => void;
  /** For a bundle's child case: which item the notice is about. */
  itemName?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const [uploaded, setUploaded] = useState<UploadedFile[]>([]);
  const [error, setError] = useState<ApiError | undefined>();
  const [sending, setSending] = useState(false);
  const notice = detail.correction;
  // Who sent the notice: the accepting window may be another department than the handling one.
  const sentBy =
    [...detail.timeline].reverse().find((e) => e.action.endsWith('request_correction'))?.departmentName ??
    detail.departmentName;
  const targets = [
    ...detail.materials.filter((m) => !isExempt(m)).map((m) => ({ key: m.key, name: m.name })),
    { key: 'correction', name: t('caseDetail.correction.other') },
  ];

  const answer = async (v: { note?: string }) => {
    setSending(true);
    setError(undefined);
    try {
      await sendRaw<TransitionResult>('POST', `/me/cases/${encodeURIComponent(detail.id)}/correction`, {
        json: v.note?.trim() ? { note: v.note.trim() } : {},
      });
      void message.success(t('caseDetail.correction.sent'));
      onAnswered();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <Card
      title={
        <SectionTitle>
          {itemName
            ? t('caseDetail.correction.titleFor', { item: itemName })
            : t('caseDetail.correction.title')}
        </SectionTitle>
      }
      data-testid={`correction-${detail.id}`}
      style={{ borderColor: '#ffa940' }}
    >
      <Alert
        type="warning"
        showIcon
        style={{ background: '#fff7e6', borderColor: '#ffd591' }}
        title={t('caseDetail.correction.notice', {
          department: sentBy ?? '—',
          time: notice ? formatDateTime(notice.requestedAt) : '—',
        })}
        description={
          <>
            <ol style={{ margin: '4px 0', paddingInlineStart: 20 }} data-testid="correction-items">
              {(notice?.items ?? []).map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ol>
            {notice?.note ? <div>{t('caseUi.note.note', { text: notice.note })}</div> : null}
            <div>{t('caseDetail.correction.once')}</div>
          </>
        }
      />
      <Typography.Title level={3} style={{ fontSize: 17, marginTop: 16 }}>
        {t('caseDetail.correction.upload')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('apply.upload.rules', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 })}
      </Typography.Paragraph>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {targets.map((m) => {
          const files = uploaded.filter((f) => f.material === m.key);
          return (
            <li key={m.key} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Flex vertical gap={6}>
                <Typography.Text strong>{m.name}</Typography.Text>
                {files.map((f) => (
                  <FileLine key={f.id} file={f} />
                ))}
                <div>
                  <Upload
                    accept={UPLOAD_ACCEPT}
                    showUploadList={false}
                    beforeUpload={(file) => {
                      const problem = uploadProblem(file);
                      if (problem) {
                        void message.error(
                          t(`apply.upload.problem.${problem}`, { mb: MAX_UPLOAD_BYTES / 1024 / 1024 }),
                        );
                        return Upload.LIST_IGNORE;
                      }
                      return true;
                    }}
                    customRequest={({ file, onSuccess, onError }) => {
                      apiUpload(`/me/cases/${encodeURIComponent(detail.id)}`, m.key, file as File).then(
                        (f) => {
                          setUploaded((old) => [...old, f]);
                          onSuccess?.(f);
                        },
                        (e: unknown) => {
                          const problem = toApiError(e);
                          setError(problem);
                          onError?.(problem);
                        },
                      );
                    }}
                  >
                    <Button
                      icon={<UploadOutlined />}
                      aria-label={t('apply.upload.buttonFor', {
                        action: t('apply.upload.button'),
                        name: m.name,
                      })}
                    >
                      {t('apply.upload.button')}
                    </Button>
                  </Upload>
                </div>
              </Flex>
            </li>
          );
        })}
      </ul>
      <Form
        form={form}
        name={`correction-${detail.id}`}
        layout="vertical"
        style={{ marginTop: 16, maxWidth: 720 }}
        onFinish={(v) => void answer(v)}
      >
        <ApiFormError error={error} />
        <Form.Item name="note" label={t('caseDetail.correction.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sending} data-testid="correction-submit">
          {t('caseDetail.correction.submit')}
        </Button>
      </Form>
    </Card>
  );
}
