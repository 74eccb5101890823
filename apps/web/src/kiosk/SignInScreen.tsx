import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Input, type InputRef } from 'antd';
import { IdcardOutlined, QrcodeOutlined } from '@ant-design/icons';
import { apiPost, toApiError, type ApiError } from '../api/client.ts';
import type { AuthenticatedSession } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { useDocumentTitle } from '../components/Page.tsx';
import { Keypad } from './Keypad.tsx';
import { KIOSK_BASE } from './context.ts';
import type { CodeSent } from './types.ts';

type Method = 'choose' | 'scan' | 'id';
type Authenticated = { status: 'authenticated'; session: AuthenticatedSession };

/** Where to go after signing in: a kiosk path handed over in the navigation state, else home. */
function useNext(): string {
  const location = useLocation();
  const next = (location.state as { next?: unknown } | null)?.next;
  return typeof next === 'string' && next.startsWith(`${KIOSK_BASE}/`) ? next : KIOSK_BASE;
}

/** 登录: two big choices — show the 苏服码 to the scanner, or ID number + SMS code. */
export function SignInScreen() {
  const { t } = useI18n();
  const location = useLocation();
  const needed = Boolean((location.state as { next?: unknown } | null)?.next);
  const [method, setMethod] = useState<Method>('choose');
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const next = useNext();
  useDocumentTitle(t('kiosk.signIn.title'));

  const done = (r: Authenticated) => {
    signedIn(r.session);
    navigate(next, { replace: true, state: { notice: 'signedIn' } });
  };

  if (method === 'scan') return <ScanSignIn onDone={done} onOther={() => setMethod('choose')} />;
  if (method === 'id') return <IdNumberSignIn onDone={done} onOther={() => setMethod('choose')} />;
  return (
    <section aria-labelledby="kiosk-signin-title">
      <h1 id="kiosk-signin-title" className="kiosk-h1" tabIndex={-1}>
        {needed ? t('kiosk.signIn.needed') : t('kiosk.signIn.title')}
      </h1>
      <div className="kiosk-choices">
        <button
          type="button"
          className="kiosk-tile kiosk-tile-primary"
          onClick={() => setMethod('scan')}
          data-testid="kiosk-signin-scan"
        >
          <QrcodeOutlined className="kiosk-tile-icon" aria-hidden="true" />
          <span className="kiosk-tile-title">{t('kiosk.signIn.code')}</span>
          <span className="kiosk-tile-desc">{t('kiosk.signIn.code.desc')}</span>
        </button>
        <button
          type="button"
          className="kiosk-tile"
          onClick={() => setMethod('id')}
          data-testid="kiosk-signin-id"
        >
          <IdcardOutlined className="kiosk-tile-icon" aria-hidden="true" />
          <span className="kiosk-tile-title">{t('kiosk.signIn.idNumber')}</span>
          <span className="kiosk-tile-desc">{t('kiosk.signIn.idNumber.desc')}</span>
        </button>
      </div>
    </section>
  );
}

function ProblemAlert({ error }: { error: ApiError | undefined }) {
  const { locale } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={error.localized(locale)}
      className="kiosk-alert"
      data-testid="kiosk-signin-error"
    />
  );
}

/**
 * 扫苏服码: the hall's scanner types what it reads into the focused field like a keyboard
 * and ends with Enter, which submits. The field keeps the focus while this screen is open.
 */
function ScanSignIn({ onDone, onOther }: { onDone: (r: Authenticated) => void; onOther: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const input = useRef<InputRef>(null);

  useEffect(() => {
    input.current?.focus();
  }, []);

  // Scanners type fast and anywhere: a printable key outside the field goes to the field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, button, a, [role="button"]')) return;
      if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) input.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const code = value.trim();
    if (!code || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      onDone(
        await apiPost<Authenticated>('/session/kiosk/service-code', { code }, { quietUnauthorized: true }),
      );
    } catch (err) {
      setError(toApiError(err));
      setValue('');
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <section aria-labelledby="kiosk-scan-title" className="kiosk-panel">
      <h1 id="kiosk-scan-title" className="kiosk-h1">
        {t('kiosk.scan.title')}
      </h1>
      <div className="kiosk-scan-art" aria-hidden="true">
        <QrcodeOutlined />
      </div>
      <p className="kiosk-lead">{t('kiosk.scan.hint')}</p>
      <ProblemAlert error={error} />
      <form onSubmit={(e) => void submit(e)} className="kiosk-row">
        <label htmlFor="kiosk-scan-input" className="sr-only">
          {t('kiosk.scan.input')}
        </label>
        <Input
          id="kiosk-scan-input"
          ref={input}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={t('kiosk.scan.waiting')}
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          inputMode="none"
          className="kiosk-input"
          data-testid="kiosk-scan-input"
        />
        <Button
          type="primary"
          htmlType="submit"
          loading={busy}
          className="kiosk-btn"
          data-testid="kiosk-scan-submit"
        >
          {t('kiosk.scan.submit')}
        </Button>
      </form>
      <Button className="kiosk-btn kiosk-btn-secondary" onClick={onOther} data-testid="kiosk-signin-other">
        {t('kiosk.signIn.other')}
      </Button>
    </section>
  );
}

const ID_PATTERN = /^\d{17}[\dX]$/;

