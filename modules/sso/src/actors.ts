import type { Actor } from '@sufu/kernel';

/** The registered system behind a token, as much as an Actor needs. */
export type ClientFacts = { clientId: string; name: string; departmentId: string | null; scopes: string[] };

/**
 * The actor of a request made with a bearer token: the client system, and the resident
 * when the token was obtained on their behalf (token exchange). Its permissions are the
 * token's platform scopes, so `requirePermission` works unchanged, and the audit trail
 * records the client next to the resident.
 */
export function clientActor(client: ClientFacts, accountId: string | null): Actor {
  return {
    kind: 'client',
    accountId,
    display: client.name,
    grants: [],
    permissions: new Set(client.scopes),
    sessionId: null,
    client: { clientId: client.clientId, departmentId: client.departmentId, scopes: [...client.scopes] },
  };
}

/** A person acting in the browser during sign-in (for audit rows of consent and sign-in). */
export function personActor(p: {
  accountId: string;
  kind: 'person' | 'staff';
  name: string;
  sessionId: string | null;
}): Actor {
  return {
    kind: p.kind,
    accountId: p.accountId,
    display: p.name,
    grants: [],
    permissions: new Set(),
    sessionId: p.sessionId,
  };
}
