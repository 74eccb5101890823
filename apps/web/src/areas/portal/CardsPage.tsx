import { useState } from 'react';
import { App, Button, Card, Form, Input, Popconfirm, Select } from 'antd';
import { apiDelete, apiPost, toApiError, type ApiError } from '../../api/client.ts';
import { CARD_DOMAINS, type CardDomain, type LinkedCard } from '../../api/identityTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { CARD_LABELS } from '../../lib/labels.ts';
import { useMyCards } from './hooks.ts';

/** 卡码融合: the cards linked to my 苏服码 (masked), link one, unlink with confirmation. */
export default function CardsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useMyCards();
  const [form] = Form.useForm<{ domain: CardDomain; number: string }>();
  const [formError, setFormError] = useState<ApiError | undefined>();
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState<string | undefined>();
  const emptyText = useEmptyText(loading);

  const link = async (v: { domain: CardDomain; number: string }) => {
    setSaving(true);
    setFormError(undefined);
    try {
      await apiPost('/service-code/me/cards', { domain: v.domain, number: v.number.trim() });
      void message.success(t('cards.linked'));
      form.resetFields();
      reload();
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setFormError(problem);
    } finally {
      setSaving(false);
    }
  };

  const unlink = async (card: LinkedCard) => {
    setBusy(card.id);
    setActionError(undefined);
    try {
      await apiDelete(`/service-code/me/cards/${encodeURIComponent(card.id)}`);
      void message.success(t('cards.unlinked'));
      reload();
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Page title={t('cards.title')} intro={t('cards.intro')}>
      <Card title={<SectionTitle id="cards-list">{t('cards.list')}</SectionTitle>}>
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        {actionError ? <ErrorAlert error={actionError} title="error.title" /> : null}
        <DataTable<LinkedCard>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 560 }}
          data-testid="cards-table"
          locale={{ emptyText }}
          columns={[
            { key: 'domain', title: t('cards.domain'), render: (_, c) => t(CARD_LABELS[c.domain]) },
            { key: 'number', title: t('cards.number'), dataIndex: 'numberMasked' },
            { key: 'linkedAt', title: t('cards.linkedAt'), dataIndex: 'linkedAt', render: formatDateTime },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, c) => (
                <Popconfirm
                  title={t('cards.unlink.confirm', { card: t(CARD_LABELS[c.domain]) })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => unlink(c)}
                >
                  <Button
                    danger
                    size="small"
                    loading={busy === c.id}
                    aria-label={t('cards.unlinkLabel', {
                      card: t(CARD_LABELS[c.domain]),
                      number: c.numberMasked,
                    })}
                    data-testid={`card-unlink-${c.id}`}
                  >
                    {t('cards.unlink')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
      <Card title={<SectionTitle id="cards-link">{t('cards.link')}</SectionTitle>}>
        <Form
          form={form}
          name="link-card"
          layout="vertical"
          requiredMark={false}
          style={{ maxWidth: 480 }}
          onFinish={(v) => void link(v)}
        >
          <ApiFormError error={formError} />
          <Form.Item
            name="domain"
            label={t('cards.domain')}
            rules={[{ required: true, message: t('cards.domain.required') }]}
          >
            <Select options={CARD_DOMAINS.map((d) => ({ value: d, label: t(CARD_LABELS[d]) }))} />
          </Form.Item>
          <Form.Item
            name="number"
            label={t('cards.number')}
            rules={[{ required: true, whitespace: true, max: 40, message: t('cards.number.required') }]}
          >
            <Input autoComplete="off" data-testid="card-number" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="card-link-submit">
            {t('cards.link.submit')}
          </Button>
        </Form>
      </Card>
    </Page>
  );
}
