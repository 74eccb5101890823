import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { apiUrl, useQuery } from '../api/hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import { useDocumentTitle } from '../components/Page.tsx';
import { KIOSK_BASE, useKiosk } from './context.ts';
import { KioskError, KioskLoading } from './parts.tsx';
import type { LifeEvent } from './types.ts';

const nameOf = (locale: string, e: { name: string; nameEn: string }) =>
  locale === 'en' && e.nameEn ? e.nameEn : e.name;

/** 一件事: the one-thing bundles as big cards. */
export function EventsScreen() {
  const { t, locale } = useI18n();
  const { data, error, loading, reload } = useQuery<{ items: LifeEvent[] }>(apiUrl('/catalog/life-events'));
  useDocumentTitle(t('kiosk.events.title'));

  return (
    <section aria-labelledby="kiosk-events-title">
      <h1 id="kiosk-events-title" className="kiosk-h1">
        {t('kiosk.events.title')}
      </h1>
      <p className="kiosk-lead">{t('kiosk.events.intro')}</p>
      {error ? <KioskError error={error} onRetry={reload} /> : null}
      {loading && !data ? <KioskLoading /> : null}
      {data && data.items.length === 0 ? <p className="kiosk-empty">{t('kiosk.events.empty')}</p> : null}
      {data && data.items.length ? (
        <ul className="kiosk-event-grid">
          {data.items.map((e) => (
            <li key={e.id}>
              <Link
                to={`${KIOSK_BASE}/events/${encodeURIComponent(e.id)}`}
                className="kiosk-event-card"
                data-testid="kiosk-event-card"
              >
                <span className="kiosk-card-title">{nameOf(locale, e)}</span>
                <span className="kiosk-card-meta">{t('kiosk.events.count', { count: e.items.length })}</span>
                <span className="kiosk-event-items" lang="zh-CN">
                  {e.items
                    .slice(0, 3)
                    .map((i) => i.name)
                    .join('、')}
                  {e.items.length > 3 ? '…' : ''}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** One bundle: its services (each opens its guide) and the other steps. */
export function EventScreen() {
  const { t, locale } = useI18n();
  const { id = '' } = useParams();
  const { signedIn } = useKiosk();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useQuery<LifeEvent>(
    apiUrl(`/catalog/life-events/${encodeURIComponent(id)}`),
  );
  useDocumentTitle(data ? nameOf(locale, data) : t('kiosk.events.title'));

  if (error) return <KioskError error={error} onRetry={reload} />;
  if (loading || !data) return <KioskLoading />;
  return (
    <article aria-labelledby="kiosk-event-title">
      <h1 id="kiosk-event-title" className="kiosk-h1" data-testid="kiosk-event-title">
        {nameOf(locale, data)}
      </h1>
      <p className="kiosk-lead">{t('kiosk.events.intro')}</p>
      <h2 className="kiosk-h2">{t('kiosk.events.items')}</h2>
      <ol className="kiosk-list">
        {data.items.map((item) => (
          <li key={item.id}>
            <Link
              to={`${KIOSK_BASE}/guide/${encodeURIComponent(item.id)}`}
              className="kiosk-card"
              lang="zh-CN"
            >
              <span className="kiosk-card-title">{item.name}</span>
              <RightOutlined aria-hidden="true" className="kiosk-card-arrow" />
            </Link>
          </li>
        ))}
      </ol>
      {data.otherSteps.length ? (
        <>
          <h2 className="kiosk-h2">{t('kiosk.events.other')}</h2>
          <ul className="kiosk-steps" lang="zh-CN">
            {data.otherSteps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="kiosk-actions">
        <Button
          type="primary"
          className="kiosk-btn kiosk-btn-big"
          onClick={() => {
            const applyPath = `${KIOSK_BASE}/apply?bundle=${encodeURIComponent(data.id)}`;
            if (signedIn) navigate(applyPath);
            else navigate(`${KIOSK_BASE}/sign-in`, { state: { next: applyPath } });
          }}
          data-testid="kiosk-event-apply"
        >
          {signedIn ? t('kiosk.events.apply') : t('kiosk.item.applyAfterSignIn')}
        </Button>
      </div>
    </article>
  );
}
