/** Data hooks and request helpers of the portal's case screens (申请、我的办件、消息). */
import { api } from '../../api/client.ts';
import { apiUrl, useQuery } from '../../api/hooks.ts';
import type {
  CaseDetail,
  CaseSummary,
  DraftSummary,
  NotificationsPage,
  PageOf,
  UploadedFile,
} from '../../api/casesTypes.ts';

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

/** Upload one file as the raw request body (`?material=<key>&name=<file name>`). */
export function apiUpload(target: string, material: string, file: File): Promise<UploadedFile> {
  const query = new URLSearchParams({ material, name: file.name.slice(0, 200) });
  return api<UploadedFile>(`${target}/files?${query.toString()}`, {
    method: 'POST',
    raw: { blob: file, type: mediaTypeOf(file) },
  });
}