/** 身份证号 + 验证码, with an on-screen number pad that types into the chosen field. */
function IdNumberSignIn({ onDone, onOther }: { onDone: (r: Authenticated) => void; onOther: () => void }) {
  const { t } = useI18n();
  const [idNumber, setIdNumber] = useState('');
  const [code, setCode] = useState('');
  const [field, setField] = useState<'id' | 'code'>('id');
  const [error, setError] = useState<ApiError | undefined>();
  const [invalid, setInvalid] = useState<'id' | 'code' | null>(null);
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [resendAt, setResendAt] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState<'send' | 'login' | null>(null);
  const idRef = useRef<InputRef>(null);
  const codeRef = useRef<InputRef>(null);

  useEffect(() => {
    idRef.current?.focus();
  }, []);
  useEffect(() => {
    if (resendAt <= Date.now()) return;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [resendAt]);
  const wait = Math.max(0, Math.ceil((resendAt - now) / 1000));

  const clean = (raw: string, max: number, allowX: boolean) =>
    raw
      .toUpperCase()
      .replace(allowX ? /[^\dX]/g : /\D/g, '')
      .slice(0, max);
  const setId = (v: string) => setIdNumber(clean(v, 18, true));
  const setCodeValue = (v: string) => setCode(clean(v, 6, false));

  const sendCode = async () => {
    if (!ID_PATTERN.test(idNumber)) {
      setInvalid('id');
      setField('id');
      idRef.current?.focus();
      return;
    }
    setInvalid(null);
    setBusy('send');
    setError(undefined);
    try {
      const r = await apiPost<CodeSent>('/session/kiosk/code', { idNumber }, { quietUnauthorized: true });
      setSent(r);
      setResendAt(Date.now() + Math.max(1, r.resendAfterSeconds) * 1000);
      setNow(Date.now());
      setField('code');
      codeRef.current?.focus();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
    }
  };

  const login = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!ID_PATTERN.test(idNumber)) {
      setInvalid('id');
      setField('id');
      return;
    }
    if (!/^\d{6}$/.test(code)) {
      setInvalid('code');
      setField('code');
      codeRef.current?.focus();
      return;
    }
    setInvalid(null);
    setBusy('login');
    setError(undefined);
    try {
      onDone(
        await apiPost<Authenticated>('/session/kiosk/login', { idNumber, code }, { quietUnauthorized: true }),
      );
    } catch (err) {
      setError(toApiError(err));
      setCode('');
      setBusy(null);
    }
  };

  const type = (key: string) => (field === 'id' ? setId(idNumber + key) : setCodeValue(code + key));
  const backspace = () => (field === 'id' ? setId(idNumber.slice(0, -1)) : setCodeValue(code.slice(0, -1)));
  const clear = () => (field === 'id' ? setId('') : setCodeValue(''));

  return (
    <section aria-labelledby="kiosk-id-title" className="kiosk-panel">
      <h1 id="kiosk-id-title" className="kiosk-h1">
        {t('kiosk.id.title')}
      </h1>
      <div className="kiosk-id-layout">
        <form className="kiosk-id-form" onSubmit={(e) => void login(e)} noValidate>
          <ProblemAlert error={error} />
          <div className="kiosk-field">
            <label htmlFor="kiosk-id-number" className="kiosk-label">
              {t('kiosk.id.label')}
            </label>
            <Input
              id="kiosk-id-number"
              ref={idRef}
              value={idNumber}
              onChange={(e) => setId(e.target.value)}
              onFocus={() => setField('id')}
              inputMode="none"
              autoComplete="off"
              maxLength={18}
              aria-invalid={invalid === 'id' || undefined}
              aria-describedby={invalid === 'id' ? 'kiosk-id-number-error' : undefined}
              className={`kiosk-input kiosk-mono${field === 'id' ? ' kiosk-input-active' : ''}`}
              data-testid="kiosk-id-number"
            />
            {invalid === 'id' ? (
              <div id="kiosk-id-number-error" className="kiosk-field-error" role="alert">
                {t('kiosk.id.invalid')}
              </div>
            ) : null}
          </div>
          <Button
            className="kiosk-btn"
            onClick={() => void sendCode()}
            disabled={wait > 0}
            loading={busy === 'send'}
            data-testid="kiosk-send-code"
          >
            {wait > 0 ? t('kiosk.id.resendIn', { seconds: wait }) : t('kiosk.id.sendCode')}
          </Button>
          {sent ? (
            <p className="kiosk-hint" role="status" data-testid="kiosk-code-sent">
              {t('kiosk.id.sent', { minutes: Math.max(1, Math.round(sent.expiresInSeconds / 60)) })}
            </p>
          ) : null}
          <div className="kiosk-field">
            <label htmlFor="kiosk-code" className="kiosk-label">
              {t('kiosk.code.label')}
            </label>
            <Input
              id="kiosk-code"
              ref={codeRef}
              value={code}
              onChange={(e) => setCodeValue(e.target.value)}
              onFocus={() => setField('code')}
              inputMode="none"
              autoComplete="one-time-code"
              maxLength={6}
              aria-invalid={invalid === 'code' || undefined}
              aria-describedby={invalid === 'code' ? 'kiosk-code-error' : undefined}
              className={`kiosk-input kiosk-mono${field === 'code' ? ' kiosk-input-active' : ''}`}
              data-testid="kiosk-code"
            />
            {invalid === 'code' ? (
              <div id="kiosk-code-error" className="kiosk-field-error" role="alert">
                {t('kiosk.code.invalid')}
              </div>
            ) : null}
          </div>
          <Button
            type="primary"
            htmlType="submit"
            className="kiosk-btn"
            loading={busy === 'login'}
            data-testid="kiosk-id-submit"
          >
            {t('kiosk.id.submit')}
          </Button>
          <Button
            className="kiosk-btn kiosk-btn-secondary"
            onClick={onOther}
            data-testid="kiosk-signin-other"
          >
            {t('kiosk.signIn.other')}
          </Button>
        </form>
        <Keypad
          field={field === 'id' ? t('kiosk.id.label') : t('kiosk.code.label')}
          allowX={field === 'id'}
          onKey={type}
          onBackspace={backspace}
          onClear={clear}
        />
      </div>
    </section>
  );
}
