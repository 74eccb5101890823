import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { AreaKey } from '../api/types.ts';
import { loginPath, useSession } from '../session/SessionProvider.tsx';
import { LoadingScreen } from './Loading.tsx';
import { AreaForbidden, ForbiddenPage } from '../pages/ErrorPages.tsx';
import { visiblePages, type AreaDefinition } from '../areas/registry.tsx';

/** Route guard: anonymous → `/login?next=…`; signed in without the area → 403 page. */
export function RequireArea({ area, children }: { area: AreaKey; children: ReactNode }) {
  const { session, hasArea, endReason } = useSession();
  const location = useLocation();
  if (!session) return <LoadingScreen />;
  if (!session.authenticated)
    return <Navigate to={loginPath(location.pathname + location.search, endReason)} replace />;
  if (!hasArea(area)) return <ForbiddenPage />;
  return <>{children}</>;
}

/** Inside an area: the account lacks the permission this page's API needs → a 403 result. */
export function RequirePermission({
  permission,
  children,
}: {
  permission?: string | undefined;
  children: ReactNode;
}) {
  const { can } = useSession();
  if (permission && !can(permission)) return <AreaForbidden />;
  return <>{children}</>;
}

/** `/<area>` → the first page this account may open. */
export function AreaIndex({ area }: { area: AreaDefinition }) {
  const { account } = useSession();
  const first = visiblePages(area, account?.permissions ?? [])[0];
  if (!first) return <AreaForbidden />;
  return <Navigate to={`/${area.key}/${first.key}`} replace />;
}
