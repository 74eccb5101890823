import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Space, Tabs, Typography } from 'antd';
import { apiPost, toApiError, type ApiError } from '../api/client.ts';
import type { AuthenticatedSession, LoginResult } from '../api/types.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { safeNext, useSession, type EndReason } from '../session/SessionProvider.tsx';
import { SiteLayout } from '../components/SiteLayout.tsx';
import { useDocumentTitle } from '../components/Page.tsx';
import { ApiFormError, applyFieldErrors } from '../components/ApiFormError.tsx';
import { LoadingScreen } from '../components/Loading.tsx';
import { SmsCodeButton } from '../components/SmsCodeButton.tsx';

/** Single sign-on hand-overs (`/oidc/interaction/…`) are server pages, not routes of this app. */
export function isServerPage(next: string): boolean {
  return next.startsWith('/oidc/');
}

/** After sign-in in an SSO interaction the browser must load the server page again. */
function ServerRedirect({ to }: { to: string }) {
  useEffect(() => {
    window.location.assign(to);
  }, [to]);
  return <LoadingScreen />;
}

type Step = { kind: 'password' } | { kind: 'totp' } | { kind: 'enrol'; secret: string; otpauthUri: string };

const NOTICES: Record<EndReason, MessageKey> = {
  expired: 'login.notice.expired',
  password_changed: 'login.notice.password_changed',
  logged_out: 'login.notice.logged_out',
};

/** 登录: password, then (when the server asks) a TOTP code or the TOTP enrolment. */
export function LoginPage() {
  const { t } = useI18n();
  const { session, signedIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const notice = params.get('notice') as EndReason | null;
  const [step, setStep] = useState<Step>({ kind: 'password' });
  useDocumentTitle(t('login.title'));

  if (session === undefined) return <LoadingScreen />;
  if (session.authenticated)
    return isServerPage(next) ? <ServerRedirect to={next} /> : <Navigate to={next} replace />;

  const onResult = (result: LoginResult) => {
    if (result.status === 'authenticated') {
      if (isServerPage(next)) {
        window.location.assign(next);
        return;
      }
      signedIn(result.session);
      navigate(next, { replace: true });
    } else if (result.status === 'totp_required') {
      setStep({ kind: 'totp' });
    } else {
      setStep({ kind: 'enrol', ...result.enrolment });
    }
  };

  return (
    <SiteLayout hideLogin>
      <div style={{ maxWidth: 460, margin: '24px auto' }}>
        <Card>
          <Typography.Title level={1} className="sufu-page-title" style={{ fontSize: '1.6em' }}>
            {step.kind === 'password'
              ? t('login.title')
              : step.kind === 'totp'
                ? t('login.totp.title')
                : t('login.enrol.title')}
          </Typography.Title>
          {notice && NOTICES[notice] && step.kind === 'password' ? (
            <Alert
              type={notice === 'expired' ? 'warning' : 'success'}
              showIcon
              role="status"
              title={t(NOTICES[notice])}
              style={{ marginBottom: 16 }}
              data-testid="login-notice"
            />
          ) : null}
          {step.kind === 'password' ? (
            <>
              <Tabs
                data-testid="login-tabs"
                items={[
                  {
                    key: 'password',
                    label: t('login.tab.password'),
                    children: <PasswordStep onResult={onResult} />,
                  },
                  { key: 'sms', label: t('login.tab.sms'), children: <SmsStep onResult={onResult} /> },
                ]}
              />
              <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
                {t('login.noAccount')}{' '}
                <Link to="/register" className="sufu-text-link" data-testid="login-register">
                  {t('login.register')}
                </Link>
              </Typography.Paragraph>
            </>
          ) : null}
          {step.kind === 'totp' ? (
            <CodeStep
              endpoint="/session/totp"
              intro={t('login.totp.intro')}
              label={t('login.totp.code')}
              submit={t('login.totp.submit')}
              testid="totp"
              onResult={onResult}
              onBack={() => setStep({ kind: 'password' })}
            />
          ) : null}
          {step.kind === 'enrol' ? (
            <>
              <Typography.Paragraph>{t('login.enrol.intro')}</Typography.Paragraph>
              <Enrolment secret={step.secret} otpauthUri={step.otpauthUri} />
              <CodeStep
                endpoint="/session/totp/enrol"
                label={t('login.totp.code')}
                submit={t('login.enrol.submit')}
                testid="enrol"
                onResult={onResult}
                onBack={() => setStep({ kind: 'password' })}
              />
            </>
          ) : null}
        </Card>
      </div>
    </SiteLayout>
  );
}

function PasswordStep({ onResult }: { onResult: (r: LoginResult) => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<ApiError | undefined>();
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async (values: { username: string; password: string }) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const result = await apiPost<LoginResult>(
        '/session/login',
        { username: values.username.trim(), password: values.password },
        { quietUnauthorized: true },
      );
      onResult(result);
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setError(problem);
      setSubmitting(false);
    }
  };

  return (
    <Form form={form} name="login" layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
      <Typography.Paragraph>{t('login.intro')}</Typography.Paragraph>
      <ApiFormError error={error} />
      <Form.Item
        name="username"
        label={t('login.username')}
        rules={[{ required: true, whitespace: true, message: t('login.username.required') }]}
      >
        <Input
          placeholder={t('login.username.placeholder')}
          autoComplete="username"
          autoFocus
          data-testid="login-username"
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('login.password')}
        rules={[{ required: true, message: t('login.password.required') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        loading={submitting}
        data-testid="login-submit"
      >
        {t('login.submit')}
      </Button>
    </Form>
  );
}

/** 短信验证码登录: mobile + "获取验证码" (60 s countdown) + the 6-digit code. */
function SmsStep({ onResult }: { onResult: (r: LoginResult) => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ mobile: string; code: string }>();
  const [error, setError] = useState<ApiError | undefined>();
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async (values: { mobile: string; code: string }) => {
    setSubmitting(true);
    setError(undefined);
    try {
      onResult(
        await apiPost<LoginResult>(
          '/session/sms-login',
          { mobile: values.mobile.trim(), code: values.code.trim() },
          { quietUnauthorized: true },
        ),
      );
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setError(problem);
      setSubmitting(false);
    }
  };

  return (
    <Form
      form={form}
      name="sms-login"
      layout="vertical"
      onFinish={(v) => void onFinish(v)}
      requiredMark={false}
    >
      <Typography.Paragraph>{t('login.sms.intro')}</Typography.Paragraph>
      <ApiFormError error={error} />
      <Form.Item
        name="mobile"
        label={t('register.mobile')}
        rules={[{ required: true, pattern: /^\s*1\d{10}\s*$/, message: t('register.mobile.invalid') }]}
      >
        <Input inputMode="tel" maxLength={11} autoComplete="tel" data-testid="sms-mobile" />
      </Form.Item>
      <Form.Item label={t('register.code')} htmlFor="sms-login_code" required>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item
            name="code"
            noStyle
            rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('register.code.invalid') }]}
          >
            <Input
              id="sms-login_code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              data-testid="sms-code"
            />
          </Form.Item>
          <SmsCodeButton
            endpoint="/session/sms-code"
            testid="sms-send-code"
            onError={setError}
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
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        loading={submitting}
        data-testid="sms-submit"
      >
        {t('login.submit')}
      </Button>
    </Form>
  );
}

