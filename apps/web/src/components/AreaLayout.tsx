import { Suspense, useEffect, useRef, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Drawer, Grid, Layout, Menu } from 'antd';
import { visiblePages, type AreaDefinition } from '../areas/registry.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { useI18n } from '../i18n/index.tsx';
import { AppHeader } from './AppHeader.tsx';
import { SkipLink } from './SkipLink.tsx';
import { LoadingBlock } from './Loading.tsx';

/**
 * The frame of one area: header, side menu (a Drawer below the `lg` breakpoint) and content.
 * Menu items carry `data-testid="menu-<area>-<page>"`.
 */
export function AreaLayout({ area }: { area: AreaDefinition }) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const { account } = useSession();
  const pages = visiblePages(area, account?.permissions ?? []);
  const areaName = t(area.name);
  const current = location.pathname.split('/')[2] ?? '';

  // After in-app navigation, move focus to the content so screen readers start there.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.pathname]);

  const menu = (
    <nav aria-label={t('nav.label', { area: areaName })}>
      <Menu
        mode="inline"
        selectedKeys={[current]}
        style={{ borderInlineEnd: 'none' }}
        items={pages.map((page) => ({
          key: page.key,
          icon: page.icon,
          label: <span data-testid={`menu-${area.key}-${page.key}`}>{t(page.title)}</span>,
        }))}
        onClick={({ key }) => {
          setDrawerOpen(false);
          navigate(`/${area.key}/${key}`);
        }}
      />
    </nav>
  );

  return (
    <>
      <SkipLink />
      <Layout style={{ minHeight: '100vh' }}>
        <AppHeader areaName={areaName} onOpenNavigation={mobile ? () => setDrawerOpen(true) : undefined} />
        <Layout hasSider={!mobile}>
          {mobile ? null : (
            <Layout.Sider width={240} theme="light" style={{ borderInlineEnd: '1px solid #e5e7eb' }}>
              {menu}
            </Layout.Sider>
          )}
          <Layout.Content id="main" tabIndex={-1} className="sufu-content" data-area={area.key}>
            <Suspense fallback={<LoadingBlock rows={6} />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
        <Layout.Footer className="sufu-footer">{t('app.footer')}</Layout.Footer>
      </Layout>
      {mobile ? (
        <Drawer
          open={drawerOpen}
          placement="left"
          size={280}
          title={t('nav.drawerTitle', { area: areaName })}
          onClose={() => setDrawerOpen(false)}
          data-testid="nav-drawer"
        >
          {menu}
        </Drawer>
      ) : null}
    </>
  );
}
