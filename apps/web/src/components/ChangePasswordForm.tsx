import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { apiPost, toApiError, type ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { ApiFormError, applyFieldErrors } from './ApiFormError.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Mirrors the server's policy so people see the problem before submitting: ≥10, letters, digits, symbols. */
export function meetsPasswordPolicy(value: string): boolean {
  return value.length >= 10 && /\p{L}/u.test(value) && /\d/.test(value) && /[^\p{L}\d\s]/u.test(value);
}

/**
 * Change my password (`POST /me/password`). On success every session ends, so we go to the
 * login page with a notice.
 */
export function ChangePasswordForm({ idPrefix = 'change-password' }: { idPrefix?: string }) {
  const { t, locale } = useI18n();
  const { signedOut } = useSession();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await apiPost('/me/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      signedOut('password_changed');
    } catch (e) {
      const problem = toApiError(e);
      if (problem.code === 'auth.password_policy' && problem.fieldErrors.length === 0) {
        form.setFields([{ name: 'newPassword', errors: [problem.localized(locale)] }]);
      } else {
        applyFieldErrors(form, problem, locale);
      }
      setError(problem);
      setSubmitting(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      name={idPrefix}
      layout="vertical"
      requiredMark
      onFinish={(v) => void onFinish(v)}
      style={{ maxWidth: 480 }}
    >
      <ApiFormError error={error} />
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.rule')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('password.required') },
          {
            validator: (_, value: string | undefined) =>
              !value || meetsPasswordPolicy(value)
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.ruleBroken'))),
          },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value !== getFieldValue('currentPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.sameAsOld'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Alert type="info" showIcon role="note" title={t('password.afterNote')} style={{ marginBottom: 16 }} />
      <Button type="primary" htmlType="submit" loading={submitting} data-testid="password-submit">
        {t('password.submit')}
      </Button>
    </Form>
  );
}
