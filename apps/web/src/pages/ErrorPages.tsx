import { Result } from 'antd';
import { useI18n } from '../i18n/index.tsx';
import { SiteLayout } from '../components/SiteLayout.tsx';
import { useDocumentTitle } from '../components/Page.tsx';
import { ButtonLink } from '../components/ButtonLink.tsx';

function HomeLink() {
  const { t } = useI18n();
  return (
    <ButtonLink to="/" type="primary" data-testid="back-home">
      {t('page.backHome')}
    </ButtonLink>
  );
}

/** 403: signed in, but the account's roles do not include this area. */
export function ForbiddenPage() {
  const { t } = useI18n();
  useDocumentTitle(t('page.forbidden.title'));
  return (
    <SiteLayout>
      <Result
        status="403"
        title={<h1 className="sufu-result-title">{t('page.forbidden.title')}</h1>}
        subTitle={t('page.forbidden.desc')}
        extra={<HomeLink />}
        data-testid="page-403"
      />
    </SiteLayout>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  useDocumentTitle(t('page.notFound.title'));
  return (
    <SiteLayout>
      <Result
        status="404"
        title={<h1 className="sufu-result-title">{t('page.notFound.title')}</h1>}
        subTitle={t('page.notFound.desc')}
        extra={<HomeLink />}
        data-testid="page-404"
      />
    </SiteLayout>
  );
}

/** A 404 inside an area layout (the area frame stays). */
export function AreaNotFound() {
  const { t } = useI18n();
  useDocumentTitle(t('page.notFound.title'));
  return (
    <Result
      status="404"
      title={<h1 className="sufu-result-title">{t('page.notFound.title')}</h1>}
      subTitle={t('page.notFound.desc')}
      extra={<HomeLink />}
      data-testid="page-404"
    />
  );
}

/** A 403 inside an area layout: the page exists but needs a permission this account lacks. */
export function AreaForbidden() {
  const { t } = useI18n();
  useDocumentTitle(t('page.forbidden.title'));
  return (
    <Result
      status="403"
      title={<h1 className="sufu-result-title">{t('page.forbidden.title')}</h1>}
      subTitle={t('page.forbiddenPage.desc')}
      extra={<HomeLink />}
      data-testid="page-403"
    />
  );
}
