import { z } from 'zod';

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });
const itemId = z.string().regex(/^[A-Za-z0-9-]{1,40}$/);
const regionCode = z.string().regex(/^32\d{4}$/, 'Jiangsu region code');
export const uuidParam = z.object({ id: z.string().uuid() });
export const formData = z.record(
  z.string().max(40),
  z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
);

export const material = z.object({
  key: z.string(),
  name: z.string(),
  required: z.boolean(),
  source: z.enum(['applicant', 'government_issued', 'shared_data']),
  status: z.enum(['exempt_certificate', 'exempt_shared', 'produced_in_bundle', 'upload', 'optional']),
  certificate: z
    .object({ certificateId: z.string(), type: z.string(), number: z.string(), issuer: z.string() })
    .optional(),
  sharedSource: localized.optional(),
  producedBy: z.string().optional(),
  fileIds: z.array(z.string()),
  note: z.string().nullable().optional(),
});

const formProperty = z.object({
  type: z.enum(['string', 'number', 'integer', 'boolean']),
  title: z.string().optional(),
  description: z.string().optional(),
  enum: z.array(z.union([z.string(), z.number()])).optional(),
  format: z.literal('date').optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  pattern: z.string().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  'x-prefill': z.string().optional(),
  'x-widget': z.literal('textarea').optional(),
});
export const formSchema = z.object({
  type: z.literal('object'),
  title: z.string().optional(),
  properties: z.record(z.string(), formProperty),
  required: z.array(z.string()).optional(),
});

export const prefillView = z.object({
  title: z.string(),
  regionCode: z.string(),
  form: formSchema,
  sharedFields: z.array(z.string()),
  prefill: z.array(z.object({ key: z.string(), value: z.string(), source: localized, purpose: localized })),
  items: z.array(
    z.object({
      itemId: z.string(),
      itemVersion: z.number().int(),
      name: z.string(),
      departmentId: z.string(),
      departmentName: z.string(),
      promisedDays: z.number().int().nullable(),
      materials: z.array(material),
    }),
  ),
  exempted: z.number().int(),
});

export const fileView = z.object({
  id: z.string(),
  material: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sm3: z.string(),
  uploadedAt: z.string(),
});

export const draftView = prefillView.extend({
  id: z.string(),
  itemId: z.string().nullable(),
  bundleId: z.string().nullable(),
  caseId: z.string().nullable(),
  savedForm: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
  files: z.array(fileView),
});

export const prefillQuery = z
  .object({ itemId: itemId.optional(), bundleId: itemId.optional(), regionCode: regionCode.optional() })
  .refine((q) => !!q.itemId !== !!q.bundleId, { message: 'give itemId or bundleId' });

export const draftCreate = z
  .object({ itemId: itemId.optional(), bundleId: itemId.optional(), regionCode: regionCode.optional() })
  .refine((q) => !!q.itemId !== !!q.bundleId, { message: 'give itemId or bundleId' });

export const submitBody = z
  .object({
    draftId: z.string().uuid().optional(),
    itemId: itemId.optional(),
    bundleId: itemId.optional(),
    regionCode: regionCode.optional(),
    form: formData.optional(),
    consent: z.boolean(),
  })
  .refine((b) => [b.draftId, b.itemId, b.bundleId].filter(Boolean).length === 1, {
    message: 'give exactly one of draftId, itemId, bundleId',
  });

export const counterIntakeBody = z
  .object({
    idNumber: z
      .string()
      .trim()
      .regex(/^\d{17}[\dXx]$/, 'ID number'),
    name: z.string().trim().min(1).max(50),
    itemId: itemId.optional(),
    bundleId: itemId.optional(),
    form: formData.optional(),
  })
  .refine((b) => !!b.itemId !== !!b.bundleId, { message: 'give itemId or bundleId' });

export const receipt = z.object({
  caseId: z.string(),
  number: z.string(),
  title: z.string(),
  kind: z.enum(['item', 'bundle']),
  status: z.string(),
  submittedAt: z.string(),
  materialsRequired: z.number().int(),
  materialsExempted: z.number().int(),
  children: z.array(
    z.object({
      caseId: z.string(),
      number: z.string(),
      title: z.string(),
      departmentName: z.string().nullable(),
      promisedDays: z.number().int().nullable(),
    }),
  ),
  departmentName: z.string().nullable(),
  promisedDays: z.number().int().nullable(),
});

