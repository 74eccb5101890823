import { z } from 'zod';

/**
 * The cases module's events this module consumes (contract: modules/cases/README.md). Parsed
 * leniently: unknown fields are ignored, counts may come as numbers or lists, and fields the
 * contract does not promise yet (fees, legal baselines of steps and visits) are read when present.
 */
export const CASES_TOPICS = {
  submitted: 'cases.submitted',
  concluded: 'cases.concluded',
} as const;

const count = z
  .union([z.number().finite(), z.array(z.unknown())])
  .nullish()
  .transform((v) => (v == null ? null : Array.isArray(v) ? v.length : Math.max(0, Math.round(v))));
const money = z
  .union([z.number().finite(), z.string().regex(/^\d+(\.\d{1,2})?$/)])
  .nullish()
  .transform((v) => (v == null ? null : Number(v).toFixed(2)));
const instant = z
  .string()
  .nullish()
  .transform((v) => {
    if (!v) return null;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  });
const id = z.string().min(1).max(200);
const optId = z
  .string()
  .max(200)
  .nullish()
  .transform((v) => v || null);

const common = {
  caseId: id,
  number: z.string().max(100),
  kind: z.enum(['item', 'bundle']).catch('item'),
  itemId: optId,
  bundleId: optId,
  parentId: optId,
  departmentId: optId,
  regionCode: optId,
  channel: z.enum(['online', 'counter']).catch('online'),
  applicantAccountId: optId,
  submittedAt: instant,
  materialsRequired: count,
  materialsExempted: count,
};

export const submittedPayload = z.object(common);

export const concludedPayload = z.object({
  ...common,
  itemName: z
    .string()
    .max(300)
    .nullish()
    .transform((v) => v ?? null),
  outcome: z
    .enum(['approved', 'not_approved'])
    .nullish()
    .catch(null)
    .transform((v) => v ?? null),
  concludedAt: instant,
  onTime: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
  workingDaysUsed: count,
  promisedDays: count,
  legalDays: count,
  steps: count,
  legalSteps: count,
  onSiteVisits: count,
  legalVisits: count,
  fees: money,
  legalFees: money,
});

export type SubmittedPayload = z.infer<typeof submittedPayload>;
export type ConcludedPayload = z.infer<typeof concludedPayload>;
