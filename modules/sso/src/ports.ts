import type { IncomingMessage } from 'node:http';
import type { Actor, Localized } from '@sufu/kernel';

/**
 * What single sign-on needs from other modules, as narrow structural types so this
 * module depends on no other module's code: modules.ts passes the slices in.
 */
export type SsoIdentity = {
  /** The signed-in account behind a raw Cookie header; null when nobody is signed in. */
  sessionFromCookieHeader(
    cookieHeader: string | undefined,
  ): Promise<{ accountId: string; kind: 'person' | 'staff'; sessionId: string } | null>;
  /** Releasable facts about an active account; null when unknown or disabled. */
  claimsFor(accountId: string): Promise<{
    accountId: string;
    kind: 'person' | 'staff';
    name: string;
    username: string;
    realNameLevel: 'L1' | 'L2' | 'L3' | null;
    personId: string | null;
    regionCode: string | null;
    departmentId: string | null;
    mobileVerified: boolean;
  } | null>;
};

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
