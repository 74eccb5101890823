import { z } from 'zod';
import { PREFILL_FIELDS } from './form.ts';

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
] as const;

export const channel = z.enum(['web', 'mobile', 'kiosk', 'counter']);
export type Channel = z.infer<typeof channel>;
export const handlingScope = z.enum(['province', 'yangtze_delta']);
export const step = z.object({ name: z.string(), description: z.string().nullable().optional() });

export const formProperty = z.object({
  type: z.enum(['string', 'number', 'integer', 'boolean']),
  title: z.string(),
  description: z.string().optional(),
  enum: z.array(z.union([z.string(), z.number()])).optional(),
  format: z.literal('date').optional(),
  minLength: z.number().int().optional(),
  maxLength: z.number().int().optional(),
  pattern: z.string().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  'x-prefill': z.enum(PREFILL_FIELDS).optional(),
  'x-widget': z.literal('textarea').optional(),
});
export const formSchema = z.object({
  $schema: z.string().optional(),
  type: z.literal('object'),
  title: z.string().optional(),
  properties: z.record(z.string(), formProperty),
  required: z.array(z.string()).optional(),
});

/** The published shape of a service item: what a version snapshot holds and every channel reads. */
export const material = z.object({
  name: z.string(),
  source: z.enum(['applicant', 'government_issued', 'shared_data']),
  /** Generic e-certificate type to look up (两个免于提交 candidates), when there is one. */
  certificate: z.string().nullable(),
  required: z.boolean(),
  note: z.string().nullable(),
  /** What the material serves to prove (shown in the guide), when known. */
  purpose: z.string().nullable().optional(),
});
export type Material = z.infer<typeof material>;

export const itemSnapshot = z.object({
  id: z.string(),
  basicCode: z.string(),
  /** true: a stable synthetic code, not the real national/local basic code. */
  demoCode: z.boolean(),
  name: z.string(),
  nameEn: z.string(),
  itemType: z.string().nullable(),
  audience: z.enum(['person', 'organisation', 'both']),
  departmentId: z.string(),
  implementingLevel: z.string().nullable(),
  legalBasis: z.array(z.string()),
  legalTimeLimit: z.object({
    days: z.number().int().nullable(),
    /** The law's own wording: 工作日 → working_days, 日 → days (not converted). */
    unit: z.enum(['working_days', 'days']).nullable(),
    text: z.string().nullable(),
  }),
  promisedTimeLimit: z.object({
    days: z.number().int().nullable(),
    unit: z.enum(['working_days', 'days']),
    isDemo: z.boolean(),
  }),
  onSiteVisits: z.object({ count: z.number().int().nullable(), isDemo: z.boolean() }),
  fee: z.object({ charged: z.boolean().nullable(), detail: z.string().nullable() }),
  /** null: materials not collected yet. */
  materials: z.array(material).nullable(),
  materialsNote: z.string().nullable(),
  resultCertificate: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  status: z.enum(['in_use', 'suspended', 'cancelled']),
  /** Other names searched like the name (e.g. the bracketed part of 户口登记（出生登记）). */
  aliases: z.array(z.string()),
  /** 办理环节: 受理 / 审查 / 决定 / 送达 by default. */
  steps: z.array(step),
  /** 全省通办 / 长三角通办. */
  handlingScope: z.array(handlingScope),
  /** Channels offering the item (same-source: every channel reads the same published version). */
  channels: z.array(channel),
  /** Lowest real-name level (identity L1–L3) to apply online. */
  minRealNameLevel: z.enum(['L1', 'L2', 'L3']),
  /** 主题 (生育收养, 户籍办理, …). */
  themes: z.array(z.string()),
  /** Department kinds (e.g. 'RS') that review the application as well. */
  collaborators: z.array(z.string()),
  /** The application form: a JSON Schema subset (see form.ts). */
  form: formSchema,
  /** Names of snapshot fields holding generated demo values (steps, form, themes, …). */
  demoValues: z.array(z.string()),
});
export type ItemSnapshot = z.infer<typeof itemSnapshot>;

export const itemDetail = itemSnapshot.extend({
  version: z.number().int(),
  publishedAt: z.string(),
  departmentName: z.string().nullable(),
  /** 实施编码 from the department's credit code; null when the department is not in the directory. */
  implementationCode: z.string().nullable(),
  /** Names of fields holding demo values, not verified data. */
  demoFields: z.array(z.string()),
});

export const itemSummary = z.object({
  id: z.string(),
  basicCode: z.string(),
  demoCode: z.boolean(),
  name: z.string(),
  nameEn: z.string(),
  itemType: z.string().nullable(),
  audience: z.enum(['person', 'organisation', 'both']),
  departmentId: z.string(),
  version: z.number().int(),
});

export const itemId = z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'item id');

export const listQuery = z.object({
  q: z.string().trim().max(50).optional(),
  theme: z.string().trim().max(20).optional(),
  lifeEvent: z.string().max(40).optional(),
  /** `province` / `yangtze_delta` (handling scope), or a region code (2–6 digits) the item serves. */
  region: z
    .string()
    .regex(/^(province|yangtze_delta|[0-9]{2,6})$/, 'province, yangtze_delta or a region code')
    .optional(),
  channel: channel.optional(),
  department: z.string().max(64).optional(),
  audience: z.enum(['person', 'organisation', 'both']).optional(),
  type: z.string().max(20).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const versionItem = z.object({
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string(),
});

export const lifeEventItem = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string(),
  items: z.array(z.object({ id: z.string(), name: z.string() })),
  otherSteps: z.array(z.string()),
  scope: z.string().nullable(),
  note: z.string().nullable(),
});

