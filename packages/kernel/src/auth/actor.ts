import { CommonErrors } from '../errors/errors.ts';

/**
 * Who is acting. The kernel knows only the shape (kind, grants, permissions); which
 * roles exist and what they may do is the identity module's business.
 */
export type Grant = {
  role: string;
  /** Department the grant is scoped to; null for grants without a department (residents). */
  departmentId: string | null;
  /** GB/T 2260 region the grant is scoped to; null means no region limit. */
  regionCode: string | null;
};

export type ActorKind = 'anonymous' | 'person' | 'staff' | 'client' | 'system';

/** A machine client (a department system, a scanner device) authenticated by a bearer token. */
export type ClientIdentity = {
  clientId: string;
  /** The department that owns the client system; null for platform-level clients. */
  departmentId: string | null;
  scopes: string[];
};

export type Actor = {
  kind: ActorKind;
  accountId: string | null;
  /** Display name for audit screens; never an ID number or phone. */
  display: string;
  grants: Grant[];
  permissions: ReadonlySet<string>;
  sessionId: string | null;
  /** Set when a machine client acts (kind 'client'), or acts on behalf of a person (token exchange). */
  client?: ClientIdentity | undefined;
  /** The organisation a person acts for as its legal representative or authorised agent. */
  actingFor?: { organisationId: string; display: string } | undefined;
};

export const anonymousActor: Actor = Object.freeze({
  kind: 'anonymous',
  accountId: null,
  display: 'anonymous',
  grants: [],
  permissions: new Set<string>(),
  sessionId: null,
}) as Actor;

export const systemActor = (display = 'system'): Actor => ({
  kind: 'system',
  accountId: null,
  display,
  grants: [],
  permissions: new Set<string>(),
  sessionId: null,
});

/** Throws 401 for anonymous actors and 403 for actors without the permission. */
export function requirePermission(actor: Actor, permission: string): void {
  if (actor.kind === 'anonymous') throw CommonErrors.unauthenticated();
  if (!actor.permissions.has(permission)) throw CommonErrors.forbidden();
}

export function requireSignedIn(actor: Actor): void {
  if (actor.kind === 'anonymous') throw CommonErrors.unauthenticated();
}

/**
 * Routes about "me" need a person or staff account behind the request: a machine client
 * without a resident (client credentials) is refused, one acting on behalf of a resident
 * (token exchange) passes.
 */
export function requireAccount(actor: Actor): asserts actor is Actor & { accountId: string } {
  if (actor.kind === 'anonymous') throw CommonErrors.unauthenticated();
  if (!actor.accountId) throw CommonErrors.forbidden();
}
