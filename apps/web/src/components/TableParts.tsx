import { Button, Empty, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

/** The table's "no data" content: antd Empty only once the API has answered with nothing. */
export function useEmptyText(loading: boolean): ReactNode {
  const { t } = useI18n();
  return loading ? <span /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />;
}

/** "加载更多" under a cursor-paged table. */
export function LoadMore({
  hasMore,
  loading,
  loaded,
  count,
  onLoadMore,
}: {
  hasMore: boolean;
  loading: boolean;
  loaded: boolean;
  count: number;
  onLoadMore: () => void;
}) {
  const { t } = useI18n();
  if (!loaded) return null;
  return (
    <Flex justify="center" style={{ marginTop: 16 }}>
      {hasMore ? (
        <Button onClick={onLoadMore} loading={loading} data-testid="load-more">
          {t('common.loadMore')}
        </Button>
      ) : count > 0 ? (
        <Typography.Text type="secondary" data-testid="no-more">
          {t('common.noMore')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

const OUTCOMES: Record<string, { key: MessageKey; color: string }> = {
  success: { key: 'outcome.success', color: 'green' },
  allowed: { key: 'outcome.allowed', color: 'green' },
  denied: { key: 'outcome.denied', color: 'red' },
  failure: { key: 'outcome.failure', color: 'red' },
  error: { key: 'outcome.error', color: 'red' },
};

/** An audit outcome as a tag; unknown values are shown as sent. */
export function OutcomeTag({ outcome }: { outcome: string }) {
  const { t } = useI18n();
  const known = OUTCOMES[outcome];
  return <Tag color={known?.color}>{known ? t(known.key) : outcome}</Tag>;
}
