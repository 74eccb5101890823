import { z } from 'zod';

/** The published shape of a service item: what a version snapshot holds and every channel reads. */
export const material = z.object({
  name: z.string(),
  source: z.enum(['applicant', 'government_issued', 'shared_data']),
  /** Generic e-certificate type to look up (两个免于提交 candidates), when there is one. */
  certificate: z.string().nullable(),
  required: z.boolean(),
  note: z.string().nullable(),
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
