/** Types of the identity, service-code and SSO parts of `/api/v1` (see docs/openapi.json). */
import type { AuthenticatedSession, RealNameLevel } from './types.ts';

export interface SmsCodeSent {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

export interface AuthenticatedResult {
  status: 'authenticated';
  session: AuthenticatedSession;
}

export type AuthorisationStatus = 'active' | 'expired' | 'revoked' | 'not_yet_valid';

export interface Authorisation {
  id: string;
  organisation: { id: string; name: string; creditCode: string };
  role: 'legal_rep' | 'agent';
  agent: { accountId: string; name: string; idNumberMasked: string | null };
  scopeAll: boolean;
  services: string[];
  validFrom: string;
  validUntil: string | null;
  status: AuthorisationStatus;
  revokedAt: string | null;
}

export interface VerificationRequest {
  id: string;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  requestedAt: string;
  decidedAt: string | null;
  note: string | null;
}

export interface VerificationQueueItem {
  id: string;
  requestedAt: string;
  regionCode: string;
  regionName: string | null;
  name: string;
  idNumberMasked: string;
  realNameLevel: RealNameLevel | null;
}

export type HolderType = 'person' | 'organisation';

export interface OfflineCode {
  code: string;
  codeId: string;
  kid: string;
  holderType: HolderType;
  issuedAt: string;
  expiresAt: string;
}

export interface ServiceCode extends OfflineCode {
  refreshAfterSeconds: number;
  lifetimeSeconds: number;
  holder: { type: HolderType; nameMasked: string };
  qrSvg: string | null;
  qrPngDataUrl: string | null;
  offlineCodes: OfflineCode[];
}

export type ScannerProfile = 'gate' | 'counter' | 'medical' | 'transport' | 'social-security';
export const SCANNER_PROFILES: ScannerProfile[] = [
  'gate',
  'counter',
  'medical',
  'transport',
  'social-security',
];

export interface ScanRecord {
  id: string;
  at: string;
  profile: ScannerProfile;
  purpose: string;
  caseNumber: string | null;
  outcome: string;
  accepted: boolean;
  scanner: { name: string; location: string };
  organisation: string | null;
  departmentId: string | null;
}

export type CardDomain = 'social-security' | 'medical' | 'transport';
export const CARD_DOMAINS: CardDomain[] = ['social-security', 'medical', 'transport'];

export interface LinkedCard {
  id: string;
  domain: CardDomain;
  numberMasked: string;
  linkedAt: string;
}

interface VerifyBase {
  valid: true;
  scanId: string;
  codeId: string;
  holderType: HolderType;
  expiresAt: string;
  consumed: boolean;
}

export type VerifyResult =
  | (VerifyBase & { profile: 'gate'; nameMasked: string; realNameLevel: RealNameLevel | null })
  | (VerifyBase & {
      profile: 'counter';
      name: string;
      identifierType: 'id_number' | 'credit_code';
      identifier: string;
      regionCode: string;
      regionName: string | null;
      realNameLevel: RealNameLevel | null;
    })
  | (VerifyBase & {
      profile: 'medical' | 'transport' | 'social-security';
      nameMasked: string;
      card: { domain: CardDomain; number: string };
    });

export interface Scanner {
  id: string;
  name: string;
  location: string;
  departmentId: string | null;
  departmentName: string | null;
  operatorName: string | null;
  profile: ScannerProfile;
  clientId: string | null;
  status: 'active' | 'disabled';
  createdAt: string;
  updatedAt: string;
}

export interface ServiceCodeKey {
  kid: string;
  status: 'next' | 'active' | 'retired';
  publicKeyHex: string;
  notBefore: string;
  activatedAt: string | null;
  retiredAt: string | null;
  notAfter: string | null;
  createdAt: string;
}

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials' | 'token_exchange';
export const GRANT_TYPES: GrantType[] = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'token_exchange',
];
export const SSO_CLAIMS = [
  'name',
  'account_kind',
  'region_code',
  'real_name_level',
  'acting_org',
  'phone_number',
  'phone_number_verified',
] as const;

export interface SsoClient {
  clientId: string;
  name: string;
  departmentId: string | null;
  departmentName: string | null;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  grantTypes: GrantType[];
  scopes: string[];
  claims: string[];
  status: 'active' | 'disabled';
  secretRotatedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface SsoKey {
  kid: string;
  alg: string;
  state: 'next' | 'active' | 'retired' | 'removed';
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
  removedAt: string | null;
}
