import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Badge, Button, Card, Empty, Flex, List, Segmented, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { apiPost, toApiError, type ApiError } from '../../api/client.ts';
import type { NotificationItem } from '../../api/casesTypes.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Page } from '../../components/Page.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadingBlock } from '../../components/Loading.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { NOTIFICATIONS_CHANGED_EVENT, useNotifications } from './casesHooks.ts';

/** A link the server sent is followed only when it stays inside the app. */
const inApp = (link: string | null): link is string =>
  !!link && link.startsWith('/') && !link.startsWith('//');

/** 我的消息: case updates and other notices; mark one or all as read. */
export default function NotificationsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { data, error, loading, reload } = useNotifications(unreadOnly);
  const [busy, setBusy] = useState<string | undefined>();
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const items = data?.items ?? [];

  const changed = () => {
    window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED_EVENT));
    reload();
  };

  const markRead = async (n: NotificationItem) => {
    setBusy(n.id);
    setActionError(undefined);
    try {
      await apiPost(`/me/notifications/${encodeURIComponent(n.id)}/read`);
      changed();
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const markAll = async () => {
    setBusy('all');
    setActionError(undefined);
    try {
      await apiPost('/me/notifications/read-all');
      void message.success(t('notifications.allRead.done'));
      changed();
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Page
      title={t('notifications.title')}
      intro={t('notifications.intro')}
      extra={
        <Button
          icon={<CheckOutlined />}
          onClick={() => void markAll()}
          loading={busy === 'all'}
          disabled={!data || data.unread === 0}
          data-testid="notifications-read-all"
        >
          {t('notifications.allRead')}
        </Button>
      }
    >
      <Card>
        <Flex gap={12} wrap align="center" justify="space-between" style={{ marginBottom: 12 }}>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => setUnreadOnly(v === 'unread')}
            aria-label={t('notifications.filter')}
            options={[
              { value: 'all', label: t('notifications.filter.all') },
              { value: 'unread', label: t('notifications.filter.unread') },
            ]}
          />
          {data ? (
            <Typography.Text type="secondary" data-testid="notifications-unread" aria-live="polite">
              {t('notifications.unreadCount', { n: data.unread })}
            </Typography.Text>
          ) : null}
        </Flex>
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        {actionError ? <ErrorAlert error={actionError} title="error.title" /> : null}
        {loading && !data ? (
          <LoadingBlock rows={4} />
        ) : items.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={t(unreadOnly ? 'notifications.empty.unread' : 'notifications.empty')}
            data-testid="notifications-empty"
          />
        ) : (
          <List<NotificationItem>
            dataSource={items}
            data-testid="notifications-list"
            renderItem={(n) => (
              <List.Item
                key={n.id}
                data-testid={`notification-${n.id}`}
                data-read={n.readAt ? 'true' : 'false'}
                style={{ paddingInline: 0, alignItems: 'flex-start', flexWrap: 'wrap', gap: 8 }}
                actions={[
                  ...(inApp(n.link)
                    ? [
                        <Link
                          key="open"
                          to={n.link}
                          onClick={() => (n.readAt ? undefined : void markRead(n))}
                        >
                          {t('notifications.open')}
                        </Link>,
                      ]
                    : []),
                  ...(n.readAt
                    ? []
                    : [
                        <Button
                          key="read"
                          size="small"
                          type="link"
                          loading={busy === n.id}
                          onClick={() => void markRead(n)}
                          aria-label={t('notifications.markReadLabel', { title: pick(n.title) })}
                        >
                          {t('notifications.markRead')}
                        </Button>,
                      ]),
                ]}
              >
                <List.Item.Meta
                  avatar={n.readAt ? <Badge status="default" /> : <Badge status="processing" />}
                  title={
                    <Flex gap={8} wrap align="center">
                      <Typography.Text strong={!n.readAt}>{pick(n.title)}</Typography.Text>
                      {n.readAt ? null : (
                        <Typography.Text type="danger" style={{ fontSize: '0.85em' }}>
                          {t('notifications.unread')}
                        </Typography.Text>
                      )}
                    </Flex>
                  }
                  description={
                    <>
                      <div style={{ color: 'rgba(0,0,0,0.78)' }}>{pick(n.body)}</div>
                      <Typography.Text type="secondary">{formatDateTime(n.createdAt)}</Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Page>
  );
}
