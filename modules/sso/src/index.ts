/** The single sign-on module (统一身份认证): an OpenID provider for department systems. */
export { createSsoModule, type SsoModule, type SsoDeps } from './sso.module.ts';
export { ssoMigrations } from '../migrations/index.ts';
export { DEMO_CLIENTS, type DemoClient } from './demo.ts';
export {
  OIDC_SCOPES,
  RELEASABLE_CLAIMS,
  CLAIM_LABELS,
  DEFAULT_API_SCOPES,
  SSO_ACTION_NAMES,
  TOKEN_EXCHANGE_GRANT,
  ACCESS_TOKEN_TYPE,
} from './catalogue.ts';
export { OIDC_ROUTES } from './provider.ts';
export type {
  SsoIdentity,
  SsoDepartments,
  SsoRegionScope,
  ActingOrganisation,
  ActingOrganisationHook,
  ApiScopeCatalogue,
} from './ports.ts';
export type { ClientRecord, ClientInput } from './clients.ts';
export type { SigningKeyView, KeyPolicy } from './keys.ts';
