import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { Button, Card, Form, Input, Result, Space, Typography } from 'antd';
import { apiPost, toApiError, type ApiError } from '../api/client.ts';
import type { AuthenticatedResult } from '../api/identityTypes.ts';
import type { RealNameLevel } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { SiteLayout } from '../components/SiteLayout.tsx';
import { useDocumentTitle } from '../components/Page.tsx';
import { ApiFormError, applyFieldErrors } from '../components/ApiFormError.tsx';
import { LoadingScreen } from '../components/Loading.tsx';
import { SmsCodeButton } from '../components/SmsCodeButton.tsx';
import { LevelTag } from '../components/LevelTag.tsx';

interface Values {
  name: string;
  idNumber: string;
  mobile: string;
  code: string;
  password: string;
  confirm: string;
}

/** At least 10 characters with a letter, a digit and a symbol (the server checks the same and more). */
export const PASSWORD_RULE = /^(?=.*[A-Za-z])(?=.*\d)(?=.*[^A-Za-z0-9]).{10,}$/;
const ID_NUMBER = /^\d{17}[\dXx]$/;
const MOBILE = /^1\d{10}$/;

/** 实名注册: name, 公民身份号码, mobile + SMS code, password → signed in; shows the level obtained. */
export function RegisterPage() {
  const { t, locale } = useI18n();
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const [done, setDone] = useState<{ level: RealNameLevel | null; name: string } | undefined>();
  useDocumentTitle(t('register.title'));

  if (session === undefined) return <LoadingScreen />;
  if (session.authenticated && !done) return <Navigate to="/portal" replace />;

  const onFinish = async (v: Values) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const result = await apiPost<AuthenticatedResult>(
        '/registration',
        {
          name: v.name.trim(),
          idNumber: v.idNumber.trim().toUpperCase(),
          mobile: v.mobile.trim(),
          code: v.code.trim(),
          password: v.password,
        },
        { quietUnauthorized: true },
      );
      setDone({
        level: result.session.account.realNameLevel ?? null,
        name: result.session.account.displayName,
      });
      signedIn(result.session);
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setError(problem);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <SiteLayout hideLogin>
      <div style={{ maxWidth: 520, margin: '24px auto' }}>
        <Card>
          {done ? (
            <Result
              status="success"
              title={<h1 className="sufu-result-title">{t('register.done.title', { name: done.name })}</h1>}
              subTitle={
                <span data-testid="register-level">
                  {t('register.done.level')} <LevelTag level={done.level} />{' '}
                  {done.level === 'L2' ? t('register.done.l2') : t('register.done.l1')}
                </span>
              }
              extra={
                <Button
                  type="primary"
                  onClick={() => navigate('/portal', { replace: true })}
                  data-testid="register-continue"
                >
                  {t('register.done.continue')}
                </Button>
              }
            />
          ) : (
            <>
              <Typography.Title level={1} className="sufu-page-title" style={{ fontSize: '1.6em' }}>
                {t('register.title')}
              </Typography.Title>
              <Typography.Paragraph>{t('register.intro')}</Typography.Paragraph>
              <Form
                form={form}
                name="register"
                layout="vertical"
                requiredMark={false}
                onFinish={(v) => void onFinish(v)}
              >
                <ApiFormError error={error} />
                <Form.Item
                  name="name"
                  label={t('register.name')}
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      min: 2,
                      max: 30,
                      message: t('register.name.required'),
                    },
                  ]}
                >
                  <Input autoComplete="name" data-testid="register-name" />
                </Form.Item>
                <Form.Item
                  name="idNumber"
                  label={t('register.idNumber')}
                  rules={[{ required: true, pattern: ID_NUMBER, message: t('register.idNumber.invalid') }]}
                >
                  <Input maxLength={18} autoComplete="off" data-testid="register-id-number" />
                </Form.Item>
                <Form.Item
                  name="mobile"
                  label={t('register.mobile')}
                  rules={[{ required: true, pattern: MOBILE, message: t('register.mobile.invalid') }]}
                >
                  <Input inputMode="tel" maxLength={11} autoComplete="tel" data-testid="register-mobile" />
                </Form.Item>
                <Form.Item label={t('register.code')} htmlFor="register_code" required>
                  <Space.Compact style={{ width: '100%' }}>
                    <Form.Item
                      name="code"
                      noStyle
                      rules={[{ required: true, pattern: /^\d{6}$/, message: t('register.code.invalid') }]}
                    >
                      <Input
                        id="register_code"
                        inputMode="numeric"
                        autoComplete="one-time-code"
                        maxLength={6}
                        data-testid="register-code"
                      />
                    </Form.Item>
                    <SmsCodeButton
                      endpoint="/registration/code"
                      testid="register-send-code"
                      onError={(e) => {
                        setError(e);
                        if (e) applyFieldErrors(form, e, locale);
                      }}
                      getMobile={async () => {
                        try {
                          const { mobile } = await form.validateFields(['mobile']);
                          return mobile.trim();
                        } catch {
                          return undefined;
                        }
                      }}
                    />
                  </Space.Compact>
                </Form.Item>
                <Form.Item
                  name="password"
                  label={t('register.password')}
                  extra={t('register.password.rule')}
                  rules={[{ required: true, pattern: PASSWORD_RULE, message: t('register.password.rule') }]}
                >
                  <Input.Password autoComplete="new-password" data-testid="register-password" />
                </Form.Item>
                <Form.Item
                  name="confirm"
                  label={t('register.confirm')}
                  dependencies={['password']}
                  rules={[
                    { required: true, message: t('register.confirm.required') },
                    ({ getFieldValue }) => ({
                      validator: (_, value) =>
                        !value || getFieldValue('password') === value
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('register.confirm.mismatch'))),
                    }),
                  ]}
                >
                  <Input.Password autoComplete="new-password" data-testid="register-confirm" />
                </Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  block
                  size="large"
                  loading={submitting}
                  data-testid="register-submit"
                >
                  {t('register.submit')}
                </Button>
                <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
                  {t('register.haveAccount')}{' '}
                  <Link to="/login" className="sufu-text-link">
                    {t('register.toLogin')}
                  </Link>
                </Typography.Paragraph>
              </Form>
            </>
          )}
        </Card>
      </div>
    </SiteLayout>
  );
}
