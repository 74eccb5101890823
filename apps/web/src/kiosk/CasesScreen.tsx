import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { apiUrl, useQuery } from '../api/hooks.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useDocumentTitle } from '../components/Page.tsx';
import { KIOSK_BASE } from './context.ts';
import { KioskError, KioskLoading } from './parts.tsx';
import type { CasePage, CaseSummary } from './types.ts';

const STATUS_TONES: Record<string, string> = {
  submitted: 'blue',
  under_review: 'blue',
  correction_requested: 'orange',
  suspended: 'orange',
  not_accepted: 'red',
  concluded: 'green',
  delivered: 'green',
};

const STATUS_LABELS: Record<string, MessageKey> = {
  submitted: 'kiosk.cases.status.submitted',
  not_accepted: 'kiosk.cases.status.not_accepted',
  correction_requested: 'kiosk.cases.status.correction_requested',
  under_review: 'kiosk.cases.status.under_review',
  suspended: 'kiosk.cases.status.suspended',
  concluded: 'kiosk.cases.status.concluded',
  delivered: 'kiosk.cases.status.delivered',
};

function useStatusLabel() {
  const { t } = useI18n();
  return (status: string) => {
    const key = STATUS_LABELS[status];
    return key ? t(key) : status;
  };
}

const day = (iso: string) => iso.slice(0, 10);
const minute = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};

/** 我的办件 (and, with `forReceipt`, the list to print a receipt from). */
export function CasesScreen({ forReceipt = false }: { forReceipt?: boolean }) {
  const { t } = useI18n();
  const label = useStatusLabel();
  const { data, error, loading, reload } = useQuery<CasePage>(apiUrl('/me/cases', { pageSize: 50 }));
  const title = forReceipt ? t('kiosk.tile.receipt') : t('kiosk.cases.title');
  useDocumentTitle(title);

  return (
    <section aria-labelledby="kiosk-cases-title">
      <h1 id="kiosk-cases-title" className="kiosk-h1" data-testid="kiosk-cases-title">
        {title}
      </h1>
      {forReceipt ? <p className="kiosk-lead">{t('kiosk.cases.chooseReceipt')}</p> : null}
      {error ? <KioskError error={error} onRetry={reload} /> : null}
      {loading && !data ? <KioskLoading /> : null}
      {data && data.items.length === 0 ? (
        <p className="kiosk-empty" data-testid="kiosk-cases-empty">
          {t('kiosk.cases.empty')}
        </p>
      ) : null}
      {data && data.items.length ? (
        <ul className="kiosk-list" data-testid="kiosk-cases">
          {data.items.map((c) => (
            <li key={c.id} className="kiosk-case">
              <div className="kiosk-case-head">
                <span className="kiosk-card-title">{c.title}</span>
                <span className={`kiosk-tag kiosk-tag-${STATUS_TONES[c.status] ?? 'grey'}`}>
                  {label(c.status)}
                </span>
              </div>
              <dl className="kiosk-case-facts">
                <div>
                  <dt>{t('kiosk.cases.number')}</dt>
                  <dd className="kiosk-mono">{c.number}</dd>
                </div>
                <div>
                  <dt>{t('kiosk.cases.submittedAt')}</dt>
                  <dd>{minute(c.submittedAt)}</dd>
                </div>
                {c.sla ? (
                  <div>
                    <dt>{t('kiosk.cases.due')}</dt>
                    <dd>{day(c.sla.dueDate)}</dd>
                  </div>
                ) : null}
              </dl>
              <Link
                to={`${KIOSK_BASE}/receipt/${encodeURIComponent(c.id)}`}
                className="kiosk-link-button"
                data-testid="kiosk-case-print"
              >
                <PrinterOutlined aria-hidden="true" /> {t('kiosk.cases.print')}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** 受理回执: a printable receipt of one application. */
export function ReceiptScreen() {
  const { t } = useI18n();
  const label = useStatusLabel();
  const { id = '' } = useParams();
  const { data, error, loading, reload } = useQuery<CaseSummary>(
    apiUrl(`/me/cases/${encodeURIComponent(id)}`),
  );
  const [printed, setPrinted] = useState(false);
  useDocumentTitle(t('kiosk.receipt.title'));

  if (error) return <KioskError error={error} onRetry={reload} />;
  if (loading || !data) return <KioskLoading />;
  const print = () => {
    window.print();
    setPrinted(true);
  };
  return (
    <section aria-labelledby="kiosk-receipt-title">
      <div className="kiosk-receipt" data-testid="kiosk-receipt">
        <h1 id="kiosk-receipt-title" className="kiosk-receipt-title">
          {t('kiosk.receipt.title')}
        </h1>
        <dl className="kiosk-receipt-facts">
          <div>
            <dt>{t('kiosk.cases.number')}</dt>
            <dd className="kiosk-mono">{data.number}</dd>
          </div>
          <div>
            <dt>{t('kiosk.receipt.item')}</dt>
            <dd>{data.title}</dd>
          </div>
          <div>
            <dt>{t('kiosk.receipt.applicant')}</dt>
            <dd>{data.applicantName}</dd>
          </div>
          <div>
            <dt>{t('kiosk.receipt.department')}</dt>
            <dd>{data.departmentName ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('kiosk.cases.submittedAt')}</dt>
            <dd>{minute(data.submittedAt)}</dd>
          </div>
          {data.sla ? (
            <div>
              <dt>{t('kiosk.cases.due')}</dt>
              <dd>{day(data.sla.dueDate)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('kiosk.receipt.status')}</dt>
            <dd>{label(data.status)}</dd>
          </div>
          <div>
            <dt>{t('kiosk.receipt.printedAt')}</dt>
            <dd>{minute(new Date().toISOString())}</dd>
          </div>
        </dl>
        <p className="kiosk-receipt-note">{t('kiosk.receipt.note')}</p>
      </div>
      <div className="kiosk-actions kiosk-no-print">
        <Button
          type="primary"
          icon={<PrinterOutlined aria-hidden="true" />}
          className="kiosk-btn kiosk-btn-big"
          onClick={print}
          data-testid="kiosk-receipt-print"
        >
          {t('kiosk.receipt.print')}
        </Button>
      </div>
      {printed ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('kiosk.receipt.printed')}
          className="kiosk-alert"
        />
      ) : null}
    </section>
  );
}
