import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Descriptions, Flex, Form, Input, Modal, Rate, Space, Tag, Typography } from 'antd';
import { apiPost, apiPut, toApiError, type ApiError } from '../api/client.ts';
import { apiUrl, useQuery } from '../api/hooks.ts';
import { useI18n, type Localized, type MessageKey } from '../i18n/index.tsx';
import { ApiFormError, applyFieldErrors } from './ApiFormError.tsx';
import { LoadingBlock } from './Loading.tsx';

/** A reason as `GET /ratings/reasons` lists it; band `bad` applies to scores 1–3, `good` to 4–5. */
export interface RatingReason {
  id: string;
  band: 'bad' | 'good';
  label: Localized;
  active: boolean;
}

export type RectificationStatus = 'open' | 'verified' | 'rectified' | 'closed' | 'closed_unfounded';

/** `GET /me/cases/:caseId/rating`. */
export interface MyRating {
  caseId: string;
  score: number;
  scoreLabel: Localized;
  reasons: { id: string; label: Localized }[];
  comment: string | null;
  amendable: boolean;
  amended: boolean;
  previousScore: number | null;
  createdAt: string;
  updatedAt: string;
  rectification: {
    status: RectificationStatus;
    deadline: string;
    reply: string | null;
    repliedAt: string | null;
    unfoundedReason: string | null;
    rerateUntil: string | null;
  } | null;
}

export const SCORE_KEYS: MessageKey[] = [
  'ratings.score.1',
  'ratings.score.2',
  'ratings.score.3',
  'ratings.score.4',
  'ratings.score.5',
];
export const STATUS_COLOURS: Record<RectificationStatus, string> = {
  open: 'red',
  verified: 'orange',
  rectified: 'blue',
  closed: 'green',
  closed_unfounded: 'default',
};

interface RatingDialogProps {
  caseId: string;
  open: boolean;
  onClose: () => void;
  /** Called with the saved rating after a rating or an amendment. */
  onRated?: (rating: MyRating) => void;
}

interface Values {
  score?: number;
  reasons: string[];
  comment?: string;
}

/**
 * 好差评: rate a case from 1 (非常不满意) to 5 (非常满意) with reasons of the score's band and a
 * comment. Shows the existing rating with its follow-up, and lets the applicant amend it once.
 */
