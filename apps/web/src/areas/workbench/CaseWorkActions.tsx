import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Checkbox, Flex, Form, Input, Modal, Radio, Tooltip, Typography } from 'antd';
import {
  AuditOutlined,
  CheckOutlined,
  CloseOutlined,
  EditOutlined,
  FileDoneOutlined,
  MinusCircleOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  SendOutlined,
} from '@ant-design/icons';
import type { StaffCaseDetail, TransitionAction } from '../../api/casesTypes.ts';
import { toApiError, type ApiError } from '../../api/client.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { isVersionConflict, postTransition, type TransitionBody } from './casesHooks.ts';

interface Values {
  reasons?: string;
  note?: string;
  suggested?: string[];
  extra?: string[];
  outcome?: 'approved' | 'not_approved';
  opinion?: 'agree' | 'disagree';
  method?: 'e_certificate' | 'post' | 'counter_pickup';
  trackingNumber?: string;
}

interface ActionDef {
  action: TransitionAction;
  label: MessageKey;
  icon: ReactNode;
  primary?: boolean;
  danger?: boolean;
  disabled?: MessageKey | undefined;
}

const TITLES: Record<TransitionAction, MessageKey> = {
  accept: 'wbCases.action.accept.title',
  refuse: 'wbCases.action.refuse.title',
  request_correction: 'wbCases.action.request_correction.title',
  complete_task: 'wbCases.action.complete_task.title',
  decide: 'wbCases.action.decide.title',
  suspend: 'wbCases.action.suspend.title',
  resume: 'wbCases.action.resume.title',
  deliver: 'wbCases.action.deliver.title',
};

/** What this account may do with the case now, from its status and the API's `permissions`. */
export function availableActions(c: StaffCaseDetail): ActionDef[] {
  if (c.kind !== 'item') return [];
  const p = c.permissions;
  const out: ActionDef[] = [];
  if (c.status === 'submitted' && p.accept) {
    out.push(
      { action: 'accept', label: 'wbCases.action.accept', icon: <CheckOutlined />, primary: true },
      {
        action: 'request_correction',
        label: 'wbCases.action.request_correction',
        icon: <EditOutlined />,
        disabled: c.correctionUsed ? 'wbCases.correction.used' : undefined,
      },
      { action: 'refuse', label: 'wbCases.action.refuse', icon: <CloseOutlined />, danger: true },
    );
  }
  if (c.status === 'under_review') {
    if (p.review)
      out.push({
        action: 'complete_task',
        label: 'wbCases.action.complete_task',
        icon: <AuditOutlined />,
        primary: true,
      });
    if (p.decide) {
      const open = c.tasks.some((x) => x.status === 'open');
      out.push(
        {
          action: 'decide',
          label: 'wbCases.action.decide',
          icon: <FileDoneOutlined />,
          primary: !p.review,
          disabled: open ? 'wbCases.decide.tasksOpen' : undefined,
        },
        { action: 'suspend', label: 'wbCases.action.suspend', icon: <PauseCircleOutlined /> },
      );
    }
  }
  if (c.status === 'suspended' && p.decide)
    out.push({
      action: 'resume',
      label: 'wbCases.action.resume',
      icon: <PlayCircleOutlined />,
      primary: true,
    });
  if (c.status === 'concluded' && p.deliver)
    out.push({ action: 'deliver', label: 'wbCases.action.deliver', icon: <SendOutlined />, primary: true });
  return out;
}

/**
 * The handling actions of a case (受理、不予受理、补正告知、审查意见、作出决定、暂停/恢复计时、送达).
 * Each posts a transition with the version the clerk has seen; if someone else acted first the
 * server answers 409 and the case is reloaded.
 */
