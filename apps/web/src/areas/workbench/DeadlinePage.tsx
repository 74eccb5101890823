import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Form, InputNumber, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { formatDate, formatList, todayInShanghai, weekday } from '../../lib/format.ts';
import { useDueDate } from './hooks.ts';

interface Values {
  from: Dayjs;
  days: number;
}

/** 工作日计算: start date + N working days → due date on the official calendar. */
export default function DeadlinePage() {
  const { t, locale } = useI18n();
  const [ask, setAsk] = useState<{ from: string; days: number } | null>(null);
  const { data, error, loading, reload } = useDueDate(ask);

  return (
    <Page title={t('workbench.deadline.title')} intro={t('deadline.intro')}>
      <Card>
        <Form<Values>
          name="deadline"
          layout="inline"
          initialValues={{ from: todayInShanghai(), days: 20 }}
          onFinish={(v) => setAsk({ from: v.from.format('YYYY-MM-DD'), days: v.days })}
          style={{ rowGap: 12 }}
        >
          <Form.Item
            name="from"
            label={t('deadline.from')}
            rules={[{ required: true, message: t('deadline.from.required') }]}
          >
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item
            name="days"
            label={t('deadline.days')}
            rules={[
              { required: true, type: 'integer', min: 1, max: 1000, message: t('deadline.days.required') },
            ]}
          >
            <InputNumber min={1} max={1000} precision={0} data-testid="deadline-days" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={loading} data-testid="deadline-submit">
              {t('deadline.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <div aria-live="polite">
        {error ? <ErrorAlert error={error} title="error.title" onRetry={reload} /> : null}
        {loading && !data ? <LoadingBlock rows={2} /> : null}
        {data ? (
          <Card title={<SectionTitle>{t('deadline.result')}</SectionTitle>} data-testid="deadline-result">
            {data.beyondKnownCalendar ? (
              <Alert
                type="warning"
                showIcon
                title={t('deadline.beyond.title')}
                description={t('deadline.beyond.desc', { years: formatList(data.unknownYears, locale) })}
                style={{ marginBottom: 16 }}
                data-testid="deadline-beyond"
              />
            ) : null}
            <Typography.Paragraph strong style={{ fontSize: '1.15em' }}>
              {t('deadline.summary', {
                from: formatDate(data.from),
                days: data.days,
                due: formatDate(data.due),
                weekday: weekday(data.due),
              })}
            </Typography.Paragraph>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'from', label: t('deadline.from'), children: formatDate(data.from) },
                { key: 'days', label: t('deadline.days'), children: data.days },
                {
                  key: 'due',
                  label: t('deadline.due'),
                  children: (
                    <strong data-testid="deadline-due">
                      {t('common.withParen', { text: formatDate(data.due), inner: weekday(data.due) })}
                    </strong>
                  ),
                },
              ]}
            />
          </Card>
        ) : null}
      </div>
    </Page>
  );
}
