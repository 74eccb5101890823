import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n/index.tsx';
import { ElderModeProvider, buildTheme, useElderMode } from './theme/index.tsx';
import { SessionProvider } from './session/SessionProvider.tsx';
import { AREAS } from './areas/registry.tsx';
import { AreaLayout } from './components/AreaLayout.tsx';
import { SiteLayout } from './components/SiteLayout.tsx';
import { useA11yFixes } from './components/a11yFixes.ts';
import { AreaIndex, RequireArea, RequirePermission } from './components/RequireArea.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { RegisterPage } from './pages/RegisterPage.tsx';
import { AreaNotFound, ForbiddenPage, NotFoundPage } from './pages/ErrorPages.tsx';
import { LoadingScreen } from './components/Loading.tsx';

/** 自助终端: the full-screen kiosk shell, outside the area layouts, in its own chunk. */
const KioskApp = lazy(() => import('./kiosk/KioskApp.tsx'));
/** 办事服务 for everyone: the portal's catalog page without signing in (applying asks for sign-in). */
const PublicServicesPage = lazy(() => import('./areas/portal/ServicesPage.tsx'));

function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<HomePage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/403" element={<ForbiddenPage />} />
      <Route
        path="/services"
        element={
          <SiteLayout>
            <Suspense fallback={<LoadingScreen />}>
              <PublicServicesPage />
            </Suspense>
          </SiteLayout>
        }
      />
      <Route
        path="/kiosk/*"
        element={
          <Suspense fallback={<LoadingScreen />}>
            <KioskApp />
          </Suspense>
        }
      />
      {AREAS.map((area) => {
        return (
          <Route
            key={area.key}
            path={`/${area.key}`}
            element={
              <RequireArea area={area.key}>
                <AreaLayout area={area} />
              </RequireArea>
            }
          >
            <Route index element={<AreaIndex area={area} />} />
            {area.pages.map((page) => (
              <Route
                key={page.key}
                path={page.key}
                element={
                  <RequirePermission permission={page.permission}>
                    <page.component />
                  </RequirePermission>
                }
              />
            ))}
            <Route path="*" element={<AreaNotFound />} />
          </Route>
        );
      })}
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function ThemedApp() {
  useA11yFixes();
  const { locale } = useI18n();
  const { elder } = useElderMode();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCNLocale : enUSLocale}
      theme={buildTheme(elder)}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <ElderModeProvider>
        <ThemedApp />
      </ElderModeProvider>
    </I18nProvider>
  );
}
