import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { apiGet } from '../../api/client.ts';
import { Alert, Button, Card, Descriptions, Flex, Progress, Result, Typography } from 'antd';
import { StarOutlined } from '@ant-design/icons';
import type { CaseDetail, CaseSummary } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { CaseStatusTag, SlaTag } from '../../components/CaseStatusTag.tsx';
import { CaseTimeline, deliveryMethodKey } from '../../components/CaseTimeline.tsx';
import { MaterialList } from '../../components/MaterialList.tsx';
import { RatingDialog } from '../../components/RatingDialog.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { CaseDetailCorrection } from './CaseDetailCorrection.tsx';
import { useMyCase } from './casesHooks.ts';

const ENDED = ['concluded', 'delivered', 'not_accepted'];

/** 办件详情: status, progress across a bundle's departments, correction notice, decision, delivery, history. */
export default function CaseDetailPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { data, error, loading, reload } = useMyCase(id);
  const [rating, setRating] = useState(false);
  const [rated, setRated] = useState(false);
  const [params] = useSearchParams();
  const caseId = data?.id;
  const canRate = !!data && (data.status === 'concluded' || data.status === 'delivered') && !data.parentId;
  // Whether this case is rated already; a link from the rating invitation (?rate=1) opens the dialog.
  useEffect(() => {
    if (!caseId || !canRate) return;
    let live = true;
    apiGet(`/me/cases/${encodeURIComponent(caseId)}/rating`).then(
      () => live && setRated(true),
      () => undefined,
    );
    if (params.get('rate') === '1') setRating(true);
    return () => {
      live = false;
    };
  }, [caseId, canRate, params]);

  if (error)
    return (
      <Page title={t('caseDetail.title')}>
        {error.status === 404 ? (
          <Card>
            <Result
              status="404"
              title={t('caseDetail.notFound')}
              extra={<ButtonLink to="/portal/cases">{t('myCases.title')}</ButtonLink>}
            />
          </Card>
        ) : (
          <ErrorAlert error={error} onRetry={reload} />
        )}
      </Page>
    );
  if (loading && !data)
    return (
      <Page title={t('caseDetail.title')}>
        <Card>
          <LoadingBlock rows={8} />
        </Card>
      </Page>
    );
  if (!data) return null;

  const c = data;
  const bundle = c.kind === 'bundle';
  const ended = ENDED.includes(c.status);
  const rateable = (c.status === 'concluded' || c.status === 'delivered') && !c.parentId;
  const fileHref = (fileId: string) => `/api/v1/me/cases/${c.id}/files/${fileId}`;

  return (
    <Page
      title={c.title}
      intro={t('myCases.number', { number: c.number })}
      extra={
        <Flex gap={8} wrap align="center">
          <CaseStatusTag status={c.status} outcome={c.outcome} testId="case-status" />
          {rateable ? (
            <Button
              type={rated ? 'default' : 'primary'}
              icon={<StarOutlined />}
              onClick={() => setRating(true)}
              data-testid="case-rate"
            >
              {t(rated ? 'caseDetail.rated' : 'caseDetail.rate')}
            </Button>
          ) : null}
        </Flex>
      }
    >
      <Flex gap={12} wrap>
        <ButtonLink to="/portal/cases" size="small">
          {t('caseDetail.back')}
        </ButtonLink>
        {c.parentId ? (
          <ButtonLink to={`/portal/cases/${c.parentId}`} size="small" data-testid="case-parent">
            {t('caseDetail.parent')}
          </ButtonLink>
        ) : null}
      </Flex>

      {c.status === 'correction_requested' && !bundle ? (
        <CaseDetailCorrection detail={c} onAnswered={reload} />
      ) : null}
      {bundle
        ? c.children
            .filter((k) => k.status === 'correction_requested')
            .map((k) => <ChildCorrection key={k.id} child={k} onAnswered={reload} />)
        : null}
      {c.correction && c.status !== 'correction_requested' ? <CorrectionHistory detail={c} /> : null}

      {bundle ? <BundleProgress items={c.children} /> : null}

      <Card title={<SectionTitle>{t('caseDetail.overview')}</SectionTitle>}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          data-testid="case-overview"
          items={[
            { key: 'number', label: t('caseDetail.number'), children: c.number },
            {
              key: 'status',
              label: t('caseDetail.status'),
              children: <CaseStatusTag status={c.status} outcome={c.outcome} />,
            },
            {
              key: 'department',
              label: t('caseDetail.department'),
              children: bundle
                ? [...new Set(c.children.map((k) => k.departmentName).filter(Boolean))].join('、') || '—'
                : (c.departmentName ?? '—'),
            },
            {
              key: 'channel',
              label: t('caseDetail.channel'),
              children: t(`caseDetail.channel.${c.channel}`),
            },
            {
              key: 'submittedAt',
              label: t('caseDetail.submittedAt'),
              children: formatDateTime(c.submittedAt),
            },
            { key: 'acceptedAt', label: t('caseDetail.acceptedAt'), children: formatDateTime(c.acceptedAt) },
            {
              key: 'concludedAt',
              label: t('caseDetail.concludedAt'),
              children: formatDateTime(c.concludedAt),
            },
            {
              key: 'promised',
              label: t('caseDetail.promised'),
              children:
                c.limitDays !== null
                  ? t(
                      c.limitUnit === 'working_days'
                        ? 'apply.promisedDays'
                        : 'caseDetail.promisedCalendarDays',
                      {
                        days: c.limitDays,
                      },
                    )
                  : t('caseDetail.promised.none'),
            },
            ...(bundle ? [] : [{ key: 'sla', label: t('caseDetail.sla'), children: <SlaTag summary={c} /> }]),
            {
              key: 'materials',
              label: t('caseDetail.materialsCount'),
              children: t('caseDetail.materialsCount.value', {
                required: c.materialsRequired,
                exempted: c.materialsExempted,
              }),
            },
          ]}
        />
      </Card>

      {ended ? <DecisionCard detail={c} /> : null}
      {c.delivery ? <DeliveryCard detail={c} /> : null}

      {!bundle ? (
        <Card title={<SectionTitle>{t('caseDetail.materials')}</SectionTitle>}>
          <MaterialList
            materials={c.materials}
            testId="case-materials"
            filesOf={(m) => c.files.filter((f) => f.material === m.key)}
            fileHref={(f) => fileHref(f.id)}
          />
          {c.files.some((f) => f.material === 'correction') ? (
            <Flex vertical gap={4} style={{ marginTop: 12 }}>
              <Typography.Text strong>{t('caseDetail.correction.otherFiles')}</Typography.Text>
              {c.files
                .filter((f) => f.material === 'correction')
                .map((f) => (
                  <Typography.Link key={f.id} href={fileHref(f.id)} target="_blank" rel="noopener">
                    {f.name}
                  </Typography.Link>
                ))}
            </Flex>
          ) : null}
        </Card>
      ) : null}

      <Card title={<SectionTitle>{t('caseDetail.timeline')}</SectionTitle>}>
        <CaseTimeline entries={c.timeline} testId="case-timeline" />
        {c.tasks.length > 0 ? (
          <Flex vertical gap={4}>
            <Typography.Text strong>{t('caseDetail.tasks')}</Typography.Text>
            {c.tasks.map((task) => (
              <Typography.Text key={task.id} type="secondary">
                {t('caseDetail.task', {
                  department: task.departmentName,
                  role: t(task.role === 'lead' ? 'caseDetail.task.lead' : 'caseDetail.task.collaborator'),
                  status: t(task.status === 'done' ? 'caseDetail.task.done' : 'caseDetail.task.open'),
                })}
              </Typography.Text>
            ))}
          </Flex>
        ) : null}
      </Card>

      {rateable ? (
        <RatingDialog
          caseId={c.id}
          open={rating}
          onClose={() => setRating(false)}
          onRated={() => setRated(true)}
        />
      ) : null}
    </Page>
  );
}

