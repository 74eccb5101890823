/**
 * Data hooks and request helpers of the portal's case screens (申请、我的办件、消息).
 * Uploads and submissions need what the shared JSON client does not offer (a raw body, an
 * `Idempotency-Key` header), so {@link sendRaw} repeats its CSRF, language and error handling.
 */
import {
  API_BASE,
  ApiError,
  CSRF_COOKIE,
  CSRF_HEADER,
  SESSION_EXPIRED_EVENT,
  readCookie,
  toApiError,
  type FieldProblem,
} from '../../api/client.ts';
import { apiUrl, useQuery } from '../../api/hooks.ts';
import type {
  CaseDetail,
  CaseSummary,
  DraftSummary,
  NotificationsPage,
  PageOf,
  UploadedFile,
} from '../../api/casesTypes.ts';
import { getLocale, translate, type Localized } from '../../i18n/index.tsx';

/** Upload limits, the same as the server's (modules/cases/src/files.ts). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const UPLOAD_ACCEPT = '.pdf,.ofd,.jpg,.jpeg,.png';
const UPLOAD_EXTENSIONS = /\.(pdf|ofd|jpe?g|png)$/i;

/** Fired on `window` when notifications were read, so the header bell refreshes its count. */
export const NOTIFICATIONS_CHANGED_EVENT = 'sufu:notifications-changed';

export const useMyCases = (status: 'active' | 'done', page: number, pageSize: number) =>
  useQuery<PageOf<CaseSummary>>(apiUrl('/me/cases', { status, page, pageSize }));

export const useMyDrafts = () => useQuery<{ items: DraftSummary[] }>(apiUrl('/cases/drafts'));

export const useMyCase = (id: string | null | undefined) =>
  useQuery<CaseDetail>(id ? apiUrl(`/me/cases/${encodeURIComponent(id)}`) : null);

export const useNotifications = (unreadOnly: boolean) =>
  useQuery<NotificationsPage>(
    apiUrl('/me/notifications', { limit: 100, unread: unreadOnly ? 'true' : null }),
  );

/** The name of a catalog item or one-thing bundle (for drafts, which store only the id). */
export const useCatalogName = (kind: 'item' | 'bundle', id: string | null) =>
  useQuery<{ name: string; nameEn?: string | null }>(
    id
      ? apiUrl(
          kind === 'item'
            ? `/catalog/items/${encodeURIComponent(id)}`
            : `/catalog/life-events/${encodeURIComponent(id)}`,
        )
      : null,
  );

/** Material key as the server expects it: `m<i>` for one item, `<item index>.m<i>` in a bundle. */
export function materialKey(itemIndex: number, itemCount: number, key: string): string {
  return itemCount > 1 ? `${itemIndex}.${key}` : key;
}

/** A fresh Idempotency-Key for one submission (kept for its retries). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Why a file may not be uploaded, checked before sending (the server checks again). */
export function uploadProblem(file: { name: string; size: number }): 'type' | 'size' | 'empty' | null {
  if (!UPLOAD_EXTENSIONS.test(file.name)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_UPLOAD_BYTES) return 'size';
  return null;
}

/** Declared media type of an upload; the server sniffs the content and refuses a mismatch. */
export function mediaTypeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type;
  if (/\.pdf$/i.test(file.name)) return 'application/pdf';
  if (/\.ofd$/i.test(file.name)) return 'application/ofd';
  if (/\.png$/i.test(file.name)) return 'image/png';
  if (/\.jpe?g$/i.test(file.name)) return 'image/jpeg';
  return 'application/octet-stream';
}

/** `12.3 KB` / `1.2 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

interface ProblemBody {
  code?: string;
  detail?: string;
  title?: string;
  requestId?: string;
  messages?: Partial<Localized>;
  errors?: { path?: unknown; message?: Partial<Localized> | string }[];
}

function both(message: Partial<Localized> | string | undefined, fallback: Localized): Localized {
  if (typeof message === 'string') return { 'zh-CN': message, en: message };
  return {
    'zh-CN': message?.['zh-CN'] || message?.en || fallback['zh-CN'],
    en: message?.en || message?.['zh-CN'] || fallback.en,
  };
}

function pathOf(path: unknown): (string | number)[] {
  const parts = Array.isArray(path)
    ? path.map((p) => (typeof p === 'number' ? p : String(p)))
    : typeof path === 'string'
      ? path
          .replace(/\[(\d+)\]/g, '.$1')
          .split(/[./]/)
          .filter(Boolean)
          .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
      : [];
  if (['body', 'querystring', 'query', 'params'].includes(String(parts[0]))) parts.shift();
  if (parts[0] === 'form' && parts.length > 1) parts.shift();
  return parts;
}

async function problemOf(response: Response): Promise<ApiError> {
  const generic: Localized = {
    'zh-CN': translate('zh-CN', 'error.http', { status: response.status }),
    en: translate('en', 'error.http', { status: response.status }),
  };
  let body: ProblemBody | undefined;
  try {
    if ((response.headers.get('content-type') ?? '').includes('json'))
      body = (await response.json()) as ProblemBody;
  } catch {
    body = undefined;
  }
  const fromTitle = body?.detail || body?.title;
  const messages = both(body?.messages, fromTitle ? { 'zh-CN': fromTitle, en: fromTitle } : generic);
  const fieldErrors: FieldProblem[] = (body?.errors ?? []).map((e) => ({
    path: pathOf(e.path),
    message: both(e.message, messages),
  }));
  return new ApiError({
    status: response.status,
    code: body?.code ?? `http.${response.status}`,
    requestId: body?.requestId ?? response.headers.get('x-request-id') ?? undefined,
    messages,
    fieldErrors,
  });
}

/**
 * A request under `/api/v1` with a raw or JSON body and extra headers: same cookies, CSRF
 * token, language and problem handling as `api/client.ts`.
 */
export async function sendRaw<T>(
  method: 'POST' | 'PUT',
  path: string,
  body: { json: unknown } | { blob: Blob; type: string },
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': getLocale(),
    ...extraHeaders,
  };
  const token = readCookie(CSRF_COOKIE);
  if (token) headers[CSRF_HEADER] = token;
  let payload: BodyInit;
  if ('json' in body) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else {
    headers['Content-Type'] = body.type;
    payload = body.blob;
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
    });
  } catch (e) {
    throw toApiError(e);
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401)
      window.dispatchEvent(new CustomEvent(SESSION_EXPIRED_EVENT, { detail: problem }));
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Upload one file as the raw request body (`?material=<key>&name=<file name>`). */
export function apiUpload(target: string, material: string, file: File): Promise<UploadedFile> {
  const query = new URLSearchParams({ material, name: file.name.slice(0, 200) });
  return sendRaw<UploadedFile>('POST', `${target}/files?${query.toString()}`, {
    blob: file,
    type: mediaTypeOf(file),
  });
}
