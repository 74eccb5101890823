import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Button, ConfigProvider, Modal, type ThemeConfig } from 'antd';
import {
  ArrowLeftOutlined,
  GlobalOutlined,
  HomeOutlined,
  LoginOutlined,
  LogoutOutlined,
} from '@ant-design/icons';
import { api, apiPost, SESSION_EXPIRED_EVENT } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { FONT_FAMILY } from '../theme/index.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { KioskContext, KIOSK_BASE, useKiosk, type KioskNotice, type KioskValue } from './context.ts';
import { DEFAULT_COUNTDOWN_SECONDS, readIdleSeconds, useIdleTimer } from './useIdleTimer.ts';
import { HomeScreen } from './HomeScreen.tsx';
import { SignInScreen } from './SignInScreen.tsx';
import { GuideScreen, ItemScreen } from './GuideScreen.tsx';
import { EventScreen, EventsScreen } from './EventsScreen.tsx';
import { CasesScreen, ReceiptScreen } from './CasesScreen.tsx';
import { ApplyScreen } from './ApplyScreen.tsx';
import { KioskLoading } from './parts.tsx';
import './kiosk.css';

/** Large type, large controls, high contrast: the kiosk's own antd theme on top of the app's. */
const KIOSK_THEME: ThemeConfig = {
  token: {
    fontFamily: FONT_FAMILY,
    fontSize: 22,
    fontSizeSM: 20,
    fontSizeLG: 26,
    fontSizeXL: 28,
    fontSizeHeading1: 40,
    fontSizeHeading2: 32,
    fontSizeHeading3: 28,
    controlHeight: 64,
    controlHeightSM: 48,
    controlHeightLG: 72,
    borderRadius: 12,
    colorPrimary: '#003eb3',
    colorLink: '#003eb3',
    colorInfo: '#003eb3',
    colorError: '#a8071a',
    colorText: '#000000',
    colorTextHeading: '#000000',
    colorTextSecondary: 'rgba(0, 0, 0, 0.85)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.78)',
    colorTextDescription: 'rgba(0, 0, 0, 0.78)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.65)',
    colorBorder: '#595959',
    lineWidth: 2,
  },
  components: {
    Button: { contentFontSize: 24, contentFontSizeLG: 28, paddingInline: 28, fontWeight: 600 },
    Input: { inputFontSize: 28, inputFontSizeLG: 30 },
    Modal: { titleFontSize: 34 },
  },
};

/** On a shared screen a name is shown masked: 张伟 → 张*. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return name;
  if (/^[\p{Script=Han}·]+$/u.test(name)) return chars[0] + '*'.repeat(chars.length - 1);
  return `${chars[0]}${'*'.repeat(Math.min(4, chars.length - 1))}`;
}

function RequireKioskSignIn({ children }: { children: ReactNode }) {
  const { signedIn } = useKiosk();
  const { session } = useSession();
  const location = useLocation();
  if (session === undefined) return <KioskLoading />;
  if (!signedIn)
    return (
      <Navigate to={`${KIOSK_BASE}/sign-in`} replace state={{ next: location.pathname + location.search }} />
    );
  return <>{children}</>;
}

function Clock() {
  const { locale } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  const date = now.toLocaleDateString(locale, { month: 'long', day: 'numeric', weekday: 'long' });
  const time = now.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
  return (
    <time className="kiosk-clock" dateTime={now.toISOString()}>
      <span className="kiosk-clock-time">{time}</span>
      <span className="kiosk-clock-date">{date}</span>
    </time>
  );
}

/**
 * 自助终端: the portal's catalog and application screens in a full-screen, touch-first frame
 * for the terminals in service halls — no site header or menus, large type, big tiles,
 * sign-in by 苏服码 or ID number + SMS code, and an automatic end of the visit after
 * inactivity that signs out and clears whatever was entered.
 */
