import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Grid,
  Row,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { FormSchema, StaffCaseDetail, TimelineEntry } from '../../api/casesTypes.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { SlaTag } from '../../components/SlaTag.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { ACTION_LABELS, DELIVERY_LABELS, useCatalogItem, useStaffCase } from './casesHooks.ts';
import { CaseLink, ChannelTag, EscalatedTag, WorkStatusTag } from './CaseWorkParts.tsx';
import { CaseWorkActions, availableActions } from './CaseWorkActions.tsx';
import { CaseWorkMaterials } from './CaseWorkMaterials.tsx';

type Task = StaffCaseDetail['tasks'][number];

/** Where the case stands in 收件 → 受理 → 审查 → 决定 → 送达. */
function progress(c: StaffCaseDetail): { current: number; status: 'process' | 'error' | 'finish' | 'wait' } {
  switch (c.status) {
    case 'submitted':
      return { current: 1, status: 'process' };
    case 'correction_requested':
      return { current: 1, status: 'wait' };
    case 'not_accepted':
      return { current: 1, status: 'error' };
    case 'under_review':
      return {
        current: c.tasks.length > 0 && c.tasks.every((x) => x.status === 'done') ? 3 : 2,
        status: 'process',
      };
    case 'suspended':
      return { current: 2, status: 'wait' };
    case 'concluded':
      return { current: 4, status: 'process' };
    case 'delivered':
      return { current: 4, status: 'finish' };
    default:
      return { current: 0, status: 'process' };
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

/** The lines of a timeline entry's note, for staff (reasons, opinion, items, delivery, days paused). */
function noteLines(e: TimelineEntry, t: (k: MessageKey, v?: Record<string, string | number>) => string) {
  const n = e.note ?? {};
  const lines: string[] = [];
  const channel = str(n.channel);
  if (channel) lines.push(t(channel === 'counter' ? 'wbCases.channel.counter' : 'wbCases.channel.online'));
  const outcome = str(n.outcome);
  if (outcome)
    lines.push(t(outcome === 'approved' ? 'wbCases.outcome.approved' : 'wbCases.outcome.not_approved'));
  const opinion = str(n.opinion);
  if (opinion) lines.push(t(opinion === 'agree' ? 'wbCases.opinion.agree' : 'wbCases.opinion.disagree'));
  const items = Array.isArray(n.items) ? n.items.filter((x): x is string => typeof x === 'string') : [];
  if (items.length) lines.push(t('wbCases.timeline.items', { items: items.join('；') }));
  const reasons = str(n.reasons);
  if (reasons) lines.push(t('wbCases.timeline.reasons', { text: reasons }));
  const comment = str(n.comment) ?? str(n.note);
  if (comment) lines.push(t('wbCases.timeline.comment', { text: comment }));
  const method = str(n.method);
  if (method)
    lines.push(
      t('wbCases.timeline.method', { method: DELIVERY_LABELS[method] ? t(DELIVERY_LABELS[method]) : method }),
    );
  const tracking = str(n.trackingNumber);
  if (tracking) lines.push(t('wbCases.timeline.tracking', { number: tracking }));
  const cert = n.certificate as { type?: string; number?: string } | undefined;
  if (cert?.number)
    lines.push(t('wbCases.timeline.certificate', { type: cert.type ?? '', number: cert.number }));
  if (typeof n.pausedDays === 'number') lines.push(t('wbCases.timeline.paused', { days: n.pausedDays }));
  const due = str(n.dueDate);
  if (due) lines.push(t('wbCases.timeline.due', { date: due }));
  const collaborators = Array.isArray(n.collaborators) ? n.collaborators.length : 0;
  if (collaborators) lines.push(t('wbCases.timeline.collaborators', { n: collaborators }));
  return lines;
}

function WorkTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useI18n();
  if (entries.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />;
  return (
    <Timeline
      data-testid="case-timeline"
      items={[...entries].reverse().map((e, i) => ({
        key: `${e.at}-${i}`,
        color: ['refuse', 'escalate'].includes(e.action)
          ? 'red'
          : ['decide', 'deliver'].includes(e.action)
            ? 'green'
            : e.action === 'suspend' || e.action === 'request_correction'
              ? 'orange'
              : 'blue',
        content: (
          <div data-action={e.action}>
            <Typography.Text strong>
              {ACTION_LABELS[e.action] ? t(ACTION_LABELS[e.action]!) : e.action}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">
                {[formatDateTime(e.at), e.departmentName, e.actor].filter(Boolean).join(' · ')}
              </Typography.Text>
            </div>
            {noteLines(e, t).map((l) => (
              <div key={l}>
                <Typography.Text>{l}</Typography.Text>
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}

function FormData({ c }: { c: StaffCaseDetail }) {
  const { t } = useI18n();
  const phone = !Grid.useBreakpoint().sm;
  // Titles come from the published item; the case keeps the values of its own snapshot.
  const { data: item } = useCatalogItem(c.itemId);
  const schema: FormSchema | null = item?.form ?? null;
  const keys = [
    ...Object.keys(schema?.properties ?? {}).filter((k) => Object.hasOwn(c.form, k)),
    ...Object.keys(c.form).filter((k) => !schema?.properties[k]),
  ];
  if (keys.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wbCases.form.none')} />;
  const show = (v: unknown): ReactNode => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('wbCases.yes') : t('wbCases.no');
    return String(v);
  };
  return (
    <Descriptions
      column={{ xs: 1, sm: 1, md: 2 }}
      layout={phone ? 'vertical' : 'horizontal'}
      size="small"
      bordered
      data-testid="case-form"
      items={keys.map((k) => {
        const p = schema?.properties[k];
        return {
          key: k,
          label: p?.title ?? k,
          children: (
            <span style={{ wordBreak: 'break-word' }}>
              {show(c.form[k])}
              {p?.['x-prefill'] ? (
                <Tag style={{ marginInlineStart: 6 }}>{t('wbCases.form.prefilled')}</Tag>
              ) : null}
            </span>
          ),
        };
      })}
    />
  );
}

function Tasks({ tasks }: { tasks: Task[] }) {
  const { t } = useI18n();
  return (
    <DataTable<Task>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={tasks}
      scroll={{ x: 560 }}
      data-testid="case-tasks"
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wbCases.tasks.none')} />,
      }}
      columns={[
        {
          key: 'dept',
          title: t('wbCases.tasks.department'),
          render: (_, r) => (
            <Space size={4} wrap>
              {r.departmentName}
              <Tag color={r.role === 'lead' ? 'blue' : undefined}>
                {t(r.role === 'lead' ? 'wbCases.tasks.lead' : 'wbCases.tasks.collaborator')}
              </Tag>
            </Space>
          ),
        },
        {
          key: 'status',
          title: t('wbCases.tasks.status'),
          width: 110,
          render: (_, r) =>
            r.status === 'done' ? (
              <Tag color="green">{t('wbCases.tasks.done')}</Tag>
            ) : (
              <Tag color="orange">{t('wbCases.tasks.open')}</Tag>
            ),
        },
        {
          key: 'opinion',
          title: t('wbCases.tasks.opinion'),
          render: (_, r) =>
            r.opinion ? (
              <Flex vertical>
                <span>{t(r.opinion === 'agree' ? 'wbCases.opinion.agree' : 'wbCases.opinion.disagree')}</span>
                {r.comment ? <Typography.Text type="secondary">{r.comment}</Typography.Text> : null}
              </Flex>
            ) : (
              '—'
            ),
        },
        {
          key: 'by',
          title: t('wbCases.tasks.doneBy'),
          width: 130,
          render: (_, r) =>
            r.doneBy ? (
              <Flex vertical>
                <span>{r.doneBy}</span>
                <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(r.doneAt)}
                </Typography.Text>
              </Flex>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}

/**
 * 办件办理: one case for staff — header with number, status and time limit, the actions this
 * account may take, applicant, form, materials (with exemptions and files), department tasks,
 * decision and delivery, and the full history.
 */
export default function CaseWorkPage() {
  const { t } = useI18n();
  const id = useParams().id ?? null;
  const { data: c, error, loading, reload } = useStaffCase(id);
  const screens = Grid.useBreakpoint();
  const wide = !!screens.xl;

  const back = (
    <ButtonLink to="/workbench/cases" icon={<ArrowLeftOutlined />} data-testid="case-back">
      {t('wbCases.backToQueue')}
    </ButtonLink>
  );

  if (!id)
    return (
      <Page title={t('wbCases.detail.title')} extra={back}>
        <Card>
          <Empty description={t('wbCases.detail.noId')} />
        </Card>
      </Page>
    );
  if (!c)
    return (
      <Page title={t('wbCases.detail.title')} extra={back}>
        <Card>
          {error ? <ErrorAlert error={error} onRetry={reload} /> : loading ? <LoadingBlock rows={8} /> : null}
        </Card>
      </Page>
    );

  const p = progress(c);
  const actions = availableActions(c);
  const unit =
    c.limitUnit === 'working_days' ? t('wbCases.sla.unit.workingDays') : t('wbCases.sla.unit.days');

  const overview = [
    {
      key: 'number',
      label: t('wbCases.col.number'),
      children: (
        <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }} data-testid="case-number">
          {c.number}
        </span>
      ),
    },
    {
      key: 'status',
      label: t('wbCases.col.status'),
      children: (
        <Space size={4} wrap>
          <WorkStatusTag status={c.status} outcome={c.outcome} />
          {c.escalated ? <EscalatedTag /> : null}
        </Space>
      ),
    },
    { key: 'sla', label: t('wbCases.col.sla'), children: <SlaTag sla={c.sla} status={c.status} /> },
    {
      key: 'limit',
      label: t('wbCases.detail.limit'),
      children: c.limitDays !== null ? t('wbCases.detail.limitDays', { days: c.limitDays, unit }) : '—',
    },
    { key: 'department', label: t('wbCases.col.department'), children: c.departmentName ?? '—' },
    { key: 'channel', label: t('wbCases.detail.channel'), children: <ChannelTag channel={c.channel} /> },
    { key: 'submittedAt', label: t('wbCases.col.submittedAt'), children: formatDateTime(c.submittedAt) },
    { key: 'acceptedAt', label: t('wbCases.detail.acceptedAt'), children: formatDateTime(c.acceptedAt) },
    { key: 'due', label: t('wbCases.detail.dueDate'), children: c.sla ? formatDate(c.sla.dueDate) : '—' },
    { key: 'concludedAt', label: t('wbCases.detail.concludedAt'), children: formatDateTime(c.concludedAt) },
    {
      key: 'item',
      label: t('wbCases.detail.item'),
      children: c.itemId ? `${c.itemId}${c.itemVersion ? ` · v${c.itemVersion}` : ''}` : (c.bundleId ?? '—'),
    },
  ];

  const actionsCard = (
    <Card title={<SectionTitle>{t('wbCases.actions.title')}</SectionTitle>} data-testid="case-actions-card">
      {actions.length > 0 ? (
        <CaseWorkActions c={c} onDone={reload} />
      ) : (
        <Typography.Text type="secondary" data-testid="case-no-actions">
          {c.kind === 'bundle' ? t('wbCases.actions.bundle') : t('wbCases.actions.none')}
        </Typography.Text>
      )}
    </Card>
  );

  return (
    <Page
      title={c.title}
      extra={
        <Space wrap>
          {back}
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} data-testid="case-refresh">
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      <Card data-testid="case-overview" data-status={c.status} data-version={c.version}>
        <Steps
          size="small"
          responsive={false}
          titlePlacement={wide ? 'horizontal' : 'vertical'}
          current={p.current}
          status={p.status}
          style={{ marginBottom: 20 }}
          items={[
            { title: t('wbCases.step.submit') },
            { title: t('wbCases.step.accept') },
            { title: t('wbCases.step.review') },
            { title: t('wbCases.step.decide') },
            { title: t('wbCases.step.deliver') },
          ]}
        />
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" items={overview} />
      </Card>

      {wide ? null : actionsCard}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            {c.status === 'correction_requested' || c.correction ? (
              <Alert
                type={c.status === 'correction_requested' ? 'warning' : 'info'}
                showIcon
                data-testid="case-correction"
                title={
                  c.status === 'correction_requested'
                    ? t('wbCases.correction.waiting')
                    : t('wbCases.correction.answered', {
                        time: formatDateTime(c.correction?.answeredAt ?? null),
                      })
                }
                description={
                  c.correction ? (
                    <>
                      <div>{t('wbCases.timeline.items', { items: c.correction.items.join('；') })}</div>
                      {c.correction.note ? (
                        <div>{t('wbCases.timeline.comment', { text: c.correction.note })}</div>
                      ) : null}
                      {c.correction.answer ? (
                        <div>{t('wbCases.correction.answer', { text: c.correction.answer })}</div>
                      ) : null}
                    </>
                  ) : undefined
                }
              />
            ) : null}
            {c.reasons || c.delivery ? (
              <Card
                title={<SectionTitle>{t('wbCases.result.title')}</SectionTitle>}
                data-testid="case-result"
              >
                <Descriptions
                  column={1}
                  size="small"
                  items={[
                    ...(c.outcome
                      ? [
                          {
                            key: 'outcome',
                            label: t('wbCases.result.outcome'),
                            children: t(
                              c.outcome === 'approved'
                                ? 'wbCases.outcome.approved'
                                : 'wbCases.outcome.not_approved',
                            ),
                          },
                        ]
                      : []),
                    ...(c.reasons
                      ? [{ key: 'reasons', label: t('wbCases.result.reasons'), children: c.reasons }]
                      : []),
                    ...(c.delivery?.method
                      ? [
                          {
                            key: 'method',
                            label: t('wbCases.deliver.method'),
                            children: DELIVERY_LABELS[c.delivery.method]
                              ? t(DELIVERY_LABELS[c.delivery.method]!)
                              : c.delivery.method,
                          },
                        ]
                      : []),
                    ...(c.delivery?.trackingNumber
                      ? [
                          {
                            key: 'tracking',
                            label: t('wbCases.deliver.tracking'),
                            children: c.delivery.trackingNumber,
                          },
                        ]
                      : []),
                    ...(c.delivery?.certificate
                      ? [
                          {
                            key: 'cert',
                            label: t('wbCases.result.certificate'),
                            children: (
                              <span>
                                <SafetyCertificateOutlined aria-hidden />{' '}
                                {t('wbCases.material.certificate', {
                                  type: c.delivery.certificate.type,
                                  number: c.delivery.certificate.number,
                                  issuer: c.delivery.certificate.issuer,
                                })}
                              </span>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </Card>
            ) : null}
            <Card title={<SectionTitle>{t('wbCases.form.title')}</SectionTitle>}>
              <FormData c={c} />
            </Card>
            <Card title={<SectionTitle>{t('wbCases.material.title')}</SectionTitle>}>
              <CaseWorkMaterials c={c} />
            </Card>
            {c.kind === 'item' ? (
              <Card title={<SectionTitle>{t('wbCases.tasks.title')}</SectionTitle>}>
                <Tasks tasks={c.tasks} />
              </Card>
            ) : null}
            {c.children.length > 0 ? (
              <Card title={<SectionTitle>{t('wbCases.children.title')}</SectionTitle>}>
                <Flex vertical gap={8} data-testid="case-children">
                  {c.children.map((k) => (
                    <Flex key={k.id} gap={8} wrap align="center" justify="space-between">
                      <Space size={6} wrap>
                        <CaseLink id={k.id}>{k.title}</CaseLink>
                        <Typography.Text type="secondary">{k.departmentName}</Typography.Text>
                      </Space>
                      <Space size={6} wrap>
                        <WorkStatusTag status={k.status} outcome={k.outcome} />
                        <SlaTag sla={k.sla} status={k.status} compact />
                      </Space>
                    </Flex>
                  ))}
                </Flex>
              </Card>
            ) : null}
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            {wide ? actionsCard : null}
            <Card title={<SectionTitle>{t('wbCases.applicant.title')}</SectionTitle>}>
              <Descriptions
                column={1}
                size="small"
                items={[
                  {
                    key: 'name',
                    label: t('wbCases.applicant.name'),
                    children: <strong data-testid="case-applicant">{c.applicantName}</strong>,
                  },
                  {
                    key: 'type',
                    label: t('wbCases.applicant.type'),
                    children: t(
                      c.applicantType === 'person'
                        ? 'wbCases.applicant.person'
                        : 'wbCases.applicant.organisation',
                    ),
                  },
                  { key: 'region', label: t('wbCases.applicant.region'), children: c.regionCode },
                ]}
              />
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('wbCases.applicant.audited')}
              </Typography.Text>
            </Card>
            <Card title={<SectionTitle>{t('wbCases.timeline.title')}</SectionTitle>}>
              <WorkTimeline entries={c.timeline} />
            </Card>
          </Flex>
        </Col>
      </Row>
    </Page>
  );
}
