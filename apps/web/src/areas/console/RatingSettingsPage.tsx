import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, Form, Input, InputNumber, Space, Switch, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { apiPut, toApiError, type ApiError } from '../../api/client.ts';
import { apiUrl, useQuery } from '../../api/hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import type { RatingReason } from '../../components/RatingDialog.tsx';

interface Settings {
  deadlineWorkingDays: number;
  rerateWorkingDays: number;
  updatedAt: string;
  updatedBy: string;
}

interface EditableReason {
  id: string;
  band: 'bad' | 'good';
  zh: string;
  en: string;
  active: boolean;
  isNew: boolean;
}

const BANDS = ['bad', 'good'] as const;

/** 好差评设置: the rectification deadline and the reasons residents choose from. */
export default function RatingSettingsPage() {
  const { t } = useI18n();
  return (
    <Page title={t('ratings.settings.title')} intro={t('ratings.settings.intro')}>
      <DeadlineCard />
      <ReasonsCard />
    </Page>
  );
}

function DeadlineCard() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery<Settings>(apiUrl('/ratings/settings'));
  const [form] = Form.useForm<{ deadlineWorkingDays: number; rerateWorkingDays: number }>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<ApiError | undefined>();

  useEffect(() => {
    if (data) form.setFieldsValue(data);
  }, [data, form]);

  const save = async (v: { deadlineWorkingDays: number; rerateWorkingDays: number }) => {
    setSaving(true);
    setFormError(undefined);
    try {
      await apiPut('/ratings/settings', v);
      void message.success(t('ratings.settings.saved'));
      reload();
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setFormError(problem);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={<SectionTitle id="rating-deadline-title">{t('ratings.settings.deadlines')}</SectionTitle>}>
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {loading && !data ? <LoadingBlock rows={2} /> : null}
      {data ? (
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void save(v)}>
          <ApiFormError error={formError} />
          <Flex wrap gap={24}>
            <Form.Item
              name="deadlineWorkingDays"
              label={t('ratings.settings.deadline')}
              extra={t('ratings.settings.deadline.help')}
              rules={[{ required: true, type: 'integer', min: 1, max: 60 }]}
              style={{ maxWidth: 320 }}
            >
              <InputNumber min={1} max={60} precision={0} data-testid="rating-deadline" />
            </Form.Item>
            <Form.Item
              name="rerateWorkingDays"
              label={t('ratings.settings.rerate')}
              extra={t('ratings.settings.rerate.help')}
              rules={[{ required: true, type: 'integer', min: 1, max: 30 }]}
              style={{ maxWidth: 320 }}
            >
              <InputNumber min={1} max={30} precision={0} data-testid="rating-rerate" />
            </Form.Item>
          </Flex>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="rating-settings-save">
            {t('common.save')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

function ReasonsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery<{ items: RatingReason[] }>(apiUrl('/ratings/reasons'));
  const [rows, setRows] = useState<EditableReason[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | undefined>();

  useEffect(() => {
    if (data)
      setRows(
        data.items.map((r) => ({
          id: r.id,
          band: r.band,
          zh: r.label['zh-CN'],
          en: r.label.en,
          active: r.active,
          isNew: false,
        })),
      );
  }, [data]);

  const update = (i: number, patch: Partial<EditableReason>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, dir: -1 | 1) =>
    setRows((rs) => {
      const band = rs[i]!.band;
      // Swap with the nearest row of the same band in that direction.
      let j = i + dir;
      while (j >= 0 && j < rs.length && rs[j]!.band !== band) j += dir;
      if (j < 0 || j >= rs.length) return rs;
      const next = [...rs];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });

  const save = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      await apiPut('/ratings/reasons', {
        items: rows.map((r) => ({
          id: r.id.trim(),
          band: r.band,
          label: { 'zh-CN': r.zh.trim(), en: r.en.trim() },
          active: r.active,
        })),
      });
      void message.success(t('ratings.settings.reasonsSaved'));
      reload();
    } catch (e) {
      setSaveError(toApiError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={<SectionTitle id="rating-reasons-title">{t('ratings.settings.reasons')}</SectionTitle>}>
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {loading && !data ? <LoadingBlock rows={6} /> : null}
      <ApiFormError error={saveError} />
      {data ? (
        <Flex vertical gap={24}>
          {BANDS.map((band) => (
            <section key={band} aria-labelledby={`reasons-${band}`}>
              <Typography.Title level={3} id={`reasons-${band}`} style={{ fontSize: 16 }}>
                {t(`ratings.settings.band.${band}`)}
              </Typography.Title>
              <Flex vertical gap={8} data-testid={`reasons-${band}`}>
                {rows.map((r, i) =>
                  r.band !== band ? null : (
                    <Flex key={`${i}-${r.isNew ? 'n' : r.id}`} wrap gap={8} align="center">
                      <Input
                        aria-label={t('ratings.settings.reasonId')}
                        placeholder={t('ratings.settings.reasonId')}
                        title={t('ratings.settings.idHelp')}
                        value={r.id}
                        disabled={!r.isNew}
                        onChange={(e) => update(i, { id: e.target.value.toLowerCase() })}
                        style={{ width: 150 }}
                      />
                      <Input
                        aria-label={t('ratings.settings.reasonZh')}
                        placeholder={t('ratings.settings.reasonZh')}
                        value={r.zh}
                        maxLength={40}
                        onChange={(e) => update(i, { zh: e.target.value })}
                        style={{ width: 180 }}
                      />
                      <Input
                        aria-label={t('ratings.settings.reasonEn')}
                        placeholder={t('ratings.settings.reasonEn')}
                        value={r.en}
                        maxLength={80}
                        onChange={(e) => update(i, { en: e.target.value })}
                        style={{ width: 240 }}
                      />
                      <Space>
                        <Switch
                          checked={r.active}
                          onChange={(v) => update(i, { active: v })}
                          aria-label={`${t('ratings.settings.active')} ${r.zh}`}
                        />
                        <Button
                          icon={<ArrowUpOutlined />}
                          aria-label={`${t('ratings.settings.moveUp')} ${r.zh}`}
                          onClick={() => move(i, -1)}
                        />
                        <Button
                          icon={<ArrowDownOutlined />}
                          aria-label={`${t('ratings.settings.moveDown')} ${r.zh}`}
                          onClick={() => move(i, 1)}
                        />
                      </Space>
                    </Flex>
                  ),
                )}
                <div>
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() =>
                      setRows((rs) => [...rs, { id: '', band, zh: '', en: '', active: true, isNew: true }])
                    }
                    data-testid={`reasons-add-${band}`}
                  >
                    {t('ratings.settings.add')}
                  </Button>
                </div>
              </Flex>
            </section>
          ))}
          <div>
            <Button type="primary" onClick={() => void save()} loading={saving} data-testid="reasons-save">
              {t('common.save')}
            </Button>
          </div>
        </Flex>
      ) : null}
    </Card>
  );
}
