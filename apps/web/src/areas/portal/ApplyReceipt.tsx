import { Card, Descriptions, Flex, Result, Typography } from 'antd';
import type { Receipt } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { CaseStatusTag } from '../../components/CaseStatusTag.tsx';
import { formatDateTime } from '../../lib/format.ts';

/** 回执: the case number, what was exempted, who handles it (each department of a bundle) and by when. */
export function ApplyReceipt({ receipt }: { receipt: Receipt }) {
  const { t } = useI18n();
  const bundle = receipt.kind === 'bundle';
  return (
    <Page title={t('apply.receipt.title')}>
      <Card data-testid="apply-receipt">
        <Result
          status="success"
          title={t('apply.receipt.heading')}
          subTitle={
            <span data-testid="receipt-number">{t('apply.receipt.number', { number: receipt.number })}</span>
          }
          extra={
            <Flex gap={12} wrap justify="center">
              <ButtonLink
                to={`/portal/cases/${receipt.caseId}`}
                type="primary"
                data-testid="receipt-view-case"
              >
                {t('apply.viewCase')}
              </ButtonLink>
              <ButtonLink to="/portal/cases" data-testid="receipt-my-cases">
                {t('myCases.title')}
              </ButtonLink>
            </Flex>
          }
        />
        <Typography.Paragraph
          strong
          style={{ textAlign: 'center', fontSize: '1.15em', color: '#135200' }}
          data-testid="receipt-exempted"
        >
          {t('apply.receipt.exempted', { n: receipt.materialsExempted })}
        </Typography.Paragraph>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'title', label: t('caseDetail.item'), children: receipt.title },
            {
              key: 'status',
              label: t('caseDetail.status'),
              children: <CaseStatusTag status={receipt.status} testId="receipt-status" />,
            },
            {
              key: 'submittedAt',
              label: t('caseDetail.submittedAt'),
              children: formatDateTime(receipt.submittedAt),
            },
            {
              key: 'materials',
              label: t('caseDetail.materialsCount'),
              children: t('caseDetail.materialsCount.value', {
                required: receipt.materialsRequired,
                exempted: receipt.materialsExempted,
              }),
            },
            ...(bundle
              ? []
              : [
                  {
                    key: 'department',
                    label: t('caseDetail.department'),
                    children: receipt.departmentName ?? '—',
                  },
                  {
                    key: 'promised',
                    label: t('caseDetail.promised'),
                    children:
                      receipt.promisedDays !== null
                        ? t('apply.promisedDays', { days: receipt.promisedDays })
                        : t('caseDetail.promised.none'),
                  },
                ]),
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('apply.receipt.next')}
        </Typography.Paragraph>
      </Card>
      {bundle ? (
        <Card
          title={
            <SectionTitle>
              {t('apply.receipt.children', {
                n: receipt.children.length,
                d: new Set(receipt.children.map((c) => c.departmentName)).size,
              })}
            </SectionTitle>
          }
        >
          <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="receipt-children">
            {receipt.children.map((c) => (
              <li key={c.caseId} style={{ marginBottom: 8 }}>
                <Typography.Text strong>{c.title}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {[
                      c.departmentName,
                      t('apply.receipt.childNumber', { number: c.number }),
                      c.promisedDays !== null ? t('apply.promisedDays', { days: c.promisedDays }) : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
    </Page>
  );
}
