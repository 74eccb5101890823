import { useState } from 'react';
import { App } from 'antd';
import { apiPut, toApiError, type ApiError } from '../api/client.ts';
import type { AuthenticatedSession } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session/SessionProvider.tsx';

/** PUT /session/acting: act for an organisation (its id) or as oneself (null); updates the session. */
export function useActingSwitch() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { signedIn } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const switchTo = async (organisationId: string | null) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await apiPut<AuthenticatedSession>('/session/acting', { organisationId });
      signedIn(next);
      void message.success(
        next.actingFor ? t('acting.switched', { name: next.actingFor.name }) : t('acting.switchedSelf'),
      );
      return true;
    } catch (e) {
      const problem = toApiError(e);
      setError(problem);
      void message.error(problem.localized(locale));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { switchTo, busy, error };
}
