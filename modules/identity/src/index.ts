/** The identity module: accounts, sessions, roles, second factor. */
export { createIdentityModule, type IdentityModule, type IdentityDeps } from './identity.module.ts';
export { identityMigrations } from '../migrations/index.ts';
export { ROLES, areasOf, permissionsOf, dutyConflicts, type Area, type RoleDef } from './roles.ts';
export { regionScope, regionPrefix, inScope } from './scope.ts';
export { DEMO_PASSWORD, DEMO_STAFF, DEMO_RESIDENTS, DEMO_ORGANISATION, demoTotpSecret } from './demo.ts';
export { totpCode, verifyTotp, base32Decode, base32Encode } from './totp.ts';
export { SESSION_COOKIE } from './session.service.ts';
export type {
  IdentityApi,
  AccountClaims,
  HolderRecord,
  PersonRecord,
  OrganisationRecord,
} from './identity.api.ts';
export { IDENTITY_EVENTS, type SessionEndedPayload } from './identity.events.ts';
export { extendActionNames } from './actions.ts';
