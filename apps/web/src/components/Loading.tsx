import { Skeleton, Spin } from 'antd';
import { useI18n } from '../i18n/index.tsx';

/** Full-area spinner for route and session loading. */
export function LoadingScreen() {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }} role="status" aria-live="polite">
      <Spin description={t('app.loading')} size="large">
        <div style={{ width: 120, height: 60 }} />
      </Spin>
    </div>
  );
}

/** Placeholder for a block of content whose data is on the way. */
export function LoadingBlock({ rows = 4 }: { rows?: number }) {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">{t('app.loading')}</span>
      <Skeleton active paragraph={{ rows }} title={false} />
    </div>
  );
}
