import { apiUrl, useQuery } from '../../api/hooks.ts';
import { apiGet } from '../../api/client.ts';
import type { Department, ListPage, Region } from '../../api/types.ts';

/** Regions under `parent` (GB/T 2260 code); without a parent, the province itself. */
export const useRegions = (parent?: string) => useQuery<{ items: Region[] }>(apiUrl('/regions', { parent }));

export const fetchRegions = (parent: string) => apiGet<{ items: Region[] }>('/regions', { parent });

export interface DepartmentFilters {
  regionCode?: string | undefined;
  q: string;
  page: number;
  pageSize: number;
}

export const useDepartments = (f: DepartmentFilters) =>
  useQuery<ListPage<Department>>(
    apiUrl('/departments', { regionCode: f.regionCode, q: f.q, page: f.page, pageSize: f.pageSize }),
  );
