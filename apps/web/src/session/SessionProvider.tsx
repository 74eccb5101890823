import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import {
  api,
  apiPost,
  rememberCsrfToken,
  SESSION_EXPIRED_EVENT,
  toApiError,
  type ApiError,
} from '../api/client.ts';
import type { AreaKey, AuthenticatedSession, Session, SessionAccount } from '../api/types.ts';

/** Why a session ended; shown as a notice on the login page (`/login?notice=`). */
export type EndReason = 'expired' | 'password_changed' | 'logged_out';

interface SessionValue {
  /** `undefined` while the first `GET /session` is in flight. */
  session: Session | undefined;
  account: SessionAccount | undefined;
  error: ApiError | undefined;
  /** Why the last session ended in this tab (for the login notice), if it did. */
  endReason: EndReason | undefined;
  hasArea: (area: AreaKey) => boolean;
  /** Whether the signed-in account holds a permission (e.g. 'accounts.manage'). */
  can: (permission: string) => boolean;
  /** Store the session returned by a successful login step. */
  signedIn: (session: AuthenticatedSession) => void;
  /** Forget the session locally and go to the login page with a notice. */
  signedOut: (reason: EndReason, next?: string) => void;
  /** POST /session/logout, then {@link signedOut}. */
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function loginPath(next?: string, notice?: EndReason): string {
  const params = new URLSearchParams();
  if (next && next !== '/' && !next.startsWith('/login')) params.set('next', next);
  if (notice) params.set('notice', notice);
  const query = params.toString();
  return query ? `/login?${query}` : '/login';
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [endReason, setEndReason] = useState<EndReason | undefined>();
  const navigate = useNavigate();
  const location = useLocation();

  const refresh = useCallback(async () => {
    try {
      const next = await api<Session>('/session', { quietUnauthorized: true });
      rememberCsrfToken(next.csrfToken);
      setSession(next);
      setError(undefined);
    } catch (e) {
      // Without a session answer we treat the visitor as anonymous but say so.
      setError(toApiError(e));
      setSession({ authenticated: false });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signedIn = useCallback((next: AuthenticatedSession) => {
    rememberCsrfToken(next.csrfToken);
    setEndReason(undefined);
    setSession(next);
    setError(undefined);
  }, []);

  const signedOut = useCallback(
    (reason: EndReason, next?: string) => {
      rememberCsrfToken(undefined);
      // The route guard may redirect first (it sees the anonymous session); it reads endReason
      // so the notice survives whichever redirect wins.
      setEndReason(reason);
      setSession({ authenticated: false });
      navigate(loginPath(next, reason), { replace: true });
    },
    [navigate],
  );

  const logout = useCallback(async () => {
    try {
      await apiPost('/session/logout', undefined, { quietUnauthorized: true });
    } catch {
      // The session may already be gone; either way the user is signed out here.
    }
    signedOut('logged_out');
  }, [signedOut]);

  // A 401 from any call means the server ended the session (idle timeout, revoked, password changed).
  const here = location.pathname + location.search;
  useEffect(() => {
    const onExpired = () => {
      if (session?.authenticated) signedOut('expired', here);
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, onExpired);
  }, [session, signedOut, here]);

  const value = useMemo<SessionValue>(() => {
    const account = session?.authenticated ? session.account : undefined;
    return {
      session,
      account,
      error,
      endReason,
      hasArea: (area) => account?.areas.includes(area) ?? false,
      can: (permission) => account?.permissions.includes(permission) ?? false,
      signedIn,
      signedOut,
      logout,
      refresh,
    };
  }, [session, error, endReason, signedIn, signedOut, logout, refresh]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** Accept only same-site paths for `?next=` (no `//host`, no scheme), else home. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login')) return '/';
  return next;
}
