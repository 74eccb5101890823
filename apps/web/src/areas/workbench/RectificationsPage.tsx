import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Rate,
  Select,
  Space,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { apiPost, toApiError, type ApiError } from '../../api/client.ts';
import { apiUrl, useQuery } from '../../api/hooks.ts';
import { useI18n, type Localized } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { SCORE_KEYS, STATUS_COLOURS, type RectificationStatus } from '../../components/RatingDialog.tsx';
import { formatDateTime } from '../../lib/format.ts';

type Action = 'verify' | 'unfounded' | 'reply';

interface RectificationRow {
  id: string;
  caseId: string;
  caseNumber: string;
  itemName: string | null;
  departmentId: string;
  departmentName: string | null;
  status: RectificationStatus;
  score: number;
  openedAt: string;
  deadline: string;
  workingDaysLeft: number | null;
  escalated: boolean;
  version: number;
}

interface RectificationDetail {
  id: string;
  status: RectificationStatus;
  version: number;
  departmentName: string | null;
  departmentId: string;
  openedAt: string;
  deadline: string;
  workingDaysLeft: number | null;
  escalatedAt: string | null;
  reply: string | null;
  unfoundedReason: string | null;
  closeReason: 're_rated' | 'no_response' | 'unfounded' | null;
  reRatingScore: number | null;
  actions: Action[];
  case: {
    id: string;
    number: string;
    itemName: string | null;
    channel: 'online' | 'counter';
    concludedAt: string | null;
  };
  rating: {
    score: number;
    scoreLabel: Localized;
    reasons: { id: string; label: Localized }[];
    comment: string | null;
    createdAt: string;
  };
  timeline: { at: string; action: string; actor: string; text: string | null }[];
}

const STATUSES: RectificationStatus[] = ['open', 'verified', 'rectified', 'closed', 'closed_unfounded'];
const EVENT_KEYS = {
  opened: 'ratings.rect.ev.opened',
  escalated: 'ratings.rect.ev.escalated',
  verify: 'ratings.rect.ev.verify',
  unfounded: 'ratings.rect.ev.unfounded',
  reply: 'ratings.rect.ev.reply',
  closed_re_rated: 'ratings.rect.ev.closed_re_rated',
  closed_no_response: 'ratings.rect.ev.closed_no_response',
} as const;

/** SLA colour of an open rectification: red overdue, orange ≤ 3 working days left, else green. */
function slaColour(r: { status: RectificationStatus; workingDaysLeft: number | null }): string {
  if (r.status !== 'open' && r.status !== 'verified') return 'default';
  if (r.workingDaysLeft === null) return 'default';
  if (r.workingDaysLeft < 0) return 'red';
  if (r.workingDaysLeft <= 3) return 'orange';
  return 'green';
}