export function CaseWorkActions({ c, onDone }: { c: StaffCaseDetail; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [acting, setActing] = useState<TransitionAction | undefined>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<ApiError | undefined>();
  const opinion = Form.useWatch('opinion', form);
  const method = Form.useWatch('method', form);
  const actions = availableActions(c);

  const toUpload = c.materials.filter((m) => m.status === 'upload');
  const approved = c.outcome === 'approved';

  const open = (a: TransitionAction) => {
    setFormError(undefined);
    form.resetFields();
    form.setFieldsValue({
      opinion: 'agree',
      outcome: 'approved',
      method: approved ? 'e_certificate' : 'counter_pickup',
      suggested: toUpload.filter((m) => m.fileIds.length === 0).map((m) => m.name),
      extra: [],
    });
    setActing(a);
  };
  const close = () => setActing(undefined);

  const bodyOf = (a: TransitionAction, v: Values): TransitionBody => {
    const b: TransitionBody = { action: a, expectedVersion: c.version };
    const text = (s: string | undefined) => s?.trim() || undefined;
    if (a === 'refuse' || a === 'suspend') b.reasons = text(v.reasons);
    if (a === 'request_correction') {
      b.items = [...(v.suggested ?? []), ...(v.extra ?? []).map((x) => x?.trim() ?? '')].filter(Boolean);
      const note = text(v.note);
      if (note) b.note = note;
    }
    if (a === 'complete_task') {
      b.opinion = v.opinion ?? 'agree';
      const note = text(v.note);
      if (note) b.note = note;
    }
    if (a === 'decide') {
      b.outcome = v.outcome ?? 'approved';
      b.reasons = text(v.reasons);
    }
    if (a === 'deliver') {
      b.method = v.method ?? 'counter_pickup';
      const tracking = text(v.trackingNumber);
      if (b.method === 'post' && tracking) b.trackingNumber = tracking;
    }
    return b;
  };

  const submit = async (v: Values) => {
    if (!acting) return;
    setSaving(true);
    setFormError(undefined);
    try {
      await postTransition(c.id, bodyOf(acting, v));
      void message.success(t('wbCases.action.done', { action: t(TITLES[acting]) }));
      close();
      onDone();
    } catch (e) {
      const problem = toApiError(e);
      if (isVersionConflict(problem)) {
        void message.warning(t('wbCases.conflict'));
        close();
        onDone();
      } else {
        applyFieldErrors(form, problem, locale);
        setFormError(problem);
      }
    } finally {
      setSaving(false);
    }
  };

  if (actions.length === 0) return null;

  const reasonsField = (label: MessageKey, help?: MessageKey) => (
    <Form.Item
      name="reasons"
      label={t(label)}
      extra={help ? t(help) : undefined}
      rules={[{ required: true, whitespace: true, message: t('wbCases.reasons.required') }, { max: 2000 }]}
    >
      <Input.TextArea rows={4} maxLength={2000} data-testid="action-reasons" />
    </Form.Item>
  );

  let body: ReactNode = null;
  switch (acting) {
    case 'accept':
      body = (
        <Typography.Paragraph>
          {c.limitDays !== null
            ? t('wbCases.accept.confirm', {
                days: c.limitDays,
                unit:
                  c.limitUnit === 'working_days'
                    ? t('wbCases.sla.unit.workingDays')
                    : t('wbCases.sla.unit.days'),
              })
            : t('wbCases.accept.confirmNoLimit')}
        </Typography.Paragraph>
      );
      break;
    case 'refuse':
      body = reasonsField('wbCases.refuse.reasons', 'wbCases.refuse.help');
      break;
    case 'request_correction':
      body = (
        <>
          <Alert type="warning" showIcon title={t('wbCases.correction.once')} style={{ marginBottom: 16 }} />
          {toUpload.length > 0 ? (
            <Form.Item name="suggested" label={t('wbCases.correction.suggested')}>
              <Checkbox.Group
                style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                options={toUpload.map((m) => ({
                  value: m.name,
                  label: m.fileIds.length
                    ? t('wbCases.correction.suggestedUploaded', { name: m.name, n: m.fileIds.length })
                    : m.name,
                }))}
                data-testid="correction-suggested"
              />
            </Form.Item>
          ) : null}
          <Form.List name="extra">
            {(fields, { add, remove }) => (
              <Form.Item label={t('wbCases.correction.items')} extra={t('wbCases.correction.itemsHelp')}>
                <Flex vertical gap={8}>
                  {fields.map((f, i) => (
                    <Flex key={f.key} gap={8} align="start">
                      <Form.Item name={f.name} noStyle rules={[{ max: 200 }]}>
                        <Input
                          maxLength={200}
                          aria-label={t('wbCases.correction.item', { n: i + 1 })}
                          placeholder={t('wbCases.correction.itemPlaceholder')}
                          data-testid={`correction-item-${i}`}
                        />
                      </Form.Item>
                      <Button
                        icon={<MinusCircleOutlined />}
                        aria-label={t('wbCases.correction.remove', { n: i + 1 })}
                        onClick={() => remove(f.name)}
                      />
                    </Flex>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add('')}
                    data-testid="correction-add"
                    style={{ alignSelf: 'flex-start' }}
                  >
                    {t('wbCases.correction.add')}
                  </Button>
                </Flex>
              </Form.Item>
            )}
          </Form.List>
          <Form.Item name="note" label={t('wbCases.correction.note')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="action-note" />
          </Form.Item>
        </>
      );
      break;
    case 'complete_task':
      body = (
        <>
          <Form.Item name="opinion" label={t('wbCases.review.opinion')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'agree', label: t('wbCases.opinion.agree') },
                { value: 'disagree', label: t('wbCases.opinion.disagree') },
              ]}
              data-testid="review-opinion"
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('wbCases.review.comment')}
            rules={[
              {
                required: opinion === 'disagree',
                whitespace: true,
                message: t('wbCases.review.commentRequired'),
              },
              { max: 2000 },
            ]}
          >
            <Input.TextArea rows={4} maxLength={2000} data-testid="action-comment" />
          </Form.Item>
        </>
      );
      break;
    case 'decide':
      body = (
        <>
          {c.tasks.some((x) => x.opinion === 'disagree') ? (
            <Alert
              type="warning"
              showIcon
              title={t('wbCases.decide.disagreement')}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          <Form.Item name="outcome" label={t('wbCases.decide.outcome')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'approved', label: t('wbCases.outcome.approved') },
                { value: 'not_approved', label: t('wbCases.outcome.not_approved') },
              ]}
              data-testid="decide-outcome"
            />
          </Form.Item>
          {reasonsField('wbCases.decide.reasons', 'wbCases.decide.help')}
        </>
      );
      break;
    case 'suspend':
      body = (
        <>
          <Alert type="info" showIcon title={t('wbCases.suspend.help')} style={{ marginBottom: 16 }} />
          {reasonsField('wbCases.suspend.reasons')}
        </>
      );
      break;
    case 'resume':
      body = <Typography.Paragraph>{t('wbCases.resume.confirm')}</Typography.Paragraph>;
      break;
    case 'deliver':
      body = (
        <>
          <Form.Item name="method" label={t('wbCases.deliver.method')}>
            <Radio.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
              options={[
                ...(approved ? [{ value: 'e_certificate', label: t('wbCases.deliver.e_certificate') }] : []),
                { value: 'post', label: t('wbCases.deliver.post') },
                { value: 'counter_pickup', label: t('wbCases.deliver.counter_pickup') },
              ]}
              data-testid="deliver-method"
            />
          </Form.Item>
          {method === 'e_certificate' ? (
            <Typography.Paragraph type="secondary">{t('wbCases.deliver.eCertHelp')}</Typography.Paragraph>
          ) : null}
          {method === 'post' ? (
            <Form.Item
              name="trackingNumber"
              label={t('wbCases.deliver.tracking')}
              rules={[
                { required: true, whitespace: true, message: t('wbCases.deliver.trackingRequired') },
                { max: 40 },
              ]}
            >
              <Input maxLength={40} autoComplete="off" data-testid="deliver-tracking" />
            </Form.Item>
          ) : null}
        </>
      );
      break;
    default:
      body = null;
  }

  const validateCorrection = (v: Values) => {
    const n = [...(v.suggested ?? []), ...(v.extra ?? []).filter((x) => x?.trim())].length;
    if (acting === 'request_correction' && n === 0) {
      form.setFields([{ name: 'extra', errors: [t('wbCases.correction.itemsRequired')] }]);
      void message.error(t('wbCases.correction.itemsRequired'));
      return false;
    }
    return true;
  };

  return (
    <>
      <Flex gap={8} wrap data-testid="case-actions">
        {actions.map((a) => {
          const button = (
            <Button
              key={a.action}
              type={a.primary ? 'primary' : 'default'}
              danger={a.danger}
              icon={a.icon}
              disabled={!!a.disabled}
              onClick={() => open(a.action)}
              data-testid={`case-action-${a.action}`}
            >
              {t(a.label)}
            </Button>
          );
          return a.disabled ? (
            <Tooltip key={a.action} title={t(a.disabled)}>
              <span>{button}</span>
            </Tooltip>
          ) : (
            button
          );
        })}
      </Flex>
      {actions.some((a) => a.disabled) ? (
        <Flex vertical gap={2} style={{ marginTop: 8 }}>
          {actions
            .filter((a) => a.disabled)
            .map((a) => (
              <Typography.Text key={a.action} type="secondary">
                {t(a.disabled!)}
              </Typography.Text>
            ))}
        </Flex>
      ) : null}
      <Modal
        open={acting !== undefined}
        title={acting ? t(TITLES[acting]) : ''}
        onCancel={close}
        onOk={() => form.submit()}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{
          danger: acting === 'refuse',
          ...({ 'data-testid': 'case-action-submit' } as Record<string, string>),
        }}
        confirmLoading={saving}
        destroyOnHidden
        forceRender
        width={600}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('wbCases.action.about', { number: c.number, title: c.title })}
        </Typography.Paragraph>
        <Form
          form={form}
          name="case-action"
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => {
            if (validateCorrection(v)) void submit(v);
          }}
        >
          <ApiFormError error={formError} />
          {body}
        </Form>
      </Modal>
    </>
  );
}
