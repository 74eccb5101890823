import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { apiPut, toApiError, type ApiError } from '../../api/client.ts';
import type { CalendarYear } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiFormError, applyFieldErrors } from '../../components/ApiFormError.tsx';
import { useEmptyText } from '../../components/TableParts.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useCalendarYears } from './hooks.ts';

interface HolidayRow {
  name?: string;
  nameEn?: string;
  from?: Dayjs;
  to?: Dayjs;
}

interface YearValues {
  year: number;
  holidays: HolidayRow[];
  makeupWorkdays: Dayjs[];
  source: string;
}

const ISO = 'YYYY-MM-DD';

/** 节假日安排: known years of the official calendar, and the form to enter a year (sysadmin). */
export default function HolidaysPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('calendar.manage');
  const years = useCalendarYears();
  const emptyText = useEmptyText(years.loading);
  const [form] = Form.useForm<YearValues>();
  const [editingYear, setEditingYear] = useState<number | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const yearValue = Form.useWatch('year', form);

  const nextYear = () => {
    const known = (years.data?.items ?? []).map((y) => y.year);
    return known.length > 0 ? Math.max(...known) + 1 : dayjs().year() + 1;
  };

  const startEdit = (y: CalendarYear) => {
    setEditingYear(y.year);
    setError(undefined);
    form.setFieldsValue({
      year: y.year,
      holidays: y.holidays.map((h) => ({
        name: h.name,
        nameEn: h.nameEn,
        from: dayjs(h.from),
        to: dayjs(h.to),
      })),
      makeupWorkdays: y.makeupWorkdays.map((d) => dayjs(d)),
      source: y.source,
    });
    document.getElementById('holiday-form-heading')?.scrollIntoView({ behavior: 'smooth' });
    form.focusField('year');
  };

  const startNew = () => {
    setEditingYear(undefined);
    setError(undefined);
    form.resetFields();
    form.setFieldsValue({ year: nextYear(), holidays: [{}], makeupWorkdays: [], source: '' });
  };

  const onFinish = async (v: YearValues) => {
    setSaving(true);
    setError(undefined);
    try {
      await apiPut<CalendarYear>(`/calendar/years/${v.year}`, {
        holidays: v.holidays.map((h) => ({
          name: (h.name ?? '').trim(),
          nameEn: (h.nameEn ?? '').trim(),
          from: h.from?.format(ISO),
          to: h.to?.format(ISO),
        })),
        makeupWorkdays: (v.makeupWorkdays ?? []).map((d) => d.format(ISO)).sort(),
        source: v.source.trim(),
      });
      void message.success(t('holidays.saved', { year: v.year }));
      setEditingYear(v.year);
      years.reload();
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setError(problem);
    } finally {
      setSaving(false);
    }
  };

  const inYear = (d: Dayjs | undefined) => !d || !yearValue || d.year() === yearValue;

  return (
    <Page title={t('console.holidays.title')} intro={t('holidays.intro')}>
      {years.error ? <ErrorAlert error={years.error} onRetry={years.reload} /> : null}
      <Card>
        <DataTable<CalendarYear>
          rowKey="year"
          size="middle"
          loading={years.loading}
          dataSource={years.data?.items ?? []}
          pagination={false}
          locale={{ emptyText }}
          scroll={{ x: 900 }}
          data-testid="calendar-years-table"
          expandable={{
            columnTitle: <span className="sr-only">{t('holidays.details')}</span>,
            expandedRowRender: (y) => (
              <ul style={{ margin: 0 }}>
                {y.holidays.map((h) => (
                  <li key={`${h.name}-${h.from}`}>
                    {t('common.labelValue', {
                      label: locale === 'en' && h.nameEn ? h.nameEn : h.name,
                      value: `${formatDate(h.from)} – ${formatDate(h.to)}`,
                    })}
                  </li>
                ))}
                {y.makeupWorkdays.length > 0 ? (
                  <li>
                    {t('common.labelValue', {
                      label: t('holidays.makeup'),
                      value: y.makeupWorkdays.map(formatDate).join(locale === 'en' ? ', ' : '、'),
                    })}
                  </li>
                ) : null}
              </ul>
            ),
          }}
          columns={[
            { key: 'year', title: t('holidays.year'), dataIndex: 'year' },
            { key: 'workingDays', title: t('holidays.workingDays'), dataIndex: 'workingDays' },
            {
              key: 'holidays',
              title: t('holidays.holidays'),
              render: (_, y) =>
                y.holidays.map((h) => (
                  <Tag key={`${h.name}-${h.from}`} color="red">
                    {locale === 'en' && h.nameEn ? h.nameEn : h.name}
                  </Tag>
                )),
            },
            { key: 'makeup', title: t('holidays.makeup'), render: (_, y) => y.makeupWorkdays.length },
            {
              key: 'source',
              title: t('holidays.source'),
              dataIndex: 'source',
              render: (s: string) => (
                <Typography.Text ellipsis={{ tooltip: s }} style={{ maxWidth: 260 }}>
                  {s}
                </Typography.Text>
              ),
            },
            {
              key: 'entered',
              title: t('holidays.enteredBy'),
              render: (_, y) => (
                <>
                  <div>{y.enteredBy ?? '—'}</div>
                  <Typography.Text type="secondary">{formatDateTime(y.enteredAt)}</Typography.Text>
                </>
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, y) => (
                <Button
                  size="small"
                  onClick={() => startEdit(y)}
                  data-testid={`calendar-year-edit-${y.year}`}
                >
                  {t('holidays.edit', { year: y.year })}
                </Button>
              ),
            },
          ]}
        />
      </Card>

      {canManage ? (
        <Card
          title={
            <SectionTitle id="holiday-form-heading">
              {editingYear ? t('holidays.form.editTitle', { year: editingYear }) : t('holidays.form.title')}
            </SectionTitle>
          }
          extra={
            editingYear ? (
              <Button onClick={startNew} data-testid="calendar-year-new">
                {t('holidays.form.title')}
              </Button>
            ) : null
          }
        >
          <Form<YearValues>
            form={form}
            name="calendar-year"
            layout="vertical"
            initialValues={{ year: dayjs().year() + 1, holidays: [{}], makeupWorkdays: [], source: '' }}
            onFinish={(v) => void onFinish(v)}
          >
            <ApiFormError error={error} />
            <Form.Item
              name="year"
              label={t('holidays.year')}
              rules={[
                {
                  required: true,
                  type: 'integer',
                  min: 2000,
                  max: 2100,
                  message: t('holidays.year.required'),
                },
              ]}
            >
              <InputNumber min={2000} max={2100} precision={0} data-testid="calendar-year-input" />
            </Form.Item>
            <Form.List
              name="holidays"
              rules={[
                {
                  validator: async (_, rows?: HolidayRow[]) => {
                    if (!rows || rows.length === 0) throw new Error(t('holidays.holidays.required'));
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((field, index) => (
                    <fieldset
                      key={field.key}
                      className="sufu-fieldset"
                      aria-label={t('holidays.row', { n: index + 1 })}
                      data-testid={`holiday-row-${index}`}
                    >
                      <Row gutter={8} align="bottom">
                        <Col xs={24} sm={12} md={6}>
                          <Form.Item
                            name={[field.name, 'name']}
                            label={t('holidays.name')}
                            rules={[
                              { required: true, whitespace: true, message: t('holidays.name.required') },
                            ]}
                          >
                            <Input placeholder="春节" />
                          </Form.Item>
                        </Col>
                        <Col xs={24} sm={12} md={6}>
                          <Form.Item name={[field.name, 'nameEn']} label={t('holidays.nameEn')}>
                            <Input placeholder="Spring Festival" lang="en" />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={5}>
                          <Form.Item
                            name={[field.name, 'from']}
                            label={t('holidays.from')}
                            rules={[
                              { required: true, message: t('holidays.date.required') },
                              {
                                validator: async (_, d?: Dayjs) => {
                                  if (!inYear(d))
                                    throw new Error(t('holidays.outOfYear', { year: yearValue ?? '' }));
                                },
                              },
                            ]}
                          >
                            <DatePicker style={{ width: '100%' }} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={5}>
                          <Form.Item
                            name={[field.name, 'to']}
                            label={t('holidays.to')}
                            dependencies={[['holidays', field.name, 'from']]}
                            rules={[
                              { required: true, message: t('holidays.date.required') },
                              ({ getFieldValue }) => ({
                                validator: async (_, d?: Dayjs) => {
                                  const from = getFieldValue(['holidays', field.name, 'from']) as
                                    Dayjs | undefined;
                                  if (d && from && d.isBefore(from, 'day'))
                                    throw new Error(t('holidays.rangeInvalid'));
                                  if (!inYear(d))
                                    throw new Error(t('holidays.outOfYear', { year: yearValue ?? '' }));
                                },
                              }),
                            ]}
                          >
                            <DatePicker style={{ width: '100%' }} />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={2}>
                          <Form.Item>
                            <Button
                              type="text"
                              danger
                              icon={<MinusCircleOutlined />}
                              aria-label={t('holidays.removeHoliday', { n: index + 1 })}
                              onClick={() => remove(field.name)}
                            />
                          </Form.Item>
                        </Col>
                      </Row>
                    </fieldset>
                  ))}
                  <Form.Item>
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({})}
                      data-testid="holiday-add"
                    >
                      {t('holidays.addHoliday')}
                    </Button>
                    <Form.ErrorList errors={errors} />
                  </Form.Item>
                </>
              )}
            </Form.List>
            <Form.Item
              name="makeupWorkdays"
              label={t('holidays.makeupDays')}
              extra={t('holidays.makeupDays.help')}
              rules={[
                {
                  validator: async (_, days?: Dayjs[]) => {
                    if ((days ?? []).some((d) => !inYear(d)))
                      throw new Error(t('holidays.outOfYear', { year: yearValue ?? '' }));
                  },
                },
              ]}
            >
              <DatePicker multiple style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="source"
              label={t('holidays.sourceText')}
              rules={[{ required: true, whitespace: true, min: 4, message: t('holidays.source.required') }]}
            >
              <Input.TextArea
                rows={3}
                placeholder={t('holidays.source.placeholder')}
                data-testid="calendar-source"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="calendar-year-save">
              {t('holidays.save')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </Page>
  );
}