interface CodeStepProps {
  endpoint: '/session/totp' | '/session/totp/enrol';
  intro?: string;
  label: string;
  submit: string;
  testid: 'totp' | 'enrol';
  onResult: (r: LoginResult) => void;
  onBack: () => void;
}

function CodeStep({ endpoint, intro, label, submit, testid, onResult, onBack }: CodeStepProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ code: string }>();
  const [error, setError] = useState<ApiError | undefined>();
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async ({ code }: { code: string }) => {
    setSubmitting(true);
    setError(undefined);
    try {
      onResult(
        await apiPost<{ status: 'authenticated'; session: AuthenticatedSession }>(
          endpoint,
          { code: code.trim() },
          { quietUnauthorized: true },
        ),
      );
    } catch (e) {
      const problem = toApiError(e);
      applyFieldErrors(form, problem, locale);
      setError(problem);
      form.setFieldValue('code', '');
      setSubmitting(false);
    }
  };

  return (
    <Form form={form} name={testid} layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
      {intro ? <Typography.Paragraph>{intro}</Typography.Paragraph> : null}
      <ApiFormError error={error} />
      <Form.Item
        name="code"
        label={label}
        rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.totp.required') }]}
      >
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          autoFocus
          style={{ letterSpacing: '0.3em', maxWidth: 220 }}
          data-testid={`${testid}-code`}
        />
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid={`${testid}-submit`}>
          {submit}
        </Button>
        <Button type="link" onClick={onBack} data-testid="login-back">
          {t('login.back')}
        </Button>
      </Space>
    </Form>
  );
}

/** The QR code of the otpauth URI, and the secret in groups of four for typing by hand. */
function Enrolment({ secret, otpauthUri }: { secret: string; otpauthUri: string }) {
  const { t } = useI18n();
  const [dataUrl, setDataUrl] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    void import('qrcode')
      .then(({ toDataURL }) => toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 208 }))
      .then((url) => {
        if (live) setDataUrl(url);
      });
    return () => {
      live = false;
    };
  }, [otpauthUri]);

  const grouped = secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
  return (
    <div style={{ marginBottom: 16 }}>
      <div style={{ width: 208, height: 208, margin: '0 auto 12px' }}>
        {dataUrl ? (
          <img src={dataUrl} width={208} height={208} alt={t('login.enrol.qrAlt')} data-testid="enrol-qr" />
        ) : null}
      </div>
      <Typography.Text id="enrol-secret-label" strong>
        {t('login.enrol.secret')}
      </Typography.Text>
      <div>
        <Typography.Text
          className="sufu-secret"
          copyable={{ text: secret.replace(/\s+/g, '') }}
          data-testid="enrol-secret"
        >
          {grouped}
        </Typography.Text>
      </div>
    </div>
  );
}
