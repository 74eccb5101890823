import { Alert, Button } from 'antd';
import type { ApiError } from '../api/client.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

interface ErrorAlertProps {
  error: ApiError;
  title?: MessageKey;
  onRetry?: () => void;
}

/** Shows the server's problem message in the current language, with its request id. */
export function ErrorAlert({ error, title = 'error.loadTitle', onRetry }: ErrorAlertProps) {
  const { t, locale } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      title={t(title)}
      description={
        <>
          <div>{error.localized(locale)}</div>
          {error.requestId ? <div>{t('error.requestId', { id: error.requestId })}</div> : null}
        </>
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('error.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
