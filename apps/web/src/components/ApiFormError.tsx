import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import type { ApiError } from '../api/client.ts';
import { useI18n, type Locale } from '../i18n/index.tsx';

/**
 * Put the server's per-field problems (`errors[].path`) on the matching form fields.
 * Returns true when at least one field got a message.
 */
export function applyFieldErrors(form: FormInstance, error: ApiError, locale: Locale): boolean {
  const fields = error.fieldErrors
    .filter((e) => e.path.length > 0)
    .map((e) => ({ name: e.path, errors: [e.message[locale] || e.message['zh-CN']] }));
  if (fields.length === 0) return false;
  form.setFields(fields);
  return true;
}

/** The form-level error: the server's message in the current language, announced (role=alert). */
export function ApiFormError({ error }: { error: ApiError | undefined }) {
  const { t, locale } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={error.localized(locale)}
      description={error.requestId ? t('error.requestId', { id: error.requestId }) : undefined}
      style={{ marginBottom: 16 }}
      data-testid="form-error"
    />
  );
}
