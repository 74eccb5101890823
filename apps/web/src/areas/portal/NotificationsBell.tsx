import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';
import { Badge, Grid } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { apiUrl, useQuery } from '../../api/hooks.ts';
import type { NotificationsPage } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useElderMode } from '../../theme/index.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { NOTIFICATIONS_CHANGED_EVENT } from './casesHooks.ts';

const REFRESH_MS = 60_000;

/** 消息 bell in the header: unread count, links to 我的消息; refreshes on navigation and every minute. */
export function NotificationsBell() {
  const { t } = useI18n();
  const location = useLocation();
  const { data, reload } = useQuery<NotificationsPage>(
    apiUrl('/me/notifications', { limit: 1, unread: 'true' }),
  );
  const unread = data?.unread ?? 0;

  const lastPath = useRef(location.pathname);
  useEffect(() => {
    if (lastPath.current === location.pathname) return;
    lastPath.current = location.pathname;
    reload();
  }, [location.pathname, reload]);

  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED_EVENT, reload);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED_EVENT, reload);
    };
  }, [reload]);

  const { elder } = useElderMode();
  const screens = Grid.useBreakpoint();
  // 长辈版 on a phone has no room for one more large button: 我的消息 stays in the menu.
  if (elder && !screens.sm) return null;

  const label = unread > 0 ? t('notifications.bell.unread', { n: unread }) : t('notifications.bell');
  // The count sits beside the link (not inside it), so the link's name is exactly its aria-label.
  return (
    <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
      <ButtonLink
        to="/portal/notifications"
        aria-label={label}
        title={label}
        data-testid="header-notifications"
        data-unread={unread}
        icon={<BellOutlined aria-hidden />}
      >
        {null}
      </ButtonLink>
    </Badge>
  );
}
