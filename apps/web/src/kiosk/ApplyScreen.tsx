import { lazy, Suspense, type ComponentType, type MouseEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ExportOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/index.tsx';
import { useDocumentTitle } from '../components/Page.tsx';
import { KioskLoading } from './parts.tsx';
import { KIOSK_BASE } from './context.ts';

/**
 * The portal's application page, when the build has it: the kiosk renders the very same
 * component (same form, same catalog version) inside its own frame. `import.meta.glob`
 * finds nothing — and the kiosk links to the portal instead — while the page does not exist.
 */
const portalApply = import.meta.glob<{ default?: ComponentType; ApplyPage?: ComponentType }>(
  '../areas/portal/ApplyPage.tsx',
);
const loadApply = Object.values(portalApply)[0];
const PortalApplyPage = loadApply
  ? lazy(async () => {
      const m = await loadApply();
      const component = m.default ?? m.ApplyPage;
      if (!component) throw new Error('ApplyPage.tsx exports no component');
      return { default: component };
    })
  : null;

/**
 * Links of the portal page that lead to the resident's applications stay in the kiosk:
 * `/portal/cases` → 我的办件, `/portal/cases/<id>` → that application's receipt.
 */
export function kioskPathFor(href: string): string | null {
  const url = new URL(href, window.location.origin);
  if (url.origin !== window.location.origin) return null;
  if (url.pathname === '/portal/cases') return `${KIOSK_BASE}/cases`;
  const m = /^\/portal\/cases\/([^/]+)$/.exec(url.pathname);
  if (m) return `${KIOSK_BASE}/receipt/${m[1]}`;
  if (url.pathname === '/portal/apply') return `${KIOSK_BASE}/apply${url.search}`;
  return null;
}

/** 在线申请 inside the kiosk (`/kiosk/apply?item=…` or `?bundle=…`), signed in. */
export function ApplyScreen() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  useDocumentTitle(t('kiosk.apply.title'));

  const keepInKiosk = (e: MouseEvent<HTMLDivElement>) => {
    const link = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[href]');
    const href = link?.getAttribute('href');
    if (!href) return;
    const to = kioskPathFor(href);
    if (!to) return;
    e.preventDefault();
    e.stopPropagation();
    navigate(to);
  };

  if (PortalApplyPage)
    return (
      <div className="kiosk-apply" data-testid="kiosk-apply" onClickCapture={keepInKiosk}>
        <Suspense fallback={<KioskLoading />}>
          <PortalApplyPage />
        </Suspense>
      </div>
    );
  const portal = `/portal/apply?${params.toString()}`;
  return (
    <section aria-labelledby="kiosk-apply-title" data-testid="kiosk-apply">
      <h1 id="kiosk-apply-title" className="kiosk-h1">
        {t('kiosk.apply.title')}
      </h1>
      <p className="kiosk-lead">{t('kiosk.apply.elsewhere')}</p>
      <a
        href={portal}
        className="kiosk-link-button kiosk-link-button-primary"
        data-testid="kiosk-apply-portal"
      >
        <ExportOutlined aria-hidden="true" /> {t('kiosk.apply.open')}
      </a>
    </section>
  );
}
