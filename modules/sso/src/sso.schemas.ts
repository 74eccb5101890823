import { z } from 'zod';
import { CLIENT_GRANT_TYPES, RELEASABLE_CLAIMS } from './catalogue.ts';

/** Request and response shapes of the admin API (they also make its OpenAPI). */
const uri = z.string().trim().min(8).max(500);

export const clientIdParam = z.object({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]{2,63}$/,
      'lower-case letters, digits, dot, dash, underscore; 3–64 characters',
    ),
});

const clientFields = {
  name: z.string().trim().min(2).max(100),
  departmentId: z.string().trim().min(1).max(64),
  tokenEndpointAuthMethod: z
    .enum(['client_secret_basic', 'client_secret_post'])
    .default('client_secret_basic'),
  redirectUris: z.array(uri).max(10).default([]),
  postLogoutRedirectUris: z.array(uri).max(10).default([]),
  backchannelLogoutUri: uri.nullable().default(null),
  grantTypes: z.array(z.enum(CLIENT_GRANT_TYPES)).min(1).max(4),
  scopes: z.array(z.string().regex(/^[a-z][a-z0-9_.:-]{0,63}$/)).max(50),
  claims: z.array(z.enum(RELEASABLE_CLAIMS)).max(20).default([]),
};

export const createClientBody = z.object({
  clientId: clientIdParam.shape.id.optional(),
  ...clientFields,
});

export const updateClientBody = z.object({
  ...clientFields,
  status: z.enum(['active', 'disabled']).optional(),
});

export const clientView = z.object({
  clientId: z.string(),
  name: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  backchannelLogoutUri: z.string().nullable(),
  grantTypes: z.array(z.enum(CLIENT_GRANT_TYPES)),
  scopes: z.array(z.string()),
  claims: z.array(z.string()),
  status: z.enum(['active', 'disabled']),
  secretRotatedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const clientWithSecret = z.object({
  client: clientView,
  /** Shown once; the platform keeps it sealed and never shows it again. */
  clientSecret: z.string(),
});

export const keyView = z.object({
  kid: z.string(),
  alg: z.string(),
  state: z.enum(['next', 'active', 'retired', 'removed']),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
  removedAt: z.string().nullable(),
});

export const whoamiView = z.object({
  clientId: z.string(),
  clientName: z.string(),
  departmentId: z.string().nullable(),
  scopes: z.array(z.string()),
  /** Present when the token acts for a resident: their subject as this client knows it (pairwise). */
  onBehalfOf: z.object({ sub: z.string() }).nullable(),
});