const sla = z
  .object({
    limitDays: z.number().int(),
    unit: z.enum(['working_days', 'days']),
    acceptedOn: z.string(),
    dueDate: z.string(),
    warnDate: z.string(),
    elapsed: z.number().int(),
    remaining: z.number().int(),
    colour: z.enum(['green', 'yellow', 'red']),
    suspended: z.boolean(),
    provisional: z.boolean(),
  })
  .nullable();

export const caseSummary = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(['item', 'bundle']),
  parentId: z.string().nullable(),
  title: z.string(),
  itemId: z.string().nullable(),
  bundleId: z.string().nullable(),
  status: z.string(),
  outcome: z.string().nullable(),
  channel: z.enum(['online', 'counter']),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  regionCode: z.string(),
  applicantName: z.string(),
  applicantType: z.enum(['person', 'organisation']),
  submittedAt: z.string(),
  acceptedAt: z.string().nullable(),
  concludedAt: z.string().nullable(),
  escalated: z.boolean(),
  version: z.number().int(),
  sla,
});

export const caseDetail = caseSummary.extend({
  form: z.record(z.string(), z.unknown()),
  materials: z.array(material),
  materialsRequired: z.number().int(),
  materialsExempted: z.number().int(),
  correction: z.unknown().nullable(),
  correctionUsed: z.boolean(),
  reasons: z.string().nullable(),
  delivery: z.record(z.string(), z.unknown()).nullable(),
  itemVersion: z.number().int().nullable(),
  limitDays: z.number().int().nullable(),
  limitUnit: z.enum(['working_days', 'days']),
  timeline: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      actor: z.string(),
      departmentName: z.string().nullable(),
      note: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  tasks: z.array(
    z.object({
      id: z.string(),
      departmentId: z.string(),
      departmentName: z.string(),
      role: z.enum(['lead', 'collaborator']),
      status: z.enum(['open', 'done']),
      opinion: z.string().nullable(),
      comment: z.string().nullable(),
      doneBy: z.string().nullable(),
      doneAt: z.string().nullable(),
    }),
  ),
  files: z.array(fileView),
  children: z.array(caseSummary),
});

export const staffCaseDetail = caseDetail.extend({
  permissions: z.object({
    accept: z.boolean(),
    decide: z.boolean(),
    review: z.boolean(),
    deliver: z.boolean(),
  }),
});

export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

export const queueQuery = z.object({
  view: z.enum(['all', 'acceptance', 'review', 'escalated']).default('all'),
  status: z
    .enum([
      'submitted',
      'not_accepted',
      'correction_requested',
      'under_review',
      'suspended',
      'concluded',
      'delivered',
    ])
    .optional(),
  sla: z.enum(['green', 'yellow', 'red']).optional(),
  q: z.string().trim().max(30).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const myCasesQuery = z.object({
  status: z.enum(['active', 'done']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const transitionBody = z.object({
  action: z.enum([
    'accept',
    'refuse',
    'request_correction',
    'complete_task',
    'decide',
    'suspend',
    'resume',
    'deliver',
  ]),
  expectedVersion: z.number().int().min(1),
  reasons: z.string().max(2000).optional(),
  items: z.array(z.string().max(200)).max(50).optional(),
  note: z.string().max(2000).optional(),
  outcome: z.enum(['approved', 'not_approved']).optional(),
  opinion: z.enum(['agree', 'disagree']).optional(),
  method: z.enum(['e_certificate', 'post', 'counter_pickup']).optional(),
  trackingNumber: z.string().max(40).optional(),
});

export const transitionResult = z.object({
  caseId: z.string(),
  status: z.string(),
  version: z.number().int(),
});

export const uploadQuery = z.object({
  material: z.string().regex(/^(\d{1,2}\.)?m\d{1,3}$|^correction$/),
  name: z.string().trim().min(1).max(200),
});
