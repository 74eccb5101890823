import { apiGet, toApiError } from '../api/client.ts';
import type { ItemCard, SearchResult } from './types.ts';

/**
 * The portal's catalog search (`/catalog/search`, ranked, pinyin initials); where a
 * platform does not have it yet, the plain filter `/catalog/items?q=`.
 */
export async function searchCatalog(q: string, signal?: AbortSignal): Promise<SearchResult> {
  try {
    return await apiGet<SearchResult>('/catalog/search', { q, limit: 30 }, signal);
  } catch (e) {
    if (toApiError(e).status !== 404) throw e;
    const page = await apiGet<{ items: ItemCard[] }>('/catalog/items', { q, pageSize: 30 }, signal);
    return { items: page.items, lifeEvents: [] };
  }
}
