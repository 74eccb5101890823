/**
 * Data and helpers of the workbench's case-handling screens (办件队列、办件办理、窗口收件).
 * API types come from `api/casesTypes.ts`; the few catalog types these screens need live here.
 */
import {
  ApiError,
  API_BASE,
  CSRF_COOKIE,
  CSRF_HEADER,
  SESSION_EXPIRED_EVENT,
  apiPost,
  readCookie,
  toApiError,
  type FieldProblem,
} from '../../api/client.ts';
import { apiUrl, useQuery } from '../../api/hooks.ts';
import type {
  CaseStatus,
  CaseSummary,
  FormSchema,
  MaterialStatus,
  PageOf,
  Receipt,
  StaffCaseDetail,
  TransitionAction,
} from '../../api/casesTypes.ts';
import { getLocale, type Localized, type MessageKey } from '../../i18n/index.tsx';

export type QueueView = 'acceptance' | 'review' | 'all' | 'escalated';
export type SlaColour = 'green' | 'yellow' | 'red';

export const QUEUE_VIEWS: QueueView[] = ['acceptance', 'review', 'all', 'escalated'];
export const CASE_STATUSES: CaseStatus[] = [
  'submitted',
  'correction_requested',
  'under_review',
  'suspended',
  'not_accepted',
  'concluded',
  'delivered',
];

export interface QueueFilters {
  view: QueueView;
  status?: CaseStatus | undefined;
  sla?: SlaColour | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

/** `GET /cases/queue`: one page of the queue (null: not yet). */
export const useCaseQueue = (f: QueueFilters | null) =>
  useQuery<PageOf<CaseSummary>>(
    f
      ? apiUrl('/cases/queue', {
          view: f.view,
          status: f.status,
          sla: f.sla,
          q: f.q,
          page: f.page,
          pageSize: f.pageSize,
        })
      : null,
  );

/** `GET /cases/:id` for staff (the read of the applicant's data is audited by the server). */
export const useStaffCase = (id: string | null) =>
  useQuery<StaffCaseDetail>(id ? apiUrl(`/cases/${encodeURIComponent(id)}`) : null);

export interface TransitionBody {
  action: TransitionAction;
  expectedVersion: number;
  reasons?: string;
  items?: string[];
  note?: string;
  outcome?: 'approved' | 'not_approved';
  opinion?: 'agree' | 'disagree';
  method?: 'e_certificate' | 'post' | 'counter_pickup';
  trackingNumber?: string;
}

export interface TransitionResult {
  caseId: string;
  status: CaseStatus;
  version: number;
}

export const postTransition = (caseId: string, body: TransitionBody) =>
  apiPost<TransitionResult>(`/cases/${encodeURIComponent(caseId)}/transitions`, body);

/** Someone else changed the case between our read and our action. */
export const isVersionConflict = (e: ApiError) => e.code === 'cases.version_conflict';

// ---------------------------------------------------------------- catalog (for intake and titles)

export interface CatalogItemCard {
  id: string;
  name: string;
  nameEn: string | null;
  departmentId: string;
  promisedDays: number | null;
  channels: string[];
  audience: string;
  exemptMaterials: number | null;
  materialsCount: number | null;
}

export interface CatalogMaterial {
  name: string;
  source: 'applicant' | 'government_issued' | 'shared_data';
  certificate?: string | null;
  required: boolean;
  note?: string | null;
}

/** The part of a published item (`GET /catalog/items/:id`) these screens read. */
export interface CatalogItemDetail {
  id: string;
  name: string;
  nameEn: string | null;
  departmentId: string;
  departmentName: string | null;
  promisedTimeLimit?: { days: number; unit?: string } | number | null;
  materials: CatalogMaterial[] | null;
  resultCertificate?: string | null;
  form?: FormSchema | null;
  version: number;
}

/** Ranked search (names, aliases, pinyin initials, typos): what a clerk types at the counter. */
export const useCatalogSearch = (q: string | null) =>
  useQuery<{ items: CatalogItemCard[] }>(q ? apiUrl('/catalog/search', { q, limit: 10 }) : null);

export const useCatalogItem = (itemId: string | null) =>
  useQuery<CatalogItemDetail>(itemId ? apiUrl(`/catalog/items/${encodeURIComponent(itemId)}`) : null);

type Problem = {
  code?: string;
  title?: string;
  detail?: string;
  requestId?: string;
  messages?: Partial<Localized>;
  errors?: { path?: unknown; message?: Partial<Localized> | string }[];
};

const both = (m: Partial<Localized> | string | undefined, fallback: string): Localized =>
  typeof m === 'string'
    ? { 'zh-CN': m, en: m }
    : { 'zh-CN': m?.['zh-CN'] || m?.en || fallback, en: m?.en || m?.['zh-CN'] || fallback };

/**
 * `POST /cases/counter-intake` with an Idempotency-Key (a retry with the same key returns the
 * same receipt). The shared client has no custom headers, so this one request is made here,
 * with the same CSRF, language and problem+json handling.
 */
export async function counterIntake(
  body: { idNumber: string; name: string; itemId: string; form: Record<string, unknown> },
  idempotencyKey: string,
): Promise<Receipt> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': getLocale(),
    'Content-Type': 'application/json',
    'Idempotency-Key': idempotencyKey,
  };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/cases/counter-intake`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw toApiError(e);
  }
  if (res.ok) return (await res.json()) as Receipt;
  let p: Problem = {};
  try {
    if ((res.headers.get('content-type') ?? '').includes('json')) p = (await res.json()) as Problem;
  } catch {
    p = {};
  }
  const messages = both(p.messages, p.detail || p.title || `HTTP ${res.status}`);
  const error = new ApiError({
    status: res.status,
    code: p.code ?? `http.${res.status}`,
    requestId: p.requestId ?? res.headers.get('x-request-id') ?? undefined,
    messages,
    fieldErrors: (p.errors ?? []).map((e): FieldProblem => ({
      path: String(typeof e.path === 'string' ? e.path : '')
        .split(/[./]/)
        .filter((s) => s !== '' && s !== 'body' && s !== 'form'),
      message: both(e.message, messages['zh-CN']),
    })),
  });
  if (res.status === 401) window.dispatchEvent(new CustomEvent(SESSION_EXPIRED_EVENT, { detail: error }));
  throw error;
}

/** A fresh Idempotency-Key (`[A-Za-z0-9._:-]{8,100}`). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return `intake-${c.randomUUID()}`;
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return `intake-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// ---------------------------------------------------------------- 公民身份号码 (GB 11643)

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/**
 * Why an ID number is wrong, or null when it is a valid 18-character number: shape, birth date,
 * then the ISO 7064 MOD 11-2 check character. (The web app does not bundle `@sufu/china-ids`;
 * this mirrors its `validateIdNumber` for the counter form. The server checks again.)
 */