/** 差评整改: the department's rectifications, deadline colours, and a drawer to act on one. */
export default function RectificationsPage() {
  const { t } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const [status, setStatus] = useState<RectificationStatus | ''>('');
  const [escalated, setEscalated] = useState(false);
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useQuery<{ items: RectificationRow[]; total: number }>(
    apiUrl('/ratings/rectifications', {
      status,
      escalated: escalated ? 'true' : undefined,
      page,
      pageSize: 20,
    }),
  );
  const [selected, setSelected] = useState<string | undefined>();
  const emptyText = useEmptyText(loading);

  const deadlineText = (r: {
    status: RectificationStatus;
    workingDaysLeft: number | null;
    deadline: string;
  }) => {
    if ((r.status !== 'open' && r.status !== 'verified') || r.workingDaysLeft === null) return r.deadline;
    const left =
      r.workingDaysLeft > 0
        ? t('ratings.rect.daysLeft', { n: r.workingDaysLeft })
        : r.workingDaysLeft === 0
          ? t('ratings.rect.dueToday')
          : t('ratings.rect.overdue', { n: -r.workingDaysLeft });
    return `${r.deadline} · ${left}`;
  };

  return (
    <Page title={t('ratings.rect.title')} intro={t('ratings.rect.intro')}>
      <Card>
        <Flex wrap gap={16} align="center" style={{ marginBottom: 16 }}>
          <label htmlFor="rect-status">{t('ratings.rect.filter.status')}</label>
          <Select<RectificationStatus | ''>
            id="rect-status"
            value={status}
            style={{ minWidth: 140 }}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={[
              { value: '', label: t('common.all') },
              ...STATUSES.map((s) => ({ value: s, label: t(`ratings.status.${s}`) })),
            ]}
            data-testid="rect-status-filter"
          />
          <Space>
            <Switch
              id="rect-escalated"
              checked={escalated}
              onChange={(v) => {
                setEscalated(v);
                setPage(1);
              }}
              data-testid="rect-escalated-filter"
            />
            <label htmlFor="rect-escalated">{t('ratings.rect.filter.escalated')}</label>
          </Space>
        </Flex>
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        <DataTable<RectificationRow>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText }}
          scroll={{ x: 900 }}
          data-testid="rect-table"
          pagination={{
            current: page,
            pageSize: 20,
            total: data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            { key: 'number', title: t('ratings.rect.number'), dataIndex: 'caseNumber' },
            { key: 'item', title: t('ratings.rect.item'), render: (_, r) => r.itemName ?? '—' },
            {
              key: 'department',
              title: t('ratings.rect.department'),
              render: (_, r) => r.departmentName ?? r.departmentId,
            },
            {
              key: 'score',
              title: t('ratings.rect.score'),
              render: (_, r) => t(SCORE_KEYS[r.score - 1]!),
            },
            {
              key: 'status',
              title: t('ratings.rect.status'),
              render: (_, r) => (
                <Space size={4} wrap>
                  <Tag color={STATUS_COLOURS[r.status]}>{t(`ratings.status.${r.status}`)}</Tag>
                  {r.escalated ? <Tag color="red">{t('ratings.rect.escalated')}</Tag> : null}
                </Space>
              ),
            },
            {
              key: 'deadline',
              title: t('ratings.rect.deadline'),
              render: (_, r) => (
                <Tag color={slaColour(r)} data-testid={`rect-sla-${r.id}`}>
                  {deadlineText(r)}
                </Tag>
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, r) => (
                <Button size="small" onClick={() => setSelected(r.id)} data-testid={`rect-open-${r.id}`}>
                  {t('ratings.rect.open')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Drawer
        open={selected !== undefined}
        onClose={() => setSelected(undefined)}
        title={t('ratings.rect.detail')}
        size={narrow ? '100%' : 640}
        destroyOnHidden
      >
        {selected ? (
          <RectificationDetailView id={selected} deadlineText={deadlineText} onChanged={() => reload()} />
        ) : null}
      </Drawer>
    </Page>
  );
}

function RectificationDetailView({
  id,
  deadlineText,
  onChanged,
}: {
  id: string;
  deadlineText: (r: {
    status: RectificationStatus;
    workingDaysLeft: number | null;
    deadline: string;
  }) => string;
  onChanged: () => void;
}) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery<RectificationDetail>(
    apiUrl(`/ratings/rectifications/${encodeURIComponent(id)}`),
  );
  const [action, setAction] = useState<Action | undefined>();
  const [form] = Form.useForm<{ text?: string }>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<ApiError | undefined>();

  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading && !data) return <LoadingBlock rows={8} />;
  if (!data) return null;

  const act = async (a: Action, text: string | undefined) => {
    setSaving(true);
    setFormError(undefined);
    try {
      await apiPost(`/ratings/rectifications/${encodeURIComponent(id)}/transitions`, {
        action: a,
        text: text?.trim() || null,
        expectedVersion: data.version,
      });
      void message.success(t('ratings.rect.done'));
      setAction(undefined);
      form.resetFields();
      reload();
      onChanged();
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setFormError(problem);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={16} data-testid="rect-detail">
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          {
            key: 'status',
            label: t('ratings.rect.status'),
            children: (
              <Space size={4} wrap>
                <Tag color={STATUS_COLOURS[data.status]}>{t(`ratings.status.${data.status}`)}</Tag>
                {data.escalatedAt ? <Tag color="red">{t('ratings.rect.escalated')}</Tag> : null}
              </Space>
            ),
          },
          {
            key: 'deadline',
            label: t('ratings.rect.deadline'),
            children: <Tag color={slaColour(data)}>{deadlineText(data)}</Tag>,
          },
          { key: 'case', label: t('ratings.rect.number'), children: data.case.number },
          { key: 'item', label: t('ratings.rect.item'), children: data.case.itemName ?? '—' },
          {
            key: 'channel',
            label: t('ratings.rect.case'),
            children: t(`ratings.rect.channel.${data.case.channel}`),
          },
          {
            key: 'concluded',
            label: t('ratings.rect.concludedAt'),
            children: formatDateTime(data.case.concludedAt),
          },
          {
            key: 'department',
            label: t('ratings.rect.department'),
            children: data.departmentName ?? data.departmentId,
          },
        ]}
      />
      <section aria-labelledby="rect-rating-title">
        <SectionTitle id="rect-rating-title">{t('ratings.rect.rating')}</SectionTitle>
        <Space align="center" wrap>
          <Rate disabled value={data.rating.score} aria-label={t('ratings.score')} />
          <Typography.Text strong>{pick(data.rating.scoreLabel)}</Typography.Text>
          <Typography.Text type="secondary">{formatDateTime(data.rating.createdAt)}</Typography.Text>
        </Space>
        <div style={{ marginTop: 8 }}>
          <Space wrap size={[4, 8]}>
            {data.rating.reasons.map((r) => (
              <Tag key={r.id}>{pick(r.label)}</Tag>
            ))}
          </Space>
        </div>
        <Typography.Paragraph style={{ marginTop: 8 }}>
          {data.rating.comment ?? (
            <Typography.Text type="secondary">{t('ratings.rect.noComment')}</Typography.Text>
          )}
        </Typography.Paragraph>
      </section>
      <section aria-labelledby="rect-timeline-title">
        <SectionTitle id="rect-timeline-title">{t('ratings.rect.timeline')}</SectionTitle>
        <Timeline
          items={data.timeline.map((e, i) => ({
            key: i,
            content: (
              <>
                <Typography.Text strong>
                  {e.action in EVENT_KEYS ? t(EVENT_KEYS[e.action as keyof typeof EVENT_KEYS]) : e.action}
                </Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {formatDateTime(e.at)} · {e.actor}
                </Typography.Text>
                {e.text ? <div>{e.text}</div> : null}
                {e.action === 'closed_re_rated' && data.reRatingScore ? (
                  <div>{t('ratings.rect.reRating', { label: t(SCORE_KEYS[data.reRatingScore - 1]!) })}</div>
                ) : null}
              </>
            ),
          }))}
        />
      </section>
      {data.actions.length ? (
        <Card size="small">
          <Space wrap>
            {data.actions.map((a) => (
              <Button
                key={a}
                type={action === a ? 'primary' : 'default'}
                danger={a === 'unfounded'}
                aria-pressed={action === a}
                onClick={() => {
                  setFormError(undefined);
                  form.resetFields();
                  setAction(a);
                }}
                data-testid={`rect-action-${a}`}
              >
                {t(`ratings.rect.action.${a}`)}
              </Button>
            ))}
          </Space>
          {action ? (
            <Form
              form={form}
              layout="vertical"
              requiredMark={false}
              style={{ marginTop: 16 }}
              onFinish={(v) => void act(action, v.text)}
            >
              <ApiFormError error={formError} />
              <Form.Item
                name="text"
                label={t(`ratings.rect.text.${action}`)}
                rules={
                  action === 'verify'
                    ? []
                    : [{ required: true, whitespace: true, message: t('ratings.rect.text.required') }]
                }
              >
                <Input.TextArea rows={4} maxLength={2000} showCount data-testid="rect-text" />
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={saving} data-testid="rect-submit">
                  {t('common.confirm')}
                </Button>
                <Button onClick={() => setAction(undefined)}>{t('common.cancel')}</Button>
              </Space>
            </Form>
          ) : null}
        </Card>
      ) : null}
    </Flex>
  );
}