/** One progress across a bundle's child cases: each department, its status and time limit. */
function BundleProgress({ items: children }: { items: CaseSummary[] }) {
  const { t } = useI18n();
  const finished = children.filter((k) => ENDED.includes(k.status)).length;
  const percent = children.length ? Math.round((finished / children.length) * 100) : 0;
  return (
    <Card
      title={<SectionTitle>{t('caseDetail.bundle.progress')}</SectionTitle>}
      data-testid="bundle-progress"
    >
      <Flex vertical gap={4} style={{ marginBottom: 12 }}>
        <Typography.Text>
          {t('caseDetail.bundle.summary', { done: finished, total: children.length })}
        </Typography.Text>
        <Progress percent={percent} aria-label={t('caseDetail.bundle.progress')} />
      </Flex>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {children.map((k, i) => (
          <li
            key={k.id}
            style={{ padding: '10px 0', borderTop: '1px solid #f0f0f0' }}
            data-testid={`bundle-child-${i}`}
          >
            <Flex gap={8} wrap align="center" justify="space-between">
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Link to={`/portal/cases/${k.id}`} style={{ fontWeight: 600 }}>
                  {i + 1}. {k.title}
                </Link>
                <Typography.Text type="secondary">
                  {[k.departmentName, k.number].filter(Boolean).join(' · ')}
                </Typography.Text>
              </Flex>
              <Flex gap={8} wrap align="center">
                <CaseStatusTag status={k.status} outcome={k.outcome} />
                <SlaTag summary={k} />
              </Flex>
            </Flex>
          </li>
        ))}
      </ol>
    </Card>
  );
}