export function idNumberProblem(raw: string): 'format' | 'birth_date' | 'check_digit' | null {
  const v = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return 'format';
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1800 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    date.getTime() > Date.now()
  )
    return 'birth_date';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (v.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11] === v[17] ? null : 'check_digit';
}

// ---------------------------------------------------------------- labels

export const STATUS_LABELS: Record<CaseStatus, MessageKey> = {
  submitted: 'wbCases.status.submitted',
  not_accepted: 'wbCases.status.not_accepted',
  correction_requested: 'wbCases.status.correction_requested',
  under_review: 'wbCases.status.under_review',
  suspended: 'wbCases.status.suspended',
  concluded: 'wbCases.status.concluded',
  delivered: 'wbCases.status.delivered',
};

/** Only presets whose text styles.css darkens to ≥ 4.5:1 (blue, green, orange, red). */
export const STATUS_COLOURS: Record<CaseStatus, 'blue' | 'green' | 'orange' | 'red'> = {
  submitted: 'blue',
  not_accepted: 'red',
  correction_requested: 'orange',
  under_review: 'blue',
  suspended: 'orange',
  concluded: 'green',
  delivered: 'green',
};

export const MATERIAL_STATUS_LABELS: Record<MaterialStatus, MessageKey> = {
  exempt_certificate: 'wbCases.material.exempt_certificate',
  exempt_shared: 'wbCases.material.exempt_shared',
  produced_in_bundle: 'wbCases.material.produced_in_bundle',
  upload: 'wbCases.material.upload',
  optional: 'wbCases.material.optional',
};

export const ACTION_LABELS: Record<string, MessageKey> = {
  submit: 'wbCases.timeline.submit',
  accept: 'wbCases.action.accept',
  refuse: 'wbCases.action.refuse',
  request_correction: 'wbCases.action.request_correction',
  answer_correction: 'wbCases.timeline.answer_correction',
  complete_task: 'wbCases.action.complete_task',
  decide: 'wbCases.action.decide',
  suspend: 'wbCases.action.suspend',
  resume: 'wbCases.action.resume',
  deliver: 'wbCases.action.deliver',
  escalate: 'wbCases.timeline.escalate',
  bundle_progress: 'wbCases.timeline.bundle_progress',
};

export const DELIVERY_LABELS: Record<string, MessageKey> = {
  e_certificate: 'wbCases.deliver.e_certificate',
  post: 'wbCases.deliver.post',
  counter_pickup: 'wbCases.deliver.counter_pickup',
};

/** `1.2 KB`, `3.4 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The workbench link of a case. */
export const caseLink = (id: string) => `/workbench/cases/${encodeURIComponent(id)}`;

/** The file link of a case material (opened in a new tab; the server audits the read). */
export const fileLink = (caseId: string, fileId: string) =>
  `/api/v1/cases/${encodeURIComponent(caseId)}/files/${encodeURIComponent(fileId)}`;
