import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Tag } from 'antd';
import { AlertOutlined, DesktopOutlined, ShopOutlined } from '@ant-design/icons';
import type { CaseStatus, CaseSummary } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { STATUS_COLOURS, STATUS_LABELS, caseLink } from './casesHooks.ts';

/** The status of a case (办件状态) as a tag, with the outcome once decided. */
export function WorkStatusTag({
  status,
  outcome,
}: {
  status: CaseStatus;
  outcome?: CaseSummary['outcome'] | undefined;
}) {
  const { t } = useI18n();
  const label = STATUS_LABELS[status] ? t(STATUS_LABELS[status]) : status;
  const suffix =
    (status === 'concluded' || status === 'delivered') && outcome
      ? ` · ${t(outcome === 'approved' ? 'wbCases.outcome.approved' : outcome === 'not_approved' ? 'wbCases.outcome.not_approved' : 'wbCases.outcome.partly_approved')}`
      : '';
  return (
    <Tag
      color={STATUS_COLOURS[status]}
      className="sufu-wrap-tag"
      data-testid="case-status"
      data-status={status}
    >
      {label}
      {suffix}
    </Tag>
  );
}

/** 网上申请 / 窗口收件. */
export function ChannelTag({ channel }: { channel: CaseSummary['channel'] }) {
  const { t } = useI18n();
  return channel === 'counter' ? (
    <Tag icon={<ShopOutlined />}>{t('wbCases.channel.counter')}</Tag>
  ) : (
    <Tag icon={<DesktopOutlined />}>{t('wbCases.channel.online')}</Tag>
  );
}

/** 超期督办: the case is overdue and in the department head's queue. */
export function EscalatedTag() {
  const { t } = useI18n();
  return (
    <Tag color="error" icon={<AlertOutlined />} data-testid="case-escalated">
      {t('wbCases.escalated')}
    </Tag>
  );
}

/** A real link to a case that navigates inside the app. */
export function CaseLink({ id, children, testId }: { id: string; children: ReactNode; testId?: string }) {
  const navigate = useNavigate();
  const to = caseLink(id);
  return (
    <a
      href={to}
      data-testid={testId}
      onClick={(e) => {
        e.stopPropagation();
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
