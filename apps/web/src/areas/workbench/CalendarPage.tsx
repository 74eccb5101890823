import { useMemo, useState } from 'react';
import { Alert, Button, Calendar, Card, Flex, Grid, List, Space, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { CalendarDay } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { palette } from '../../theme/index.tsx';
import { formatList, todayInShanghai } from '../../lib/format.ts';
import { useCalendarDays } from './hooks.ts';

/** 办公日历: the official calendar by month — holidays in red, 调休上班 days tagged. */
export default function CalendarPage() {
  const { t, locale } = useI18n();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [value, setValue] = useState<Dayjs>(() => todayInShanghai());
  const month = value.startOf('month');
  // The month grid shows up to 6 weeks, so ask for a little around the month.
  const from = month.subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(14, 'day').format('YYYY-MM-DD');
  const { data, error, loading, reload } = useCalendarDays(from, to);

  const byDate = useMemo(() => new Map((data?.items ?? []).map((d) => [d.date, d])), [data]);
  const inMonth = useMemo(
    () => (data?.items ?? []).filter((d) => dayjs(d.date).isSame(month, 'month')),
    [data, month],
  );
  const special = inMonth.filter((d) => d.kind === 'holiday' || d.kind === 'makeup_workday');
  const monthTitle = month.format(t('calendar.monthFormat'));
  const provisionalYears = [...new Set(inMonth.filter((d) => d.provisional).map((d) => d.date.slice(0, 4)))];

  const dayCell = (date: Dayjs) => {
    const day = byDate.get(date.format('YYYY-MM-DD'));
    if (!day) return null;
    if (day.kind === 'holiday') {
      const name = day.holidayName || t('calendar.legend.holiday');
      return (
        <div className="sufu-day-cell sufu-day-holiday" title={name}>
          {narrow ? t('calendar.rest') : name}
        </div>
      );
    }
    if (day.kind === 'makeup_workday') {
      return (
        <Tag
          color="orange"
          className="sufu-day-cell"
          title={t('calendar.makeupTag')}
          style={{ marginInlineEnd: 0 }}
        >
          {narrow ? '班' : t('calendar.makeupTag')}
        </Tag>
      );
    }
    return null;
  };

  return (
    <Page title={t('workbench.calendar.title')} intro={t('calendar.intro')}>
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {provisionalYears.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('calendar.provisional', { years: formatList(provisionalYears, locale) })}
          data-testid="calendar-provisional"
        />
      ) : null}
      <Card>
        <div data-testid="office-calendar">
          <Calendar
            value={value}
            onChange={setValue}
            onPanelChange={(d) => setValue(d)}
            mode="month"
            fullscreen
            className={narrow ? 'sufu-calendar-narrow' : undefined}
            cellRender={(current, info) => (info.type === 'date' ? dayCell(current) : info.originNode)}
            headerRender={({ value: shown, onChange }) => (
              <Flex justify="space-between" align="center" wrap gap={8} style={{ padding: '8px 0 12px' }}>
                <SectionTitle id="calendar-month">{shown.format(t('calendar.monthFormat'))}</SectionTitle>
                <Space wrap>
                  <Button
                    icon={<LeftOutlined />}
                    aria-label={t('calendar.prevMonth')}
                    onClick={() => onChange(shown.subtract(1, 'month'))}
                    data-testid="calendar-prev"
                  />
                  <Button onClick={() => onChange(todayInShanghai())} data-testid="calendar-today">
                    {t('calendar.thisMonth')}
                  </Button>
                  <Button
                    icon={<RightOutlined />}
                    aria-label={t('calendar.nextMonth')}
                    onClick={() => onChange(shown.add(1, 'month'))}
                    data-testid="calendar-next"
                  />
                </Space>
              </Flex>
            )}
          />
        </div>
        <Flex gap={16} wrap aria-label={t('calendar.legend')} role="group" style={{ marginTop: 12 }}>
          <span>
            <span className="sufu-legend-swatch" style={{ background: palette.holiday }} aria-hidden="true" />
            {t('calendar.legend.holiday')}
          </span>
          <span>
            <Tag color="orange">{t('calendar.makeupTag')}</Tag>
            {t('calendar.legend.makeup')}
          </span>
        </Flex>
      </Card>
      <Card title={<SectionTitle>{t('calendar.listTitle')}</SectionTitle>} loading={loading && !data}>
        {data ? (
          <>
            <Typography.Paragraph data-testid="calendar-summary">
              {t('calendar.monthSummary', {
                month: monthTitle,
                working: inMonth.filter((d) => d.working).length,
                holidays: inMonth.filter((d) => d.kind === 'holiday').length,
                makeup: inMonth.filter((d) => d.kind === 'makeup_workday').length,
              })}
            </Typography.Paragraph>
            {special.length === 0 ? (
              <Typography.Text type="secondary">{t('calendar.noSpecialDays')}</Typography.Text>
            ) : (
              <List<CalendarDay>
                size="small"
                dataSource={special}
                data-testid="calendar-special-days"
                renderItem={(d) => (
                  <List.Item>
                    <span>
                      {dayjs(d.date).format('YYYY-MM-DD dddd')}{' '}
                      {d.kind === 'holiday' ? (
                        <Typography.Text strong style={{ color: palette.holiday }}>
                          {d.holidayName || t('calendar.legend.holiday')}
                        </Typography.Text>
                      ) : (
                        <Tag color="orange">{t('calendar.makeupTag')}</Tag>
                      )}
                    </span>
                  </List.Item>
                )}
              />
            )}
          </>
        ) : null}
      </Card>
    </Page>
  );
}