function ChildCorrection({ child, onAnswered }: { child: CaseSummary; onAnswered: () => void }) {
  const { data, error, reload } = useMyCase(child.id);
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <LoadingBlock rows={3} />;
  return <CaseDetailCorrection detail={data} onAnswered={onAnswered} itemName={child.title} />;
}

function CorrectionHistory({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const c = detail.correction!;
  return (
    <Card title={<SectionTitle>{t('caseDetail.correction.history')}</SectionTitle>}>
      <Typography.Paragraph>
        {t('caseDetail.correction.requestedAt', { time: formatDateTime(c.requestedAt) })}
      </Typography.Paragraph>
      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
        {c.items.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ol>
      {c.answeredAt ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('caseDetail.correction.answeredAt', { time: formatDateTime(c.answeredAt) })}
          {c.answer ? ` ${t('caseUi.note.note', { text: c.answer })}` : ''}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

function DecisionCard({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const refused = detail.status === 'not_accepted';
  const approved = detail.outcome === 'approved';
  return (
    <Card title={<SectionTitle>{t('caseDetail.decision')}</SectionTitle>} data-testid="case-decision">
      <Alert
        type={refused || detail.outcome === 'not_approved' ? 'error' : approved ? 'success' : 'info'}
        showIcon
        title={
          refused
            ? t('caseDetail.decision.notAccepted')
            : approved
              ? t('caseUi.outcome.approved')
              : detail.outcome === 'not_approved'
                ? t('caseUi.outcome.not_approved')
                : t('caseDetail.decision.concluded')
        }
        description={
          <>
            {detail.reasons ? <div>{t('caseUi.note.reasons', { text: detail.reasons })}</div> : null}
            {detail.concludedAt ? (
              <div>{t('caseDetail.decision.at', { time: formatDateTime(detail.concludedAt) })}</div>
            ) : null}
            {refused || detail.outcome === 'not_approved' ? (
              <div>{t('caseDetail.decision.remedy')}</div>
            ) : null}
          </>
        }
      />
    </Card>
  );
}

function DeliveryCard({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const d = detail.delivery!;
  return (
    <Card title={<SectionTitle>{t('caseDetail.delivery')}</SectionTitle>} data-testid="case-delivery">
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          {
            key: 'method',
            label: t('caseDetail.delivery.method'),
            children: d.method ? t(deliveryMethodKey(d.method)) : '—',
          },
          ...(d.certificate
            ? [
                {
                  key: 'certificate',
                  label: t('caseDetail.delivery.certificate'),
                  children: t('caseUi.material.certificate', {
                    type: d.certificate.type,
                    number: d.certificate.number,
                    issuer: d.certificate.issuer,
                  }),
                },
              ]
            : []),
          ...(d.trackingNumber
            ? [{ key: 'tracking', label: t('caseDetail.delivery.tracking'), children: d.trackingNumber }]
            : []),
        ]}
      />
      {d.certificate ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('caseDetail.delivery.certificateHint')}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
