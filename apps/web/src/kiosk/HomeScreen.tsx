import { Link, useLocation } from 'react-router-dom';
import { Alert } from 'antd';
import {
  FileSearchOutlined,
  PrinterOutlined,
  ProfileOutlined,
  AppstoreOutlined,
  LoginOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useDocumentTitle } from '../components/Page.tsx';
import { KIOSK_BASE, useKiosk, type KioskNotice } from './context.ts';

const NOTICES: Record<KioskNotice, { key: MessageKey; type: 'success' | 'info' | 'warning' }> = {
  timedOut: { key: 'kiosk.notice.timedOut', type: 'info' },
  signedOut: { key: 'kiosk.notice.signedOut', type: 'success' },
  expired: { key: 'kiosk.notice.expired', type: 'warning' },
  signedIn: { key: 'kiosk.notice.signedIn', type: 'success' },
};

const TILES: {
  to: string;
  title: MessageKey;
  desc: MessageKey;
  descSignedIn?: MessageKey;
  icon: ReactNode;
  testid: string;
}[] = [
  {
    to: 'guide',
    title: 'kiosk.tile.guide',
    desc: 'kiosk.tile.guide.desc',
    icon: <FileSearchOutlined />,
    testid: 'kiosk-tile-guide',
  },
  {
    to: 'events',
    title: 'kiosk.tile.events',
    desc: 'kiosk.tile.events.desc',
    icon: <AppstoreOutlined />,
    testid: 'kiosk-tile-events',
  },
  {
    to: 'cases',
    title: 'kiosk.tile.cases',
    desc: 'kiosk.tile.cases.desc',
    descSignedIn: 'kiosk.tile.cases.descSignedIn',
    icon: <ProfileOutlined />,
    testid: 'kiosk-tile-cases',
  },
  {
    to: 'receipt',
    title: 'kiosk.tile.receipt',
    desc: 'kiosk.tile.receipt.desc',
    descSignedIn: 'kiosk.tile.receipt.descSignedIn',
    icon: <PrinterOutlined />,
    testid: 'kiosk-tile-receipt',
  },
];

/** The kiosk home: a greeting, the four big tiles and, for visitors, the way to sign in. */
export function HomeScreen() {
  const { t } = useI18n();
  const { signedIn, displayName } = useKiosk();
  const location = useLocation();
  const notice = (location.state as { notice?: KioskNotice } | null)?.notice;
  useDocumentTitle(t('kiosk.subtitle'));

  return (
    <section aria-labelledby="kiosk-home-title">
      <h1 id="kiosk-home-title" className="kiosk-h1" data-testid="kiosk-greeting">
        {signedIn && displayName ? t('kiosk.greeting.signedIn', { name: displayName }) : t('kiosk.greeting')}
      </h1>
      {notice && NOTICES[notice] ? (
        <Alert
          type={NOTICES[notice].type}
          showIcon
          role="status"
          title={t(NOTICES[notice].key)}
          className="kiosk-alert"
          data-testid="kiosk-notice"
        />
      ) : null}
      <nav aria-labelledby="kiosk-home-title">
        <ul className="kiosk-tiles">
          {TILES.map((tile) => (
            <li key={tile.to}>
              <Link to={`${KIOSK_BASE}/${tile.to}`} className="kiosk-tile" data-testid={tile.testid}>
                <span className="kiosk-tile-icon" aria-hidden="true">
                  {tile.icon}
                </span>
                <span className="kiosk-tile-title">{t(tile.title)}</span>
                <span className="kiosk-tile-desc">
                  {t(signedIn && tile.descSignedIn ? tile.descSignedIn : tile.desc)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {signedIn ? null : (
        <div className="kiosk-signin-card">
          <p className="kiosk-lead">{t('kiosk.signInPrompt')}</p>
          <Link
            to={`${KIOSK_BASE}/sign-in`}
            className="kiosk-link-button kiosk-link-button-primary"
            data-testid="kiosk-home-signin"
          >
            <LoginOutlined aria-hidden="true" /> {t('kiosk.signIn')}
          </Link>
        </div>
      )}
    </section>
  );
}
