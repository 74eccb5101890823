import { useCallback, useEffect, useState } from 'react';
import { apiUrl, useCursorList, useQuery } from '../../api/hooks.ts';
import { ApiError, toApiError } from '../../api/client.ts';
import { getLocale } from '../../i18n/index.tsx';
import type {
  AdminAccount,
  AuditRecord,
  CalendarYear,
  ListPage,
  Readiness,
  RoleDefinition,
} from '../../api/types.ts';

export interface AccountFilters {
  q: string;
  kind: '' | 'person' | 'staff';
  page: number;
  pageSize: number;
}

export const useAccounts = (f: AccountFilters) =>
  useQuery<ListPage<AdminAccount>>(
    apiUrl('/admin/accounts', { q: f.q, kind: f.kind, page: f.page, pageSize: f.pageSize }),
  );

export const useRoleDefinitions = () => useQuery<{ items: RoleDefinition[] }>(apiUrl('/admin/roles'));

export const useCalendarYears = () => useQuery<{ items: CalendarYear[] }>(apiUrl('/calendar/years'));

export interface AuditFilters {
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
}

export const useAuditLog = (f: AuditFilters) =>
  useCursorList<AuditRecord>('/audit', { from: f.from, to: f.to, action: f.action, actorId: f.actorId });

/**
 * `GET /readyz`. A not-ready server answers 503 with the same JSON body, which we still want to
 * show, so this reads the body whatever the status.
 */
export function useReadiness() {
  const [state, setState] = useState<{ data?: Readiness; error?: ApiError; loading: boolean; at?: Date }>({
    loading: true,
  });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    fetch('/readyz', {
      headers: { Accept: 'application/json', 'Accept-Language': getLocale() },
      credentials: 'same-origin',
      signal: controller.signal,
    })
      .then(async (response) => {
        const type = response.headers.get('content-type') ?? '';
        if (!type.includes('json')) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as Partial<Readiness>;
        if (!body.migrations || !body.outbox) throw new Error(`HTTP ${response.status}`);
        setState({ data: body as Readiness, loading: false, at: new Date() });
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setState({ error: toApiError(e), loading: false });
      });
    return () => controller.abort();
  }, [version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