export default function KioskApp() {
  const { t, locale, setLocale } = useI18n();
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [idleSeconds] = useState(() => readIdleSeconds(location.search));
  const countdownSeconds = Math.min(DEFAULT_COUNTDOWN_SECONDS, idleSeconds);
  const [visit, setVisit] = useState(0);
  const [ending, setEnding] = useState(false);
  const [entered, setEntered] = useState(false);
  const lastPing = useRef(Date.now());

  const authenticated = session?.authenticated === true && !ending && entered;
  const account = authenticated && session?.authenticated ? session.account : undefined;
  const sessionRef = useRef(session);
  sessionRef.current = session;

  /** Ends the visit: the next person finds the home screen, in Chinese, with nothing filled in. */
  const endVisit = useCallback(
    async (notice?: KioskNotice) => {
      setEnding(true);
      setVisit((v) => v + 1);
      navigate(KIOSK_BASE, { replace: true, state: notice ? { notice } : null });
      setLocale('zh-CN');
      window.scrollTo(0, 0);
      try {
        if (sessionRef.current?.authenticated)
          await apiPost('/session/logout', undefined, { quietUnauthorized: true });
      } catch {
        // Already gone on the server: signed out either way.
      }
      await refresh();
      setEnding(false);
    },
    [navigate, refresh, setLocale],
  );

  // A terminal starts every visit signed out (a reload in the middle of a visit included).
  useEffect(() => {
    if (entered || session === undefined) return;
    setEntered(true);
    if (session.authenticated) void endVisit();
  }, [entered, session, endVisit]);

  // A 401 means the server ended the session (idle, 15-minute limit): back to the kiosk home,
  // not to the portal's login page (the capture listener runs before the app-wide one).
  useEffect(() => {
    const onExpired = (e: Event) => {
      e.stopImmediatePropagation();
      void endVisit('expired');
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, onExpired, { capture: true });
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, onExpired, { capture: true });
  }, [endVisit]);

  // The absolute end of a kiosk session.
  const expiresAt = session?.authenticated ? Date.parse(session.expiresAt) : NaN;
  useEffect(() => {
    if (!authenticated || !Number.isFinite(expiresAt)) return;
    const timer = window.setTimeout(() => void endVisit('expired'), Math.max(0, expiresAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [authenticated, expiresAt, endVisit]);

  // Touches keep the server session alive too (at most one ping a minute).
  const onActivity = useCallback(() => {
    if (!sessionRef.current?.authenticated || Date.now() - lastPing.current < 60_000) return;
    lastPing.current = Date.now();
    void api<Session>('/session', { quietUnauthorized: true }).then(
      (s) => {
        if (!s.authenticated && sessionRef.current?.authenticated) void endVisit('expired');
      },
      () => undefined,
    );
  }, [endVisit]);

  const atHome = location.pathname.replace(/\/+$/, '') === KIOSK_BASE;
  const { secondsLeft, stay } = useIdleTimer({
    active: authenticated || !atHome || locale !== 'zh-CN',
    idleSeconds,
    countdownSeconds,
    onTimeout: () => void endVisit('timedOut'),
    onActivity,
  });

  const value = useMemo<KioskValue>(
    () => ({
      signedIn: authenticated,
      displayName: account ? maskName(account.displayName) : null,
      endVisit,
    }),
    [authenticated, account, endVisit],
  );

  const back = () => {
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) navigate(-1);
    else navigate(KIOSK_BASE);
  };

  return (
    <ConfigProvider theme={KIOSK_THEME} componentSize="large">
      <KioskContext.Provider value={value}>
        <div className={`kiosk${authenticated ? ' kiosk-signed-in' : ''}`} data-testid="kiosk">
          <a href="#kiosk-main" className="skip-link">
            {t('app.skipToContent')}
          </a>
          <header className="kiosk-header">
            <Link to={KIOSK_BASE} className="kiosk-brand" data-testid="kiosk-brand">
              <span className="kiosk-brand-mark" aria-hidden="true">
                苏
              </span>
              <span className="kiosk-brand-name">{t('app.name')}</span>
              <span className="kiosk-brand-sub">{t('kiosk.subtitle')}</span>
            </Link>
            <div className="kiosk-header-tools">
              <Clock />
              <Button
                ghost
                icon={<GlobalOutlined aria-hidden="true" />}
                className="kiosk-header-btn"
                onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
                title={t('kiosk.switchLanguage.label')}
                data-testid="kiosk-language"
              >
                <span lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}>{t('kiosk.switchLanguage')}</span>
              </Button>
              {authenticated ? (
                <>
                  <span className="kiosk-user" data-testid="kiosk-user">
                    {t('kiosk.signedInAs', { name: value.displayName ?? '' })}
                  </span>
                  <Button
                    className="kiosk-header-btn kiosk-header-btn-solid"
                    icon={<LogoutOutlined aria-hidden="true" />}
                    onClick={() => void endVisit('signedOut')}
                    data-testid="kiosk-signout"
                  >
                    {t('kiosk.signOut')}
                  </Button>
                </>
              ) : (
                <Link
                  to={`${KIOSK_BASE}/sign-in`}
                  className="kiosk-header-btn kiosk-header-link"
                  data-testid="kiosk-signin"
                >
                  <LoginOutlined aria-hidden="true" /> {t('kiosk.signIn')}
                </Link>
              )}
            </div>
          </header>
          <main id="kiosk-main" className="kiosk-main" tabIndex={-1} key={visit}>
            {session === undefined || !entered || ending ? (
              <KioskLoading />
            ) : (
              <Routes>
                <Route index element={<HomeScreen />} />
                <Route path="sign-in" element={<SignInScreen />} />
                <Route path="guide" element={<GuideScreen />} />
                <Route path="guide/:id" element={<ItemScreen />} />
                <Route path="events" element={<EventsScreen />} />
                <Route path="events/:id" element={<EventScreen />} />
                <Route
                  path="cases"
                  element={
                    <RequireKioskSignIn>
                      <CasesScreen />
                    </RequireKioskSignIn>
                  }
                />
                <Route
                  path="receipt"
                  element={
                    <RequireKioskSignIn>
                      <CasesScreen forReceipt />
                    </RequireKioskSignIn>
                  }
                />
                <Route
                  path="receipt/:id"
                  element={
                    <RequireKioskSignIn>
                      <ReceiptScreen />
                    </RequireKioskSignIn>
                  }
                />
                <Route
                  path="apply"
                  element={
                    <RequireKioskSignIn>
                      <ApplyScreen />
                    </RequireKioskSignIn>
                  }
                />
                <Route path="*" element={<Navigate to={KIOSK_BASE} replace />} />
              </Routes>
            )}
          </main>
          <footer className="kiosk-footer">
            {atHome ? null : (
              <>
                <Button
                  className="kiosk-footer-btn"
                  icon={<HomeOutlined aria-hidden="true" />}
                  onClick={() => navigate(KIOSK_BASE)}
                  data-testid="kiosk-home"
                >
                  {t('kiosk.home')}
                </Button>
                <Button
                  className="kiosk-footer-btn"
                  icon={<ArrowLeftOutlined aria-hidden="true" />}
                  onClick={back}
                  data-testid="kiosk-back"
                >
                  {t('kiosk.back')}
                </Button>
              </>
            )}
            <span className="kiosk-footer-help">{t('kiosk.help')}</span>
          </footer>
          <Modal
            open={secondsLeft !== null}
            title={t('kiosk.idle.title')}
            onCancel={stay}
            closable={false}
            centered
            width={720}
            className="kiosk-idle"
            footer={[
              <Button
                key="leave"
                className="kiosk-btn"
                onClick={() => void endVisit(authenticated ? 'signedOut' : undefined)}
                data-testid="kiosk-idle-leave"
              >
                {t('kiosk.idle.leave')}
              </Button>,
              <Button
                key="stay"
                type="primary"
                className="kiosk-btn"
                onClick={stay}
                autoFocus
                data-testid="kiosk-idle-stay"
              >
                {t('kiosk.idle.stay')}
              </Button>,
            ]}
          >
            <p className="kiosk-idle-body" data-testid="kiosk-idle-dialog">
              {t('kiosk.idle.body', { seconds: secondsLeft ?? 0 })}
            </p>
          </Modal>
        </div>
      </KioskContext.Provider>
    </ConfigProvider>
  );
}
