/**
 * The one fetch wrapper of the web app.
 *
 * - same-origin cookies carry the session;
 * - every unsafe request sends `x-csrf-token` with the value of the readable `sufu_csrf` cookie;
 * - `Accept-Language` follows the UI language;
 * - any non-2xx answer becomes a thrown {@link ApiError} built from the RFC 9457 problem body.
 */
import { getLocale, translate, type Locale, type Localized } from '../i18n/index.tsx';

export const API_BASE = '/api/v1';
export const CSRF_COOKIE = 'sufu_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Fired on `window` when an authenticated call answers 401: the session has ended on the server. */
export const SESSION_EXPIRED_EVENT = 'sufu:session-expired';

export interface FieldProblem {
  /** Path of the offending field, e.g. `['roles', 0, 'departmentId']`. */
  path: (string | number)[];
  message: Localized;
}

interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
  messages?: Partial<Localized>;
  errors?: { path?: unknown; message?: Partial<Localized> | string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly messages: Localized;
  readonly fieldErrors: FieldProblem[];

  constructor(init: {
    status: number;
    code: string;
    requestId?: string | undefined;
    messages: Localized;
    fieldErrors?: FieldProblem[];
  }) {
    super(init.messages.en || init.messages['zh-CN'] || init.code);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.messages = init.messages;
    this.fieldErrors = init.fieldErrors ?? [];
  }

  /** The message in the given UI language. */
  localized(locale: Locale): string {
    return this.messages[locale] || this.messages[locale === 'en' ? 'zh-CN' : 'en'];
  }
}

/** Turn whatever was thrown into an ApiError (network failures included). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: 'network',
    messages: { 'zh-CN': translate('zh-CN', 'error.network'), en: translate('en', 'error.network') },
  });
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

let fallbackCsrfToken: string | undefined;

/** Remember the token from `GET /session` in case the cookie is not readable (it should be). */
export function rememberCsrfToken(token: string | undefined): void {
  fallbackCsrfToken = token;
}

function normalisePath(path: unknown): (string | number)[] {
  if (Array.isArray(path)) return path.map((p) => (typeof p === 'number' ? p : String(p)));
  if (typeof path !== 'string' || path === '') return [];
  // Accept "roles.0.role", "roles[0].role", "/roles/0/role" (JSON pointer) alike.
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  // Validation problems are prefixed with where the value came from ("body.username").
  if (['body', 'querystring', 'query', 'params'].includes(String(parts[0]))) parts.shift();
  return parts;
}

function bilingual(message: Partial<Localized> | string | undefined, fallback: Localized): Localized {
  if (typeof message === 'string') return { 'zh-CN': message, en: message };
  return {
    'zh-CN': message?.['zh-CN'] || message?.en || fallback['zh-CN'],
    en: message?.en || message?.['zh-CN'] || fallback.en,
  };
}

async function problemFrom(response: Response): Promise<ApiError> {
  const generic: Localized = {
    'zh-CN': translate('zh-CN', 'error.http', { status: response.status }),
    en: translate('en', 'error.http', { status: response.status }),
  };
  let body: ProblemBody | undefined;
  try {
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) body = (await response.json()) as ProblemBody;
  } catch {
    body = undefined;
  }
  const fromTitle = body?.detail || body?.title;
  const messages = bilingual(body?.messages, fromTitle ? { 'zh-CN': fromTitle, en: fromTitle } : generic);
  return new ApiError({
    status: response.status,
    code: body?.code ?? `http.${response.status}`,
    requestId: body?.requestId ?? response.headers.get('x-request-id') ?? undefined,
    messages,
    fieldErrors: (body?.errors ?? []).map((e) => ({
      path: normalisePath(e.path),
      message: bilingual(e.message, messages),
    })),
  });
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** Build `path?query`, leaving out empty values. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Do not announce a 401 as an ended session (used by the login and session calls). */
  quietUnauthorized?: boolean;
}

/** Request a full URL (for `/readyz` and other paths outside `/api/v1`). */
export async function requestUrl<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': getLocale(),
  };
  if (method !== 'GET') {
    const token = readCookie(CSRF_COOKIE) ?? fallbackCsrfToken;
    if (token) headers[CSRF_HEADER] = token;
  }
  let payload: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw toApiError(error);
  }
  if (!response.ok) {
    const problem = await problemFrom(response);
    if (response.status === 401 && !options.quietUnauthorized) {
      window.dispatchEvent(new CustomEvent(SESSION_EXPIRED_EVENT, { detail: problem }));
    }
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await response.json()) as T;
}

/** Call the JSON API: `api('/me/profile')` requests `/api/v1/me/profile`. */
export function api<T>(path: string, options?: RequestOptions): Promise<T> {
  return requestUrl<T>(`${API_BASE}${path}`, options);
}

export const apiGet = <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> =>
  api<T>(withQuery(path, query), { signal });

export const apiPost = <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
  api<T>(path, { ...options, method: 'POST', body });

export const apiPut = <T>(path: string, body?: unknown) => api<T>(path, { method: 'PUT', body });

export const apiDelete = <T = void>(path: string) => api<T>(path, { method: 'DELETE' });
