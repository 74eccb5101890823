import type { IncomingMessage } from 'node:http';
import type { Actor, Localized } from '@sufu/kernel';
import type { IdentityApi } from '@sufu/identity';

/**
 * What single sign-on needs from other modules: narrow slices of their public APIs
 * (types only), passed in by modules.ts.
 */
export type SsoIdentity = Pick<IdentityApi, 'sessionFromCookieHeader' | 'claimsFor'>;

/** The organisation a person acts for (legal representative or authorised agent). */
export type ActingOrganisation = { name: string; creditCode: string };

/**
 * Hook for the `acting_org` claim. Identity has no agents or representation yet, so the
 * default answers null; when it has, modules.ts passes a function that asks it.
 */
export type ActingOrganisationHook = (
  accountId: string,
  clientId: string,
) => Promise<ActingOrganisation | null>;

export const noActingOrganisation: ActingOrganisationHook = async () => null;

/** Departments by id: names for the consent page and regions for admin scoping. */
export type SsoDepartments = (ids: string[]) => Promise<Map<string, { name: string; regionCode: string }>>;

/** Region prefixes within which an actor holds a permission (identity's regionScope). */
export type SsoRegionScope = (actor: Actor, permission: string) => string[];

/** Extra platform API scopes other modules let client systems hold, with their labels. */
export type ApiScopeCatalogue = Record<string, Localized>;

/** Request id and client IP of a raw request, for audit rows written inside oidc-provider. */
export const requestMeta = new WeakMap<IncomingMessage, { requestId: string; ip: string }>();