export const feedQuery = z.object({
  since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const feedEntry = z.object({
  position: z.number().int(),
  itemId: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  snapshot: itemSnapshot,
});

// ---- Search, facets, editor ----

export const matchedBy = z.enum(['exact', 'prefix', 'substring', 'bigram', 'pinyin', 'english', 'typo']);

export const searchQuery = z.object({
  q: z.string().trim().min(1).max(50),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const itemCard = itemSummary.extend({
  themes: z.array(z.string()),
  promisedDays: z.number().int().nullable(),
  /** Materials the applicant need not submit (e-certificates and shared data). */
  exemptMaterials: z.number().int(),
  materialsCount: z.number().int().nullable(),
  channels: z.array(channel),
  handlingScope: z.array(handlingScope),
});

export const searchResult = z.object({
  items: z.array(itemCard.extend({ matchedBy, score: z.number() })),
  lifeEvents: z.array(
    z.object({ id: z.string(), name: z.string(), nameEn: z.string(), matchedBy, score: z.number() }),
  ),
});

export const facetCount = z.object({ value: z.string(), label: z.string(), count: z.number().int() });
export const facets = z.object({
  total: z.number().int(),
  departments: z.array(facetCount),
  themes: z.array(facetCount),
  audiences: z.array(facetCount),
  itemTypes: z.array(facetCount),
  channels: z.array(facetCount),
  lifeEvents: z.array(facetCount.extend({ nameEn: z.string() })),
});

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullable();

export const materialInput = z.object({
  name: text(200),
  source: z.enum(['applicant', 'government_issued', 'shared_data']),
  certificate: optText(100),
  required: z.boolean(),
  note: optText(500),
  purpose: optText(200).optional(),
});

/** An editor's item: the full snapshot minus its id; the form is checked by the meta-check. */
export const itemInput = z.object({
  basicCode: z.string().regex(/^[0-9]{12}$/, 'basic code: 12 digits'),
  demoCode: z.boolean(),
  name: text(100),
  nameEn: text(300),
  itemType: optText(20),
  audience: z.enum(['person', 'organisation', 'both']),
  departmentId: z.string().regex(/^[0-9]{6}-[a-z0-9]{1,20}$/, 'department id'),
  implementingLevel: optText(200),
  legalBasis: z.array(text(500)).max(50),
  legalTimeLimit: z.object({
    days: z.number().int().min(0).max(3650).nullable(),
    unit: z.enum(['working_days', 'days']).nullable(),
    text: optText(1000),
  }),
  promisedTimeLimit: z.object({
    days: z.number().int().min(0).max(3650).nullable(),
    unit: z.enum(['working_days', 'days']),
    isDemo: z.boolean(),
  }),
  onSiteVisits: z.object({ count: z.number().int().min(0).max(10).nullable(), isDemo: z.boolean() }),
  fee: z.object({ charged: z.boolean().nullable(), detail: optText(500) }),
  materials: z.array(materialInput).max(100).nullable(),
  materialsNote: optText(1000),
  resultCertificate: optText(100),
  sourceUrl: z.string().trim().max(500).url().nullable(),
  status: z.enum(['in_use', 'suspended', 'cancelled']),
  aliases: z.array(text(50)).max(10).default([]),
  steps: z
    .array(z.object({ name: text(50), description: optText(500).optional() }))
    .min(1)
    .max(20),
  handlingScope: z.array(handlingScope).max(2),
  channels: z.array(channel).max(4),
  minRealNameLevel: z.enum(['L1', 'L2', 'L3']),
  themes: z.array(text(20)).max(10),
  collaborators: z.array(z.string().regex(/^[A-Z]{2,4}$/, 'department kind')).max(10),
  form: z.record(z.string(), z.unknown()),
});
export type ItemInput = z.infer<typeof itemInput>;

export const itemUpdate = itemInput.extend({
  /** The version the editor started from; a newer published version answers 409. */
  baseVersion: z.number().int().min(1),
});
export const itemCreate = itemInput.extend({
  basicCode: itemInput.shape.basicCode.optional(),
});

export const publishResult = z.object({
  id: z.string(),
  version: z.number().int(),
  changed: z.number().int(),
});

export const versionDetail = itemSnapshot.extend({
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string(),
});

export const diffQuery = z.object({
  from: z.coerce.number().int().min(1).max(1_000_000),
  to: z.coerce.number().int().min(1).max(1_000_000),
});
export const diffResult = z.object({
  id: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(
    z.object({
      path: z.string(),
      kind: z.enum(['added', 'removed', 'changed']),
      before: z.unknown(),
      after: z.unknown(),
    }),
  ),
});

export const lifeEventInput = z.object({
  name: text(100),
  nameEn: text(300),
  itemIds: z.array(itemId).min(1).max(50),
  /** Form fields asked once for every item; null: the fields common to all the items' forms. */
  sharedFields: z
    .array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/))
    .max(60)
    .nullable(),
  otherSteps: z.array(text(200)).max(30),
  scope: optText(500),
  note: optText(1000),
});
export const lifeEventUpdate = lifeEventInput.extend({ baseVersion: z.number().int().min(1) });

export const lifeEventDetail = lifeEventItem.extend({
  itemIds: z.array(z.string()),
  sharedFields: z.array(z.string()),
  /** true: sharedFields are computed (the intersection of the items' form fields). */
  sharedFieldsComputed: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
