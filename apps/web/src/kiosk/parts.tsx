import { Alert, Button, Spin } from 'antd';
import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';

export function KioskLoading() {
  const { t } = useI18n();
  return (
    <div className="kiosk-loading" role="status" aria-live="polite">
      <Spin size="large" />
      <span>{t('app.loading')}</span>
    </div>
  );
}

export function KioskError({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t, locale } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      className="kiosk-alert"
      title={error.localized(locale)}
      action={
        onRetry ? (
          <Button onClick={onRetry} className="kiosk-btn">
            {t('kiosk.error.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
