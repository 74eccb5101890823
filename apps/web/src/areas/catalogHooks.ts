/** Types and data hooks of the service catalog screens (portal 办事服务, console 事项管理 / 一件事管理). */
import { apiUrl, useQuery } from '../api/hooks.ts';
import type { MessageKey } from '../i18n/index.tsx';

export type Channel = 'web' | 'mobile' | 'kiosk' | 'counter';
export type Audience = 'person' | 'organisation' | 'both';
export type MaterialSource = 'applicant' | 'government_issued' | 'shared_data';
export type MatchedBy = 'exact' | 'prefix' | 'substring' | 'bigram' | 'pinyin' | 'english' | 'typo';

export const CHANNELS: Channel[] = ['web', 'mobile', 'kiosk', 'counter'];
export const CHANNEL_LABELS: Record<Channel, MessageKey> = {
  web: 'catalog.channel.web',
  mobile: 'catalog.channel.mobile',
  kiosk: 'catalog.channel.kiosk',
  counter: 'catalog.channel.counter',
};
export const AUDIENCE_LABELS: Record<Audience, MessageKey> = {
  person: 'catalog.audience.person',
  organisation: 'catalog.audience.organisation',
  both: 'catalog.audience.both',
};
export const SOURCE_LABELS: Record<MaterialSource, MessageKey> = {
  applicant: 'catalog.source.applicant',
  government_issued: 'catalog.source.government_issued',
  shared_data: 'catalog.source.shared_data',
};
export const SCOPE_LABELS: Record<'province' | 'yangtze_delta', MessageKey> = {
  province: 'catalog.scope.province',
  yangtze_delta: 'catalog.scope.yangtze_delta',
};
export const THEMES = [
  '生育收养',
  '户籍办理',
  '社会保障',
  '设立变更',
  '准营准办',
  '纳税缴费',
  '退休养老',
  '公积金',
  '交通出行',
  '教育',
  '医疗卫生',
  '婚姻登记',
  '住房',
  '就业创业',
  '工程建设',
  '民政救助',
  '生态环境',
  '农业农村',
  '文化旅游',
  '安全生产',
  '法律服务',
  '身后事',
];

export interface ItemCard {
  id: string;
  basicCode: string;
  demoCode: boolean;
  name: string;
  nameEn: string;
  itemType: string | null;
  audience: Audience;
  departmentId: string;
  version: number;
  themes: string[];
  promisedDays: number | null;
  exemptMaterials: number;
  materialsCount: number | null;
  channels: Channel[];
  handlingScope: ('province' | 'yangtze_delta')[];
  matchedBy?: MatchedBy;
}

export interface Material {
  name: string;
  source: MaterialSource;
  certificate: string | null;
  required: boolean;
  note: string | null;
  purpose?: string | null;
}

export interface FormProperty {
  type: 'string' | 'number' | 'integer' | 'boolean';
  title: string;
  description?: string;
  enum?: (string | number)[];
  format?: 'date';
  'x-prefill'?: string;
  [key: string]: unknown;
}

export interface ItemSnapshot {
  id: string;
  basicCode: string;
  demoCode: boolean;
  name: string;
  nameEn: string;
  itemType: string | null;
  audience: Audience;
  departmentId: string;
  implementingLevel: string | null;
  legalBasis: string[];
  legalTimeLimit: { days: number | null; unit: 'working_days' | 'days' | null; text: string | null };
  promisedTimeLimit: { days: number | null; unit: 'working_days' | 'days'; isDemo: boolean };
  onSiteVisits: { count: number | null; isDemo: boolean };
  fee: { charged: boolean | null; detail: string | null };
  materials: Material[] | null;
  materialsNote: string | null;
  resultCertificate: string | null;
  sourceUrl: string | null;
  status: 'in_use' | 'suspended' | 'cancelled';
  aliases: string[];
  steps: { name: string; description?: string | null }[];
  handlingScope: ('province' | 'yangtze_delta')[];
  channels: Channel[];
  minRealNameLevel: 'L1' | 'L2' | 'L3';
  themes: string[];
  collaborators: string[];
  form: { type: 'object'; title?: string; properties: Record<string, FormProperty>; required?: string[] };
  demoValues: string[];
}

export interface ItemDetail extends ItemSnapshot {
  version: number;
  publishedAt: string;
  departmentName: string | null;
  implementationCode: string | null;
  demoFields: string[];
}

export interface LifeEvent {
  id: string;
  name: string;
  nameEn: string;
  items: { id: string; name: string }[];
  itemIds: string[];
  otherSteps: string[];
  scope: string | null;
  note: string | null;
  sharedFields: string[];
  sharedFieldsComputed: boolean;
  version: number;
  updatedAt: string;
}

export interface FacetCount {
  value: string;
  label: string;
  count: number;
}
export interface Facets {
  total: number;
  departments: FacetCount[];
  themes: FacetCount[];
  audiences: FacetCount[];
  itemTypes: FacetCount[];
  channels: FacetCount[];
  lifeEvents: (FacetCount & { nameEn: string })[];
}

export interface SearchAnswer {
  items: (ItemCard & { matchedBy: MatchedBy; score: number })[];
  lifeEvents: { id: string; name: string; nameEn: string; matchedBy: MatchedBy; score: number }[];
}

export interface ItemFilters {
  theme?: string | undefined;
  department?: string | undefined;
  audience?: Audience | undefined;
  lifeEvent?: string | undefined;
  page: number;
  pageSize: number;
}

export interface VersionEntry {
  version: number;
  publishedAt: string;
  publishedBy: string;
}
export interface Change {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}

export const useFacets = () => useQuery<Facets>(apiUrl('/catalog/facets'));
export const useLifeEvents = () => useQuery<{ items: LifeEvent[] }>(apiUrl('/catalog/life-events'));
export const useCatalogSearch = (q: string) =>
  useQuery<SearchAnswer>(q.trim() ? apiUrl('/catalog/search', { q: q.trim(), limit: 50 }) : null);
export const useCatalogItems = (f: ItemFilters) =>
  useQuery<{ items: ItemCard[]; total: number; page: number; pageSize: number }>(
    apiUrl('/catalog/items', {
      theme: f.theme,
      department: f.department,
      audience: f.audience,
      lifeEvent: f.lifeEvent,
      page: f.page,
      pageSize: f.pageSize,
    }),
  );
export const useCatalogItem = (id: string | null) =>
  useQuery<ItemDetail>(id ? apiUrl(`/catalog/items/${encodeURIComponent(id)}`) : null);
export const useItemVersions = (id: string | null) =>
  useQuery<{ items: VersionEntry[] }>(
    id ? apiUrl(`/catalog/items/${encodeURIComponent(id)}/versions`) : null,
  );
export const useItemDiff = (id: string | null, from: number | null, to: number | null) =>
  useQuery<{ changes: Change[] }>(
    id && from && to ? apiUrl(`/catalog/items/${encodeURIComponent(id)}/diff`, { from, to }) : null,
  );

/** A snapshot as the editor's request body: everything but the id and the read-only extras. */
export function editableOf(d: ItemDetail): Record<string, unknown> {
  const {
    id: _id,
    version: _v,
    publishedAt: _p,
    departmentName: _d,
    implementationCode: _i,
    demoFields: _f,
    demoValues: _dv,
    ...rest
  } = d;
  return rest;
}
