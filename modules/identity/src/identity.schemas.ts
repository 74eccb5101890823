import { z } from 'zod';

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });
const area = z.enum(['portal', 'workbench', 'console', 'data', 'ops']);

export const roleView = z.object({
  role: z.string(),
  roleName: localized,
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
});

export const sessionView = z.object({
  authenticated: z.literal(true),
  csrfToken: z.string().optional(),
  idleTimeoutSeconds: z.number().int(),
  expiresAt: z.string(),
  account: z.object({
    id: z.string(),
    kind: z.enum(['person', 'staff']),
    username: z.string(),
    displayName: z.string(),
    realNameLevel: z.enum(['L1', 'L2', 'L3']).nullable(),
    roles: z.array(roleView),
    areas: z.array(area),
    permissions: z.array(z.string()),
  }),
  actingFor: z
    .object({
      organisationId: z.string(),
      name: z.string(),
      creditCode: z.string(),
      role: z.enum(['legal_rep', 'agent']),
    })
    .nullable(),
});

export const sessionState = z.union([
  z.object({ authenticated: z.literal(false), csrfToken: z.string().optional() }),
  sessionView,
]);

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});

export const loginResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('authenticated'), session: sessionView }),
  z.object({ status: z.literal('totp_required') }),
  z.object({
    status: z.literal('totp_enrolment_required'),
    enrolment: z.object({ secret: z.string(), otpauthUri: z.string() }),
  }),
]);

export const totpBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'six digits'),
});
export const authenticatedResponse = z.object({ status: z.literal('authenticated'), session: sessionView });

export const passwordBody = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const profileResponse = z.object({
  kind: z.enum(['person', 'staff']),
  displayName: z.string(),
  idNumberMasked: z.string().nullable(),
  mobileMasked: z.string().nullable(),
  realNameLevel: z.enum(['L1', 'L2', 'L3']).nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
});

export const sessionsResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      current: z.boolean(),
      createdAt: z.string(),
      lastSeenAt: z.string(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
    }),
  ),
});

export const sessionIdParams = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/) });

export const dataAccessQuery = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});
export const dataAccessResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actorDisplay: z.string(),
      departmentName: z.string().nullable(),
      action: z.string(),
      actionName: localized,
      purpose: z.string().nullable(),
      outcome: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const accountView = z.object({
  id: z.string(),
  kind: z.enum(['person', 'staff']),
  username: z.string(),
  displayName: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  regionCode: z.string().nullable(),
  status: z.enum(['active', 'locked', 'disabled']),
  roles: z.array(roleView),
  mfaEnrolled: z.boolean(),
  lastLoginAt: z.string().nullable(),
});

export const accountsQuery = z.object({
  q: z.string().trim().max(64).optional(),
  kind: z.enum(['person', 'staff']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const roleInput = z.object({
  role: z.string().min(1).max(40),
  departmentId: z.string().max(64).nullable().default(null),
});

export const createAccountBody = z.object({
  username: z
    .string()
    .trim()
    .regex(
      /^[a-zA-Z][a-zA-Z0-9._-]{2,39}$/,
      '3–40 letters, digits, dot, dash or underscore, starting with a letter',
    ),
  displayName: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(128),
  roles: z.array(roleInput).max(10),
});

export const rolesBody = z.object({ roles: z.array(roleInput).max(10) });
export const accountIdParams = z.object({ id: z.string().uuid() });
export const accountStatusParams = z.object({
  id: z.string().uuid(),
  change: z.enum(['unlock', 'disable', 'enable']),
});

export const rolesCatalogResponse = z.object({
  items: z.array(
    z.object({
      role: z.string(),
      name: localized,
      kind: z.enum(['person', 'staff']),
      areas: z.array(area),
      scope: z.enum(['department', 'none']),
    }),
  ),
});
