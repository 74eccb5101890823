import { useEffect, useState } from 'react';
import { App, Button } from 'antd';
import { apiPost, toApiError, type ApiError } from '../api/client.ts';
import type { SmsCodeSent } from '../api/identityTypes.ts';
import { useI18n } from '../i18n/index.tsx';

interface SmsCodeButtonProps {
  /** `/registration/code` or `/session/sms-code`. */
  endpoint: '/registration/code' | '/session/sms-code';
  /** Reads (and validates) the mobile number; returns undefined when the field is not valid yet. */
  getMobile: () => Promise<string | undefined>;
  onError: (error: ApiError | undefined) => void;
  testid: string;
}

/** "获取验证码" with a countdown (60 s, or what the server says) before another code may be asked for. */
export function SmsCodeButton({ endpoint, getMobile, onError, testid }: SmsCodeButtonProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [until, setUntil] = useState<number | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (until === undefined) return;
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= until) setUntil(undefined);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [until]);

  const left = until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));

  const send = async () => {
    const mobile = await getMobile();
    if (!mobile) return;
    setSending(true);
    onError(undefined);
    try {
      const sent = await apiPost<SmsCodeSent>(endpoint, { mobile }, { quietUnauthorized: true });
      const wait = Math.max(1, sent.resendAfterSeconds || 60);
      setNow(Date.now());
      setUntil(Date.now() + wait * 1000);
      void message.success(t('sms.sent', { minutes: Math.max(1, Math.round(sent.expiresInSeconds / 60)) }));
    } catch (e) {
      onError(toApiError(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <Button onClick={() => void send()} loading={sending} disabled={left > 0} data-testid={testid}>
      {left > 0 ? t('sms.resendIn', { seconds: left }) : t('sms.send')}
    </Button>
  );
}
