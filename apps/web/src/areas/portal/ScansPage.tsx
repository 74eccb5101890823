import { useCallback, useEffect, useRef, useState } from 'react';
import { Card, Tag, Typography } from 'antd';
import { apiGet, toApiError, type ApiError } from '../../api/client.ts';
import type { ScanRecord } from '../../api/identityTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { Page } from '../../components/Page.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadMore, useEmptyText } from '../../components/TableParts.tsx';
import { formatDateTimeSeconds } from '../../lib/format.ts';
import { holderQuery } from '../../lib/serviceCode.ts';
import { PROFILE_LABELS, SCAN_OUTCOMES } from '../../lib/labels.ts';

const PAGE_SIZE = 20;

/** 扫码记录: where, when, by whom and for what my code (or my organisation's code) was scanned. */
export default function ScansPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const orgId = session?.authenticated ? session.actingFor?.organisationId : undefined;
  const actingName = session?.authenticated ? session.actingFor?.name : undefined;
  const [items, setItems] = useState<ScanRecord[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const controller = useRef<AbortController | null>(null);
  const emptyText = useEmptyText(loading);

  const load = useCallback(
    (before: string | null) => {
      controller.current?.abort();
      const c = new AbortController();
      controller.current = c;
      setLoading(true);
      setError(undefined);
      apiGet<{ items: ScanRecord[]; nextBefore: string | null }>(
        '/service-code/me/scans',
        { limit: PAGE_SIZE, before, ...holderQuery(orgId) },
        c.signal,
      ).then(
        (page) => {
          if (c.signal.aborted) return;
          setItems((old) => (before ? [...old, ...page.items] : page.items));
          setNextBefore(page.nextBefore);
          setLoaded(true);
          setLoading(false);
        },
        (e: unknown) => {
          if (c.signal.aborted) return;
          setError(toApiError(e));
          setLoading(false);
        },
      );
    },
    [orgId],
  );

  useEffect(() => {
    setItems([]);
    setLoaded(false);
    load(null);
    return () => controller.current?.abort();
  }, [load]);

  return (
    <Page
      title={t('scans.title')}
      intro={actingName ? t('scans.introOrg', { name: actingName }) : t('scans.intro')}
    >
      <Card>
        {error ? <ErrorAlert error={error} onRetry={() => load(null)} /> : null}
        <DataTable<ScanRecord>
          rowKey="id"
          size="middle"
          loading={loading && items.length === 0}
          dataSource={items}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="scans-table"
          locale={{ emptyText }}
          columns={[
            { key: 'at', title: t('scans.at'), dataIndex: 'at', render: formatDateTimeSeconds, width: 180 },
            {
              key: 'where',
              title: t('scans.where'),
              render: (_, r) => (
                <>
                  <div>{r.scanner.name}</div>
                  <Typography.Text type="secondary">{r.scanner.location}</Typography.Text>
                </>
              ),
            },
            {
              key: 'who',
              title: t('scans.who'),
              render: (_, r) => (
                <>
                  <div>{r.organisation ?? '—'}</div>
                  <Typography.Text type="secondary">{t(PROFILE_LABELS[r.profile])}</Typography.Text>
                </>
              ),
            },
            {
              key: 'purpose',
              title: t('scans.purpose'),
              render: (_, r) => (
                <>
                  <div>{r.purpose}</div>
                  {r.caseNumber ? (
                    <Typography.Text type="secondary">
                      {t('scans.case', { number: r.caseNumber })}
                    </Typography.Text>
                  ) : null}
                </>
              ),
            },
            {
              key: 'outcome',
              title: t('scans.outcome'),
              render: (_, r) => (
                <Tag color={r.accepted ? 'green' : 'red'} data-testid={`scan-outcome-${r.outcome}`}>
                  {SCAN_OUTCOMES[r.outcome] ? t(SCAN_OUTCOMES[r.outcome]!) : r.outcome}
                </Tag>
              ),
            },
          ]}
        />
        <LoadMore
          hasMore={nextBefore !== null}
          loading={loading}
          loaded={loaded}
          count={items.length}
          onLoadMore={() => load(nextBefore)}
        />
      </Card>
    </Page>
  );
}
