import { Tag, Tooltip, Typography } from 'antd';
import type { CaseStatus, CaseSummary, Sla } from '../api/casesTypes.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { formatDate } from '../lib/format.ts';

/** Tag colours limited to the presets whose text colour styles.css darkens to ≥ 4.5:1. */
type TagColour = 'blue' | 'green' | 'orange' | 'red' | undefined;

const STATUS: Record<CaseStatus | 'draft', { key: MessageKey; color: TagColour }> = {
  draft: { key: 'caseUi.status.draft', color: undefined },
  submitted: { key: 'caseUi.status.submitted', color: 'blue' },
  correction_requested: { key: 'caseUi.status.correction_requested', color: 'orange' },
  under_review: { key: 'caseUi.status.under_review', color: 'blue' },
  suspended: { key: 'caseUi.status.suspended', color: 'orange' },
  concluded: { key: 'caseUi.status.concluded', color: 'green' },
  delivered: { key: 'caseUi.status.delivered', color: 'green' },
  not_accepted: { key: 'caseUi.status.not_accepted', color: 'red' },
};

/** The label of a case status (已提交，待受理 / 审查中 / …); unknown values are shown as sent. */
export function useStatusLabel(): (status: string, outcome?: CaseSummary['outcome']) => string {
  const { t } = useI18n();
  return (status, outcome) => {
    if ((status === 'concluded' || status === 'delivered') && outcome === 'not_approved')
      return t('caseUi.status.notApproved');
    const known = STATUS[status as CaseStatus];
    return known ? t(known.key) : status;
  };
}

/** A case status as a coloured tag; a concluded "not approved" case is red. */
export function CaseStatusTag({
  status,
  outcome,
  testId,
}: {
  status: CaseStatus | 'draft';
  outcome?: CaseSummary['outcome'];
  testId?: string;
}) {
  const label = useStatusLabel();
  const known = STATUS[status];
  const color: TagColour =
    (status === 'concluded' || status === 'delivered') && outcome === 'not_approved' ? 'red' : known?.color;
  return (
    <Tag color={color} data-testid={testId} data-status={status} className="sufu-wrap-tag">
      {label(status, outcome)}
    </Tag>
  );
}

const SLA_COLOUR: Record<Sla['colour'], TagColour> = { green: 'green', yellow: 'orange', red: 'red' };

/**
 * The time limit of a case: working days used and left (green < 80 % used, orange ≥ 80 %,
 * red overdue). Before acceptance the clock has not started; after conclusion it shows
 * whether the case finished on time.
 */
export function SlaTag({ summary }: { summary: Pick<CaseSummary, 'sla' | 'status' | 'concludedAt'> }) {
  const { t } = useI18n();
  const sla = summary.sla;
  if (!sla) {
    const key: MessageKey =
      summary.status === 'submitted' || summary.status === 'correction_requested'
        ? 'caseUi.sla.notStarted'
        : 'caseUi.sla.none';
    return <Typography.Text type="secondary">{t(key)}</Typography.Text>;
  }
  const unit = t(sla.unit === 'working_days' ? 'caseUi.sla.workingDays' : 'caseUi.sla.days');
  const ended = summary.status === 'concluded' || summary.status === 'delivered' || !!summary.concludedAt;
  let text: string;
  if (ended) text = sla.remaining >= 0 ? t('caseUi.sla.onTime') : t('caseUi.sla.late');
  else if (sla.suspended)
    text = t('caseUi.sla.suspended', { elapsed: sla.elapsed, limit: sla.limitDays, unit });
  else if (sla.remaining < 0) text = t('caseUi.sla.overdue', { days: -sla.remaining, unit });
  else text = t('caseUi.sla.remaining', { elapsed: sla.elapsed, remaining: sla.remaining, unit });
  return (
    <Tooltip title={t('caseUi.sla.due', { date: formatDate(sla.dueDate) })}>
      <Tag
        color={SLA_COLOUR[sla.colour]}
        className="sufu-wrap-tag"
        data-sla={sla.colour}
        tabIndex={0}
        aria-label={t('caseUi.sla.aria', { text, date: formatDate(sla.dueDate) })}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}
