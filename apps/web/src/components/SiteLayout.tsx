import type { ReactNode } from 'react';
import { Layout } from 'antd';
import { useI18n } from '../i18n/index.tsx';
import { AppHeader } from './AppHeader.tsx';
import { SkipLink } from './SkipLink.tsx';

/** The frame of pages outside the areas: home, login, 403, 404. */
export function SiteLayout({ children, hideLogin }: { children: ReactNode; hideLogin?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <SkipLink />
      <Layout style={{ minHeight: '100vh' }}>
        <AppHeader hideLogin={hideLogin} />
        <Layout.Content id="main" tabIndex={-1} className="sufu-content">
          <div style={{ maxWidth: 1200, margin: '0 auto' }}>{children}</div>
        </Layout.Content>
        <Layout.Footer className="sufu-footer">{t('app.footer')}</Layout.Footer>
      </Layout>
    </>
  );
}
