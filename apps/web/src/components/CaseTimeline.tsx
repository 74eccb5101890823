import { Timeline, Typography } from 'antd';
import type { TimelineEntry } from '../api/casesTypes.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { formatDateTime } from '../lib/format.ts';

const ACTIONS: Record<string, MessageKey> = {
  submit: 'caseUi.action.submit',
  request_correction: 'caseUi.action.request_correction',
  answer_correction: 'caseUi.action.answer_correction',
  accept: 'caseUi.action.accept',
  refuse: 'caseUi.action.refuse',
  complete_task: 'caseUi.action.complete_task',
  decide: 'caseUi.action.decide',
  deliver: 'caseUi.action.deliver',
  escalate: 'caseUi.action.escalate',
  suspend: 'caseUi.action.suspend',
  resume: 'caseUi.action.resume',
  bundle_progress: 'caseUi.action.bundle_progress',
};

const COLOURS: Record<string, string> = {
  submit: 'blue',
  accept: 'blue',
  request_correction: 'orange',
  answer_correction: 'blue',
  refuse: 'red',
  escalate: 'red',
  suspend: 'gray',
  resume: 'blue',
  complete_task: 'blue',
  decide: 'green',
  deliver: 'green',
};

/** The action of a timeline entry in plain words (提交、受理、补正告知…). */
export function useActionLabel(): (action: string) => string {
  const { t } = useI18n();
  return (action) => {
    const key = ACTIONS[action.replace(/^cases\./, '')];
    return key ? t(key) : action;
  };
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

/** What an entry's note says, in the applicant's words (reasons, items to correct, delivery). */
function NoteLines({ entry }: { entry: TimelineEntry }) {
  const { t } = useI18n();
  const note = entry.note ?? {};
  const lines: string[] = [];
  const items = Array.isArray(note.items) ? note.items.filter((x): x is string => typeof x === 'string') : [];
  if (items.length) lines.push(t('caseUi.note.items', { items: items.join('；') }));
  const outcome = text(note.outcome);
  if (outcome)
    lines.push(t(outcome === 'approved' ? 'caseUi.outcome.approved' : 'caseUi.outcome.not_approved'));
  const opinion = text(note.opinion);
  if (opinion) lines.push(t(opinion === 'agree' ? 'caseUi.note.agree' : 'caseUi.note.disagree'));
  const reasons = text(note.reasons);
  if (reasons) lines.push(t('caseUi.note.reasons', { text: reasons }));
  const comment = text(note.note) ?? text(note.comment);
  if (comment) lines.push(t('caseUi.note.note', { text: comment }));
  const due = text(note.dueDate);
  if (due) lines.push(t('caseUi.note.dueDate', { date: due }));
  const method = text(note.method);
  if (method) lines.push(t('caseUi.note.method', { method: t(deliveryMethodKey(method)) }));
  const tracking = text(note.trackingNumber);
  if (tracking) lines.push(t('caseUi.note.tracking', { number: tracking }));
  if (lines.length === 0) return null;
  return (
    <>
      {lines.map((l) => (
        <div key={l}>
          <Typography.Text type="secondary">{l}</Typography.Text>
        </div>
      ))}
    </>
  );
}

export function deliveryMethodKey(method: string): MessageKey {
  if (method === 'post') return 'caseUi.delivery.post';
  if (method === 'counter_pickup') return 'caseUi.delivery.counter_pickup';
  return 'caseUi.delivery.e_certificate';
}

/** The history of a case, oldest first: action, time, who (department) and what was noted. */
export function CaseTimeline({ entries, testId }: { entries: TimelineEntry[]; testId?: string }) {
  const label = useActionLabel();
  return (
    <div data-testid={testId}>
      <Timeline
        items={entries.map((e, i) => ({
          key: `${e.at}-${i}`,
          color: COLOURS[e.action.replace(/^cases\./, '')] ?? 'blue',
          content: (
            <div data-action={e.action}>
              <Typography.Text strong>{label(e.action)}</Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {[formatDateTime(e.at), e.departmentName, e.actor].filter(Boolean).join(' · ')}
                </Typography.Text>
              </div>
              <NoteLines entry={e} />
            </div>
          ),
        }))}
      />
    </div>
  );
}
