import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, requestUrl, toApiError, withQuery, API_BASE, type Query } from './client.ts';
import type { CursorPage } from './types.ts';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Fetch again (keeps the old data on screen until the new data arrives). */
  reload: () => void;
}

/**
 * GET `url` (a full path, e.g. from {@link apiUrl}) and keep the answer in state.
 * A `null` url means "not yet": nothing is fetched. Changing the url aborts the previous request.
 */
export function useQuery<T>(url: string | null): QueryState<T> {
  const [state, setState] = useState<{ url: string | null; data?: T; error?: ApiError; loading: boolean }>({
    url,
    loading: url !== null,
  });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (url === null) {
      setState({ url, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ url, data: s.url === url ? s.data : undefined, loading: true }));
    requestUrl<T>(url, { signal: controller.signal }).then(
      (data) => {
        if (!controller.signal.aborted) setState({ url, data, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ url, data: s.data, error: toApiError(error), loading: false }));
      },
    );
    return () => controller.abort();
  }, [url, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const current = state.url === url;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: current ? state.loading : url !== null,
    reload,
  };
}

/** `/api/v1` + path + query string. */
export function apiUrl(path: string, query?: Query): string {
  return withQuery(`${API_BASE}${path}`, query);
}

export interface CursorListState<T> {
  items: T[];
  loading: boolean;
  error: ApiError | undefined;
  hasMore: boolean;
  /** True once the first page has arrived. */
  loaded: boolean;
  loadMore: () => void;
  reload: () => void;
}

/**
 * A list paged by an opaque cursor (`?cursor=` → `{ items, nextCursor }`), with "load more".
 * Changing `path` or `query` starts again from the first page.
 */
export function useCursorList<T>(path: string | null, query?: Query): CursorListState<T> {
  const key = path === null ? null : apiUrl(path, query);
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [version, setVersion] = useState(0);
  const controllerRef = useRef<AbortController | null>(null);

  const fetchPage = useCallback(
    (cursor: string | null, append: boolean) => {
      if (key === null) return;
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      setLoading(true);
      setError(undefined);
      requestUrl<CursorPage<T>>(cursor ? withQuery(key, { cursor }) : key, {
        signal: controller.signal,
      }).then(
        (page) => {
          if (controller.signal.aborted) return;
          setItems((old) => (append ? [...old, ...page.items] : page.items));
          setNextCursor(page.nextCursor);
          setLoaded(true);
          setLoading(false);
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          setError(toApiError(e));
          setLoading(false);
        },
      );
    },
    [key],
  );

  useEffect(() => {
    setItems([]);
    setNextCursor(null);
    setLoaded(false);
    fetchPage(null, false);
    return () => controllerRef.current?.abort();
  }, [fetchPage, version]);

  return {
    items,
    loading,
    error,
    loaded,
    hasMore: nextCursor !== null,
    loadMore: () => {
      if (nextCursor !== null && !loading) fetchPage(nextCursor, true);
    },
    reload: () => setVersion((v) => v + 1),
  };
}
