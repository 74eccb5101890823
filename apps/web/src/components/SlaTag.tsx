import { Tag, Tooltip } from 'antd';
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  PauseCircleOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { CaseStatus, Sla } from '../api/casesTypes.ts';
import { useI18n } from '../i18n/index.tsx';

/** Dark text on light fills: readable (WCAG AA) and not told by colour alone (the text says it). */
const STYLES = {
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  yellow: { color: '#613400', background: '#fffbe6', borderColor: '#ffd666' },
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  paused: { color: '#434343', background: '#f5f5f5', borderColor: '#d9d9d9' },
  none: { color: '#595959', background: '#fafafa', borderColor: '#d9d9d9' },
} as const;

const ENDED: CaseStatus[] = ['concluded', 'delivered'];

/**
 * The time limit of a case (办理时限) in working days from acceptance: used / limit, days left,
 * yellow from 80 % of the limit, red once overdue, "暂停计时" while suspended for a special procedure.
 * `sla` is null before acceptance (the clock has not started).
 */
export function SlaTag({
  sla,
  status,
  compact = false,
}: {
  sla: Sla | null;
  status?: CaseStatus;
  /** One short line (queues); the full text goes into the tooltip. */
  compact?: boolean;
}) {
  const { t } = useI18n();
  if (!sla) {
    if (status === 'not_accepted')
      return (
        <span data-testid="sla-tag" data-colour="none">
          —
        </span>
      );
    return (
      <Tag style={STYLES.none} icon={<ClockCircleOutlined />} data-testid="sla-tag" data-colour="none">
        {t('wbCases.sla.notStarted')}
      </Tag>
    );
  }
  const unit = sla.unit === 'working_days' ? t('wbCases.sla.unit.workingDays') : t('wbCases.sla.unit.days');
  const used = t('wbCases.sla.used', { elapsed: sla.elapsed, limit: sla.limitDays, unit });
  const due = t('wbCases.sla.due', { date: sla.dueDate });
  let text: string;
  let icon = <ClockCircleOutlined />;
  let style: (typeof STYLES)[keyof typeof STYLES] = STYLES[sla.colour];
  if (status && ENDED.includes(status)) {
    text = sla.colour === 'red' ? t('wbCases.sla.concludedLate') : t('wbCases.sla.concluded');
    icon = <CheckCircleOutlined />;
  } else if (sla.suspended) {
    text = t('wbCases.sla.suspended');
    icon = <PauseCircleOutlined />;
    style = STYLES.paused;
  } else if (sla.colour === 'red') {
    text = t('wbCases.sla.overdue', { days: Math.abs(sla.remaining), unit });
    icon = <ExclamationCircleOutlined />;
  } else {
    text = t('wbCases.sla.remaining', { days: sla.remaining, unit });
    if (sla.colour === 'yellow') icon = <WarningOutlined />;
  }
  const full = `${text} · ${used}`;
  return (
    <Tooltip title={`${full} · ${due}`}>
      <Tag
        className="sufu-wrap-tag"
        style={{ ...style, marginInlineEnd: 0 }}
        icon={icon}
        data-testid="sla-tag"
        data-colour={sla.suspended ? 'paused' : sla.colour}
      >
        {compact ? (
          <>
            {text}
            <span style={{ opacity: 0.85 }}>
              {' '}
              · {sla.elapsed}/{sla.limitDays}
            </span>
          </>
        ) : (
          full
        )}
      </Tag>
    </Tooltip>
  );
}
