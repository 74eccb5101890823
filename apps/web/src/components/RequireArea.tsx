import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { AreaKey } from '../api/types.ts';
import { loginPath, useSession } from '../session/SessionProvider.tsx';
import { LoadingScreen } from './Loading.tsx';
import { ForbiddenPage } from '../pages/ErrorPages.tsx';

/** Route guard: anonymous → `/login?next=…`; signed in without the area → 403 page. */
export function RequireArea({ area, children }: { area: AreaKey; children: ReactNode }) {
  const { session, hasArea } = useSession();
  const location = useLocation();
  if (!session) return <LoadingScreen />;
  if (!session.authenticated) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  if (!hasArea(area)) return <ForbiddenPage />;
  return <>{children}</>;
}
