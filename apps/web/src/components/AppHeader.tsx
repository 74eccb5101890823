import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Dropdown, Grid, Layout, Modal, Typography } from 'antd';
import {
  FontSizeOutlined,
  GlobalOutlined,
  BankOutlined,
  CheckOutlined,
  KeyOutlined,
  LoginOutlined,
  LogoutOutlined,
  MenuOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useI18n } from '../i18n/index.tsx';
import { useElderMode } from '../theme/index.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { ButtonLink } from './ButtonLink.tsx';
import { useActingSwitch } from './useActingSwitch.ts';
import { apiUrl, useQuery } from '../api/hooks.ts';
import type { Authorisation } from '../api/identityTypes.ts';
import { NotificationsBell } from '../areas/portal/NotificationsBell.tsx';

interface AppHeaderProps {
  /** The area name shown beside the logo. */
  areaName?: string;
  /** When set, a menu button opens the area navigation (small screens). */
  onOpenNavigation?: () => void;
  /** Hide the sign-in link (on the login page itself). */
  hideLogin?: boolean;
}

export function AppHeader({ areaName, onOpenNavigation, hideLogin }: AppHeaderProps) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const compact = !screens.sm;
  const { hasArea } = useSession();

  return (
    <Layout.Header className="sufu-header">
      {onOpenNavigation ? (
        <Button
          type="text"
          icon={<MenuOutlined />}
          aria-label={t('header.menu.open')}
          onClick={onOpenNavigation}
          data-testid="nav-open"
        />
      ) : null}
      <Link
        to="/"
        className="sufu-brand"
        aria-label={compact ? t('header.home') : undefined}
        data-testid="brand-home"
      >
        <span className="sufu-brand-mark" aria-hidden="true">
          苏
        </span>
        {compact ? null : <span className="sufu-brand-name">{t('app.name')}</span>}
      </Link>
      {areaName ? <span className="sufu-area-name">{areaName}</span> : null}
      <span className="sufu-header-spacer" />
      <div className="sufu-header-actions">
        <LanguageSwitch />
        <ElderToggle compact={compact} />
        {hasArea('portal') ? <NotificationsBell /> : null}
        <UserArea compact={compact} hideLogin={hideLogin} />
      </div>
    </Layout.Header>
  );
}

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const target = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Button
      icon={<GlobalOutlined />}
      onClick={() => setLocale(target)}
      title={t('header.language.title')}
      lang={target}
      data-testid="lang-switch"
    >
      {t('header.language.target')}
    </Button>
  );
}

function ElderToggle({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  const { elder, setElder } = useElderMode();
  return (
    <Button
      icon={<FontSizeOutlined />}
      type={elder ? 'primary' : 'default'}
      aria-pressed={elder}
      aria-label={compact ? t('header.elder') : undefined}
      title={t('header.elder.title')}
      onClick={() => setElder(!elder)}
      data-testid="elder-toggle"
    >
      {compact ? null : t('header.elder')}
    </Button>
  );
}

function UserArea({ compact, hideLogin }: { compact: boolean; hideLogin?: boolean | undefined }) {
  const { t, pick } = useI18n();
  const { account, session, logout } = useSession();
  const actingFor = session?.authenticated ? session.actingFor : undefined;
  const [passwordOpen, setPasswordOpen] = useState(false);
  const { switchTo } = useActingSwitch();
  // Residents may act for organisations they represent or are authorised for.
  const organisations = useQuery<{ items: Authorisation[] }>(
    account?.kind === 'person' ? apiUrl('/me/organisations') : null,
  );
  const actable = (organisations.data?.items ?? []).filter((a) => a.status === 'active');
  const actingItems =
    actable.length > 0
      ? [
          { type: 'divider' as const },
          {
            key: 'acting:self',
            icon: actingFor ? <UserOutlined /> : <CheckOutlined />,
            label: <span data-testid="menu-acting-self">{t('acting.self')}</span>,
          },
          ...actable.map((a) => ({
            key: `acting:${a.organisation.id}`,
            icon: actingFor?.organisationId === a.organisation.id ? <CheckOutlined /> : <BankOutlined />,
            label: (
              <span data-testid={`menu-acting-${a.organisation.creditCode}`}>
                {t('acting.org', { name: a.organisation.name })}
              </span>
            ),
          })),
          { type: 'divider' as const },
        ]
      : [];

  if (!account) {
    if (hideLogin) return null;
    return (
      <ButtonLink to="/login" type="primary" icon={<LoginOutlined />} data-testid="header-login">
        {t('header.login')}
      </ButtonLink>
    );
  }

  const scopes =
    account.roles.length > 0
      ? account.roles.map((r) =>
          [pick(r.roleName), r.departmentName, r.regionName]
            .filter((part) => part && part.length > 0)
            .join(' · '),
        )
      : [t('header.noRoles')];

  return (
    <>
      <Dropdown
        trigger={['click']}
        placement="bottomRight"
        autoFocus
        menu={{
          items: [
            ...actingItems,
            {
              key: 'password',
              icon: <KeyOutlined />,
              label: <span data-testid="menu-change-password">{t('header.changePassword')}</span>,
            },
            {
              key: 'logout',
              icon: <LogoutOutlined />,
              danger: true,
              label: <span data-testid="menu-logout">{t('header.logout')}</span>,
            },
          ],
          onClick: ({ key }) => {
            if (key === 'password') setPasswordOpen(true);
            if (key === 'logout') void logout();
            if (key.startsWith('acting:')) {
              const id = key.slice('acting:'.length);
              void switchTo(id === 'self' ? null : id);
            }
          },
        }}
        popupRender={(menu) => (
          // `autoFocus` focuses this wrapper; hand focus on to the menu so arrow keys work.
          <div
            className="sufu-user-popup"
            tabIndex={-1}
            onFocus={(event) => {
              if (event.target === event.currentTarget)
                event.currentTarget.querySelector<HTMLElement>('[role="menu"]')?.focus();
            }}
          >
            <div className="sufu-user-info" data-testid="user-info">
              <Typography.Text strong>{account.displayName}</Typography.Text>
              <div className="sufu-user-username">{account.username}</div>
              {actingFor ? (
                <div data-testid="user-acting-for">{t('header.actingFor', { name: actingFor.name })}</div>
              ) : null}
              <ul className="sufu-user-scopes">
                {scopes.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </div>
            {menu}
          </div>
        )}
      >
        <Button
          icon={<UserOutlined />}
          aria-label={t('header.userMenu', { name: account.displayName })}
          aria-haspopup="menu"
          data-testid="user-menu"
        >
          {compact ? null : <span className="sufu-user-name">{account.displayName}</span>}
        </Button>
      </Dropdown>
      <Modal
        open={passwordOpen}
        title={t('password.title')}
        footer={null}
        onCancel={() => setPasswordOpen(false)}
        destroyOnHidden
      >
        <ChangePasswordForm idPrefix="header-change-password" />
      </Modal>
    </>
  );
}