export function RatingDialog({ caseId, open, onClose, onRated }: RatingDialogProps) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const score = Form.useWatch('score', form);
  const chosen = Form.useWatch('reasons', form) ?? [];
  const reasons = useQuery<{ items: RatingReason[] }>(open ? apiUrl('/ratings/reasons') : null);
  const mine = useQuery<MyRating>(open ? apiUrl(`/me/cases/${encodeURIComponent(caseId)}/rating`) : null);
  const existing = mine.error?.status === 404 ? undefined : mine.data;
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<ApiError | undefined>();

  useEffect(() => {
    if (!open) return;
    setEditing(false);
    setFormError(undefined);
    form.resetFields();
  }, [open, caseId, form]);

  const band = score === undefined ? undefined : score <= 3 ? 'bad' : 'good';
  const options = useMemo(
    () => (reasons.data?.items ?? []).filter((r) => r.active && r.band === band),
    [reasons.data, band],
  );
  // Reasons of the other band are dropped when the score crosses from 3 to 4 or back.
  useEffect(() => {
    const current = form.getFieldValue('reasons') as string[] | undefined;
    if (!current?.length) return;
    const allowed = new Set(options.map((o) => o.id));
    const kept = current.filter((id) => allowed.has(id));
    if (kept.length !== current.length) form.setFieldValue('reasons', kept);
  }, [options, form]);

  const toggle = (id: string) => {
    const set = new Set(chosen);
    if (set.has(id)) set.delete(id);
    else set.add(id);
    form.setFieldValue(
      'reasons',
      options.map((o) => o.id).filter((x) => set.has(x)),
    );
  };

  const submit = async (v: Values) => {
    setSaving(true);
    setFormError(undefined);
    try {
      const body = { score: v.score, reasons: v.reasons ?? [], comment: v.comment?.trim() || null };
      const path = `/me/cases/${encodeURIComponent(caseId)}/rating`;
      const saved = existing ? await apiPut<MyRating>(path, body) : await apiPost<MyRating>(path, body);
      void message.success(existing ? t('ratings.amended') : t('ratings.rated'));
      mine.reload();
      setEditing(false);
      onRated?.(saved);
      onClose();
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setFormError(problem);
    } finally {
      setSaving(false);
    }
  };

  const loading = (reasons.loading && !reasons.data) || (mine.loading && !mine.data && !mine.error);
  const showForm = !loading && (!existing || editing);
  const loadError = reasons.error ?? (mine.error && mine.error.status !== 404 ? mine.error : undefined);
  const title = existing
    ? editing
      ? t('ratings.dialog.amendTitle')
      : t('ratings.dialog.viewTitle')
    : t('ratings.dialog.title');

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={showForm ? () => form.submit() : existing?.amendable ? () => setEditing(true) : onClose}
      okText={
        showForm
          ? existing
            ? t('ratings.submitAmend')
            : t('ratings.submit')
          : existing?.amendable
            ? t('ratings.amend')
            : t('common.confirm')
      }
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'rating-submit' } as Record<string, string>}
      destroyOnHidden
      forceRender
      width={560}
    >
      <div data-testid="rating-dialog">
        {loadError ? <Alert type="error" showIcon title={loadError.localized(locale)} /> : null}
        {loading ? <LoadingBlock rows={4} /> : null}
        {!loading && existing && !editing ? (
          <Flex vertical gap={12}>
            <Space align="center" wrap>
              <Rate disabled value={existing.score} aria-label={t('ratings.score')} />
              <Typography.Text strong>{pick(existing.scoreLabel)}</Typography.Text>
              {existing.previousScore ? (
                <Typography.Text type="secondary">
                  {t('ratings.previousScore', { label: t(SCORE_KEYS[existing.previousScore - 1]!) })}
                </Typography.Text>
              ) : null}
            </Space>
            {existing.reasons.length ? (
              <Space wrap size={[4, 8]}>
                {existing.reasons.map((r) => (
                  <Tag key={r.id}>{pick(r.label)}</Tag>
                ))}
              </Space>
            ) : null}
            {existing.comment ? <Typography.Paragraph>{existing.comment}</Typography.Paragraph> : null}
            {existing.rectification ? (
              <Descriptions
                size="small"
                column={1}
                bordered
                title={t('ratings.rectification')}
                items={[
                  {
                    key: 'status',
                    label: t('ratings.rect.status'),
                    children: (
                      <Tag color={STATUS_COLOURS[existing.rectification.status]}>
                        {t(`ratings.status.${existing.rectification.status}`)}
                      </Tag>
                    ),
                  },
                  {
                    key: 'deadline',
                    label: t('ratings.rect.deadline'),
                    children: existing.rectification.deadline,
                  },
                  ...(existing.rectification.reply
                    ? [
                        {
                          key: 'reply',
                          label: t('ratings.rectification.reply'),
                          children: existing.rectification.reply,
                        },
                      ]
                    : []),
                  ...(existing.rectification.unfoundedReason
                    ? [
                        {
                          key: 'unfounded',
                          label: t('ratings.rectification.unfounded'),
                          children: existing.rectification.unfoundedReason,
                        },
                      ]
                    : []),
                ]}
              />
            ) : null}
            {!existing.amendable ? <Alert type="info" showIcon title={t('ratings.notAmendable')} /> : null}
          </Flex>
        ) : null}
        {showForm ? (
          <Form<Values>
            form={form}
            name="rating"
            layout="vertical"
            requiredMark={false}
            initialValues={{ reasons: [] }}
            onFinish={(v) => void submit(v)}
          >
            <Typography.Paragraph type="secondary">{t('ratings.dialog.intro')}</Typography.Paragraph>
            <ApiFormError error={formError} />
            <Form.Item
              name="score"
              label={t('ratings.score')}
              // A validator rather than `required`: the form would put aria-required on the star list,
              // which a list may not carry.
              rules={[
                {
                  validator: async (_, v: unknown) => {
                    if (typeof v !== 'number' || v < 1) throw new Error(t('ratings.score.required'));
                  },
                },
              ]}
              extra={score ? <span data-testid="rating-score-label">{t(SCORE_KEYS[score - 1]!)}</span> : null}
            >
              <Rate
                tooltips={SCORE_KEYS.map((k) => t(k))}
                allowClear={false}
                style={{ fontSize: 32 }}
                aria-label={t('ratings.score')}
                data-testid="rating-stars"
              />
            </Form.Item>
            <Form.Item name="reasons" hidden>
              <Input />
            </Form.Item>
            <Form.Item label={t('ratings.reasons')}>
              {band === undefined ? (
                <Typography.Text type="secondary">{t('ratings.reasons.pickScore')}</Typography.Text>
              ) : (
                <Space wrap size={[4, 8]} role="group" aria-label={t('ratings.reasons')}>
                  {options.map((o) => {
                    const checked = chosen.includes(o.id);
                    return (
                      // antd's checkable tag is itself a focusable checkbox with keyboard handling.
                      <Tag.CheckableTag
                        key={o.id}
                        checked={checked}
                        onChange={() => toggle(o.id)}
                        className="sufu-reason-tag"
                        data-testid={`rating-reason-${o.id}`}
                      >
                        {pick(o.label)}
                      </Tag.CheckableTag>
                    );
                  })}
                </Space>
              )}
            </Form.Item>
            <Form.Item name="comment" label={t('ratings.comment')}>
              <Input.TextArea
                rows={3}
                maxLength={500}
                showCount
                placeholder={t('ratings.comment.placeholder')}
                data-testid="rating-comment"
              />
            </Form.Item>
          </Form>
        ) : null}
      </div>
    </Modal>
  );
}

export default RatingDialog;
