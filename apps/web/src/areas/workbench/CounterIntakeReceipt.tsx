import { Button, Card, Descriptions, Flex, Result, Space, Typography } from 'antd';
import { FileSearchOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import type { Receipt } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { caseLink } from './casesHooks.ts';

/** While the receipt is on screen, printing shows only the receipt (header, menu and buttons hidden). */
const PRINT_CSS = `
@media print {
  body * { visibility: hidden !important; }
  .wb-receipt, .wb-receipt * { visibility: visible !important; }
  .wb-receipt { position: absolute; inset: 0 auto auto 0; width: 100%; box-shadow: none !important; border: none !important; }
  .wb-receipt-actions { display: none !important; }
}
.wb-receipt-sheet { max-width: 720px; margin: 0 auto; border: 1px solid #d9d9d9; padding: 24px; background: #fff; }
.wb-receipt-number { font-family: monospace; font-size: 1.35em; font-weight: 700; letter-spacing: 0.04em; word-break: break-all; }
@media (max-width: 575px) {
  .wb-receipt-sheet { padding: 16px 8px; border: none; }
  .wb-receipt-number { font-size: 1.05em; letter-spacing: 0; }
}
`;

/**
 * 受理回执 for a walk-in applicant: the case number to follow the case with, the service, the
 * department, the promised time limit and the materials exempted; printable with window.print().
 */
export function CounterIntakeReceipt({
  receipt,
  applicantName,
  onNext,
}: {
  receipt: Receipt;
  applicantName: string;
  onNext: () => void;
}) {
  const { t } = useI18n();
  const { account } = useSession();
  return (
    <Card className="wb-receipt" data-testid="intake-receipt">
      <style>{PRINT_CSS}</style>
      <Result
        status="success"
        title={<span data-testid="intake-receipt-title">{t('wbCases.receipt.done')}</span>}
        subTitle={t('wbCases.receipt.next')}
        style={{ paddingBottom: 8 }}
        className="wb-receipt-actions"
      />
      <div className="wb-receipt-sheet">
        <Typography.Title level={2} style={{ textAlign: 'center', marginTop: 0 }}>
          {t('wbCases.receipt.title')}
        </Typography.Title>
        <Typography.Paragraph style={{ textAlign: 'center' }} type="secondary">
          {t('wbCases.receipt.issuer')}
        </Typography.Paragraph>
        <Flex vertical align="center" style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary">{t('wbCases.col.number')}</Typography.Text>
          <span className="wb-receipt-number" data-testid="intake-receipt-number">
            {receipt.number}
          </span>
        </Flex>
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={[
            { key: 'title', label: t('wbCases.detail.item'), children: receipt.title },
            { key: 'applicant', label: t('wbCases.applicant.name'), children: applicantName },
            { key: 'dept', label: t('wbCases.col.department'), children: receipt.departmentName ?? '—' },
            {
              key: 'limit',
              label: t('wbCases.detail.limit'),
              children:
                receipt.promisedDays !== null
                  ? t('wbCases.receipt.limit', { days: receipt.promisedDays })
                  : '—',
            },
            {
              key: 'materials',
              label: t('wbCases.intake.materials'),
              children: t('wbCases.material.summary', {
                required: receipt.materialsRequired,
                exempted: receipt.materialsExempted,
              }),
            },
            { key: 'at', label: t('wbCases.receipt.at'), children: formatDateTime(receipt.submittedAt) },
            { key: 'clerk', label: t('wbCases.receipt.clerk'), children: account?.displayName ?? '—' },
            ...receipt.children.map((k) => ({
              key: k.caseId,
              label: k.title,
              children: `${k.number} · ${k.departmentName ?? ''}`,
            })),
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('wbCases.receipt.notice')}
        </Typography.Paragraph>
      </div>
      <Flex justify="center" style={{ marginTop: 24 }} className="wb-receipt-actions">
        <Space wrap>
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            onClick={() => window.print()}
            data-testid="intake-print"
          >
            {t('wbCases.receipt.print')}
          </Button>
          <ButtonLink
            to={caseLink(receipt.caseId)}
            icon={<FileSearchOutlined />}
            data-testid="intake-open-case"
          >
            {t('wbCases.receipt.open')}
          </ButtonLink>
          <Button icon={<PlusOutlined />} onClick={onNext} data-testid="intake-next">
            {t('wbCases.receipt.nextIntake')}
          </Button>
        </Space>
      </Flex>
    </Card>
  );
}
