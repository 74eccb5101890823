import { z } from 'zod';
import { CARD_DOMAINS, SCANNER_PROFILES } from './tables.ts';

/** Request and response schemas of the service-code routes (validation and OpenAPI). */
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'UUID');
const level = z.enum(['L1', 'L2', 'L3']).nullable();
const holderType = z.enum(['person', 'organisation']);
const profile = z.enum(SCANNER_PROFILES);
const domain = z.enum(CARD_DOMAINS);
const text = (max: number) => z.string().trim().min(1).max(max);

export const holderQuery = z
  .object({
    as: holderType.default('person'),
    orgId: uuid.optional(),
  })
  .refine((q) => q.as === 'person' || !!q.orgId, {
    message: 'orgId is required with as=organisation',
    path: ['orgId'],
  });

export const issueQuery = z
  .object({
    as: holderType.default('person'),
    orgId: uuid.optional(),
    image: z.enum(['svg', 'png', 'none']).default('svg'),
    offline: z.coerce.number().int().min(0).max(4).default(0),
  })
  .refine((q) => q.as === 'person' || !!q.orgId, {
    message: 'orgId is required with as=organisation',
    path: ['orgId'],
  });

const issuedCode = z.object({
  code: z.string(),
  codeId: z.string(),
  kid: z.string(),
  holderType,
  issuedAt: z.string(),
  expiresAt: z.string(),
});

export const issueResponse = z.object({
  code: z.string(),
  codeId: z.string(),
  kid: z.string(),
  holderType,
  issuedAt: z.string(),
  expiresAt: z.string(),
  refreshAfterSeconds: z.number().int(),
  lifetimeSeconds: z.number().int(),
  /** What the code stands for, for the holder's own screen. */
  holder: z.object({ type: holderType, nameMasked: z.string() }),
  qrSvg: z.string().nullable(),
  qrPngDataUrl: z.string().nullable(),
  offlineCodes: z.array(issuedCode),
});

export const verifyBody = z.object({
  code: z.string().max(4096),
  purpose: text(100),
  caseNumber: text(64).optional(),
  deviceId: text(64).optional(),
});

const verifyBase = {
  valid: z.literal(true),
  scanId: z.string(),
  codeId: z.string(),
  holderType,
  expiresAt: z.string(),
  consumed: z.boolean(),
};
export const verifyResponse = z.union([
  z.object({ ...verifyBase, profile: z.literal('gate'), nameMasked: z.string(), realNameLevel: level }),
  z.object({
    ...verifyBase,
    profile: z.literal('counter'),
    name: z.string(),
    identifierType: z.enum(['id_number', 'credit_code']),
    identifier: z.string(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    realNameLevel: level,
  }),
  z.object({
    ...verifyBase,
    profile: z.enum(['medical', 'transport', 'social-security']),
    nameMasked: z.string(),
    card: z.object({ domain, number: z.string() }),
  }),
]);

export const scansQuery = z
  .object({
    as: holderType.default('person'),
    orgId: uuid.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    before: z
      .string()
      .regex(/^\d{1,18}$/)
      .optional(),
  })
  .refine((q) => q.as === 'person' || !!q.orgId, {
    message: 'orgId is required with as=organisation',
    path: ['orgId'],
  });

export const scansResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      profile,
      purpose: z.string(),
      caseNumber: z.string().nullable(),
      outcome: z.string(),
      accepted: z.boolean(),
      scanner: z.object({ name: z.string(), location: z.string() }),
      organisation: z.string().nullable(),
      departmentId: z.string().nullable(),
    }),
  ),
  nextBefore: z.string().nullable(),
});

export const card = z.object({ id: z.string(), domain, numberMasked: z.string(), linkedAt: z.string() });
export const cardsResponse = z.object({ items: z.array(card) });
export const linkCardBody = z.object({ domain, number: z.string().trim().min(1).max(40) });
export const idParams = z.object({ id: uuid });

export const scanner = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  operatorName: z.string().nullable(),
  profile,
  clientId: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const scannersQuery = z.object({
  profile: profile.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export const scannersResponse = z.object({ items: z.array(scanner) });
const scannerFields = {
  name: text(80),
  location: text(120),
  departmentId: z.string().trim().min(1).max(40).nullable().optional(),
  operatorName: text(80).nullable().optional(),
  profile,
  clientId: z.string().trim().min(1).max(128).nullable().optional(),
  status: z.enum(['active', 'disabled']).optional(),
};
export const createScannerBody = z.object({
  ...scannerFields,
  /** Ask the SSO module for client credentials for this device (when it offers that). */
  registerClient: z.boolean().optional(),
});
export const updateScannerBody = z
  .object({
    name: scannerFields.name.optional(),
    location: scannerFields.location.optional(),
    departmentId: scannerFields.departmentId,
    operatorName: scannerFields.operatorName,
    profile: profile.optional(),
    clientId: scannerFields.clientId,
    status: scannerFields.status,
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change' });
export const createScannerResponse = scanner.extend({
  /** Shown once when the SSO module issued credentials for the device. */
  clientSecret: z.string().nullable(),
});

export const keyItem = z.object({
  kid: z.string(),
  status: z.enum(['next', 'active', 'retired']),
  publicKeyHex: z.string(),
  notBefore: z.string(),
  activatedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
  notAfter: z.string().nullable(),
  createdAt: z.string(),
});
export const keysResponse = z.object({ items: z.array(keyItem) });
export const rotateBody = z.object({
  /** How long the retiring key stays verifiable; 0 withdraws it at once (compromise). Default 1 day. */
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86400)
    .default(86400),
});
export const rotateResponse = z.object({
  retired: z.string().nullable(),
  active: z.string(),
  next: z.string(),
  overlapSeconds: z.number().int(),
});

export const publishedKeys = z.object({
  issuer: z.string(),
  tokenPrefix: z.string(),
  alg: z.literal('SM2-SM3'),
  userId: z.string(),
  signature: z.literal('raw-r-s'),
  clockSkewSeconds: z.number().int(),
  keys: z.array(
    z.object({
      kid: z.string(),
      alg: z.literal('SM2-SM3'),
      publicKeyPem: z.string(),
      publicKeyHex: z.string(),
      notBefore: z.string(),
      notAfter: z.string().nullable(),
      retiredAt: z.string().nullable(),
      status: z.enum(['next', 'active', 'retired']),
    }),
  ),
});
