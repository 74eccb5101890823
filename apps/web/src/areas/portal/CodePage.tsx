import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Progress, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { apiPost, toApiError, withQuery, type ApiError } from '../../api/client.ts';
import type { OfflineCode, ServiceCode } from '../../api/identityTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { Page, SectionTitle } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { formatDateTimeSeconds } from '../../lib/format.ts';
import { holderQuery, svgDataUrl } from '../../lib/serviceCode.ts';

const QR_SIZE = 240;
/** Without network, try again this often. */
const RETRY_MS = 10_000;

interface Shown {
  /** The code on screen (the fresh one, or an offline follow-up code). */
  code: OfflineCode;
  /** QR image source for that code. */
  src: string;
  offline: boolean;
}

/** The code whose validity window contains `now`, if any. */
function codeFor(now: number, codes: OfflineCode[]): OfflineCode | undefined {
  return codes.find((c) => Date.parse(c.issuedAt) <= now && now < Date.parse(c.expiresAt));
}

async function qrFor(code: string): Promise<string> {
  const { toDataURL } = await import('qrcode');
  return toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: QR_SIZE });
}

/**
 * 我的苏服码: a signed code valid 60 s as a QR, refreshed automatically; when the network fails,
 * the offline follow-up codes the server issued with it are shown in turn ("离线模式").
 */
export default function CodePage() {
  const { t } = useI18n();
  const { session } = useSession();
  const actingFor = session?.authenticated ? session.actingFor : undefined;
  const orgId = actingFor?.organisationId;
  const [issued, setIssued] = useState<ServiceCode | undefined>();
  const [shown, setShown] = useState<Shown | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(true);
  /** Server time minus browser time, measured at the last issue (phones' clocks drift). */
  const skew = useRef(0);
  const [now, setNow] = useState(() => Date.now());
  const timer = useRef<number | undefined>(undefined);
  const issuedRef = useRef<ServiceCode | undefined>(undefined);

  const schedule = useCallback((ms: number, fn: () => void) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(fn, Math.max(1000, ms));
  }, []);

  const fetchCode = useCallback(async () => {
    setLoading(true);
    try {
      const code = await apiPost<ServiceCode>(
        withQuery('/service-code/me', { image: 'svg', offline: 4, ...holderQuery(orgId) }),
      );
      skew.current = Date.parse(code.issuedAt) - Date.now();
      issuedRef.current = code;
      setIssued(code);
      setError(undefined);
      setShown({
        code,
        src: code.qrSvg
          ? svgDataUrl(code.qrSvg)
          : code.qrPngDataUrl
            ? code.qrPngDataUrl
            : await qrFor(code.code),
        offline: false,
      });
      schedule(code.refreshAfterSeconds * 1000, () => void fetchCode());
    } catch (e) {
      const problem = toApiError(e);
      const last = issuedRef.current;
      const serverNow = Date.now() + skew.current;
      const fallback =
        problem.status === 0 && last ? codeFor(serverNow, [last, ...last.offlineCodes]) : undefined;
      if (fallback) {
        setError(undefined);
        setShown({ code: fallback, src: await qrFor(fallback.code), offline: true });
      } else {
        setError(problem);
        setShown(undefined);
      }
      // Keep trying; meanwhile the next offline code (if any) is picked up on the next attempt.
      if (problem.status === 0) {
        const wait = fallback ? Math.min(RETRY_MS, Date.parse(fallback.expiresAt) - serverNow) : RETRY_MS;
        schedule(wait, () => void fetchCode());
      }
    } finally {
      setLoading(false);
    }
  }, [orgId, schedule]);

  useEffect(() => {
    issuedRef.current = undefined;
    setIssued(undefined);
    void fetchCode();
    return () => window.clearTimeout(timer.current);
  }, [fetchCode]);

  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(tick);
  }, []);

  const expiresAt = shown ? Date.parse(shown.code.expiresAt) : 0;
  const lifetime = issued?.lifetimeSeconds ?? 60;
  const left = shown ? Math.max(0, Math.ceil((expiresAt - (now + skew.current)) / 1000)) : 0;

  return (
    <Page title={t('code.title')} intro={t('code.intro')}>
      <Card
        title={
          <SectionTitle id="code-heading">
            {actingFor ? t('code.organisation', { name: actingFor.name }) : t('code.personal')}
          </SectionTitle>
        }
      >
        <Flex vertical align="center" gap={12}>
          {shown?.offline ? (
            <Alert
              type="warning"
              showIcon
              role="status"
              title={t('code.offline')}
              description={t('code.offline.desc')}
              data-testid="service-code-offline"
            />
          ) : null}
          {error ? <ErrorAlert error={error} onRetry={() => void fetchCode()} /> : null}
          {!shown && loading ? <LoadingBlock rows={6} /> : null}
          {shown ? (
            <>
              <img
                src={shown.src}
                width={QR_SIZE}
                height={QR_SIZE}
                alt={t('code.qrAlt')}
                data-testid="service-code-qr"
                style={{ maxWidth: '100%', height: 'auto', opacity: left > 0 ? 1 : 0.25 }}
              />
              {issued ? (
                <Typography.Text strong data-testid="service-code-holder">
                  {issued.holder.nameMasked}
                </Typography.Text>
              ) : null}
              <Progress
                percent={Math.round((left / lifetime) * 100)}
                showInfo={false}
                style={{ width: QR_SIZE, maxWidth: '100%' }}
                aria-hidden="true"
              />
              <Typography.Text data-testid="service-code-countdown" data-seconds={left} aria-live="off">
                {left > 0 ? t('code.countdown', { seconds: left }) : t('code.expired')}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('code.validUntil', { time: formatDateTimeSeconds(shown.code.expiresAt) })}
              </Typography.Text>
              <Button
                icon={<ReloadOutlined />}
                onClick={() => void fetchCode()}
                loading={loading}
                data-testid="service-code-refresh"
              >
                {t('common.refresh')}
              </Button>
              <details className="sufu-code-details">
                <summary>{t('code.raw')}</summary>
                <code className="sufu-code-text" data-testid="service-code-text">
                  {shown.code.code}
                </code>
              </details>
            </>
          ) : null}
        </Flex>
      </Card>
      <Card title={<SectionTitle id="code-about">{t('code.about')}</SectionTitle>}>
        <ul className="sufu-plain-list">
          <li>{t('code.about.noData')}</li>
          <li>{t('code.about.validity')}</li>
          <li>{t('code.about.offline')}</li>
          <li>{t('code.about.scans')}</li>
        </ul>
      </Card>
    </Page>
  );
}
