import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Input, type InputRef } from 'antd';
import { RightOutlined, SearchOutlined } from '@ant-design/icons';
import { toApiError, type ApiError } from '../api/client.ts';
import { apiUrl, useQuery } from '../api/hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import { useDocumentTitle } from '../components/Page.tsx';
import { searchCatalog } from './api.ts';
import { KIOSK_BASE, useKiosk } from './context.ts';
import { KioskLoading, KioskError } from './parts.tsx';
import type { ItemDetail, SearchResult } from './types.ts';

const HOT_WORDS = ['出生', '户口', '社保卡', '医保', '公积金', '营业执照', '结婚', '退休'];

/** 办事指南: a big search field, frequent searches as big chips, results as big cards. */
export function GuideScreen() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [text, setText] = useState(q);
  const [result, setResult] = useState<SearchResult | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);
  const input = useRef<InputRef>(null);
  useDocumentTitle(t('kiosk.search.title'));

  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (!q) {
      setResult(undefined);
      setError(undefined);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    searchCatalog(q, controller.signal).then(
      (r) => {
        if (controller.signal.aborted) return;
        setResult(r);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(toApiError(e));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [q, version]);

  const search = (word: string) => {
    const next = word.trim();
    if (next) setParams({ q: next });
    else input.current?.focus();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    search(text);
  };

  const name = (n: { name: string; nameEn: string }) => (locale === 'en' && n.nameEn ? n.nameEn : n.name);

  return (
    <section aria-labelledby="kiosk-guide-title">
      <h1 id="kiosk-guide-title" className="kiosk-h1">
        {t('kiosk.search.title')}
      </h1>
      <form role="search" onSubmit={onSubmit} className="kiosk-row kiosk-search">
        <label htmlFor="kiosk-search-input" className="sr-only">
          {t('kiosk.search.label')}
        </label>
        <Input
          id="kiosk-search-input"
          ref={input}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('kiosk.search.placeholder')}
          allowClear
          maxLength={50}
          enterKeyHint="search"
          className="kiosk-input"
          data-testid="kiosk-search-input"
        />
        <Button
          type="primary"
          htmlType="submit"
          icon={<SearchOutlined aria-hidden="true" />}
          className="kiosk-btn"
          data-testid="kiosk-search-submit"
        >
          {t('kiosk.search.submit')}
        </Button>
      </form>
      <div className="kiosk-hot" role="group" aria-labelledby="kiosk-hot-title">
        <span id="kiosk-hot-title" className="kiosk-hot-title">
          {t('kiosk.search.hot')}
        </span>
        {HOT_WORDS.map((w) => (
          <button
            key={w}
            type="button"
            className={`kiosk-chip${w === q ? ' kiosk-chip-active' : ''}`}
            aria-pressed={w === q}
            onClick={() => search(w)}
            lang="zh-CN"
          >
            {w}
          </button>
        ))}
      </div>
      <div aria-live="polite" aria-busy={loading}>
        {!q ? <p className="kiosk-muted">{t('kiosk.search.start')}</p> : null}
        {q && loading && !result ? <KioskLoading /> : null}
        {error ? <KioskError error={error} onRetry={() => setVersion((v) => v + 1)} /> : null}
        {q && result && !error ? (
          result.items.length === 0 && result.lifeEvents.length === 0 ? (
            <p className="kiosk-empty" data-testid="kiosk-search-empty">
              {t('kiosk.search.empty')}
            </p>
          ) : (
            <>
              {result.lifeEvents.length ? (
                <>
                  <h2 className="kiosk-h2">{t('kiosk.search.events')}</h2>
                  <ul className="kiosk-list">
                    {result.lifeEvents.map((e) => (
                      <li key={e.id}>
                        <Link
                          to={`${KIOSK_BASE}/events/${encodeURIComponent(e.id)}`}
                          className="kiosk-card kiosk-card-event"
                          data-testid="kiosk-result-event"
                        >
                          <span className="kiosk-card-title">{name(e)}</span>
                          <RightOutlined aria-hidden="true" className="kiosk-card-arrow" />
                        </Link>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {result.items.length ? (
                <>
                  <h2 className="kiosk-h2">{t('kiosk.search.items', { count: result.items.length })}</h2>
                  <ul className="kiosk-list">
                    {result.items.map((item) => (
                      <li key={item.id}>
                        <Link
                          to={`${KIOSK_BASE}/guide/${encodeURIComponent(item.id)}`}
                          className="kiosk-card"
                          data-testid="kiosk-result-item"
                        >
                          <span className="kiosk-card-title">{name(item)}</span>
                          <span className="kiosk-card-meta">
                            {item.promisedDays !== null ? (
                              <span>{t('kiosk.item.promised', { days: item.promisedDays })}</span>
                            ) : null}
                            {item.exemptMaterials > 0 ? (
                              <span>{t('kiosk.item.exempt', { count: item.exemptMaterials })}</span>
                            ) : null}
                          </span>
                          <RightOutlined aria-hidden="true" className="kiosk-card-arrow" />
                        </Link>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          )
        ) : null}
      </div>
    </section>
  );
}

/** One service item, from the same published version the portal shows. */
export function ItemScreen() {
  const { t, locale } = useI18n();
  const { id = '' } = useParams();
  const { signedIn } = useKiosk();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useQuery<ItemDetail>(
    apiUrl(`/catalog/items/${encodeURIComponent(id)}`),
  );
  const title = data ? (locale === 'en' && data.nameEn ? data.nameEn : data.name) : undefined;
  useDocumentTitle(title ?? t('kiosk.search.title'));

  if (error) return <KioskError error={error} onRetry={reload} />;
  if (loading || !data) return <KioskLoading />;

  const limit = data.promisedTimeLimit;
  const fee =
    data.fee.charged === null
      ? t('kiosk.item.fee.unknown')
      : data.fee.charged
        ? `${t('kiosk.item.fee.charged')}${data.fee.detail ? `：${data.fee.detail}` : ''}`
        : t('kiosk.item.fee.free');
  const onKiosk = data.channels.includes('kiosk') || data.channels.includes('web');
  const applyPath = `${KIOSK_BASE}/apply?item=${encodeURIComponent(data.id)}`;

  return (
    <article aria-labelledby="kiosk-item-title">
      <h1 id="kiosk-item-title" className="kiosk-h1" data-testid="kiosk-item-title">
        {title}
      </h1>
      <dl className="kiosk-facts">
        <div>
          <dt>{t('kiosk.item.department')}</dt>
          <dd>{data.departmentName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('kiosk.item.timeLimit')}</dt>
          <dd>
            {limit.days === null
              ? '—'
              : limit.unit === 'working_days'
                ? t('kiosk.item.promised', { days: limit.days })
                : t('kiosk.item.promisedDays', { days: limit.days })}
          </dd>
        </div>
        <div>
          <dt>{t('kiosk.item.visits')}</dt>
          <dd>
            {data.onSiteVisits.count === null
              ? '—'
              : t('kiosk.item.visits.value', { count: data.onSiteVisits.count })}
          </dd>
        </div>
        <div>
          <dt>{t('kiosk.item.fee')}</dt>
          <dd>{fee}</dd>
        </div>
      </dl>
      <h2 className="kiosk-h2">{t('kiosk.item.materials')}</h2>
      {data.materials && data.materials.length ? (
        <ol className="kiosk-materials">
          {data.materials.map((m, i) => (
            <li key={`${m.name}-${i}`}>
              <span className="kiosk-material-name">{m.name}</span>
              <span className="kiosk-material-tags">
                <span className={`kiosk-tag ${m.required ? 'kiosk-tag-red' : 'kiosk-tag-grey'}`}>
                  {m.required ? t('kiosk.item.required') : t('kiosk.item.optional')}
                </span>
                <span
                  className={`kiosk-tag ${m.source === 'applicant' ? 'kiosk-tag-grey' : 'kiosk-tag-green'}`}
                >
                  {t(`kiosk.item.source.${m.source}`)}
                </span>
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="kiosk-muted">{data.materialsNote ?? t('kiosk.item.materials.none')}</p>
      )}
      <div className="kiosk-actions">
        {onKiosk ? (
          <Button
            type="primary"
            className="kiosk-btn kiosk-btn-big"
            onClick={() =>
              signedIn
                ? navigate(applyPath)
                : navigate(`${KIOSK_BASE}/sign-in`, { state: { next: applyPath } })
            }
            data-testid="kiosk-item-apply"
          >
            {signedIn ? t('kiosk.item.apply') : t('kiosk.item.applyAfterSignIn')}
          </Button>
        ) : (
          <Alert type="info" showIcon title={t('kiosk.item.notOnKiosk')} className="kiosk-alert" />
        )}
      </div>
    </article>
  );
}
