import type { Localized } from '@sufu/kernel';

/**
 * What a department system may ask for, in words a resident understands: the OpenID scopes
 * and the claims they carry (shown on the consent page and in the console), and the
 * platform API scopes a system can hold for machine calls or act on behalf of a resident.
 */

/** OpenID scopes the provider offers. `openid` is required for sign-in; `offline_access` gives refresh tokens. */
export const OIDC_SCOPES = ['openid', 'profile', 'realname', 'org', 'phone', 'offline_access'] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

/** The claims each scope releases (the provider's `claims` configuration). */
export const SCOPE_CLAIMS: Record<Exclude<OidcScope, 'offline_access'>, readonly string[]> = {
  openid: ['sub'],
  profile: ['name', 'account_kind', 'region_code'],
  realname: ['real_name_level'],
  org: ['acting_org'],
  phone: ['phone_number', 'phone_number_verified'],
};

/** Claims a client may be allowed to receive (besides `sub`, which every client gets). */
export const RELEASABLE_CLAIMS = [
  'name',
  'account_kind',
  'region_code',
  'real_name_level',
  'acting_org',
  'phone_number',
  'phone_number_verified',
] as const;
export type ReleasableClaim = (typeof RELEASABLE_CLAIMS)[number];

export const CLAIM_LABELS: Record<ReleasableClaim | 'sub', Localized> = {
  sub: {
    'zh-CN': '用户标识（仅在本部门系统内有效）',
    en: 'User identifier (valid within this department only)',
  },
  name: { 'zh-CN': '姓名', en: 'Name' },
  account_kind: { 'zh-CN': '账号类型（居民或工作人员）', en: 'Account type (resident or staff)' },
  region_code: { 'zh-CN': '所在地区', en: 'Region' },
  real_name_level: { 'zh-CN': '实名等级', en: 'Real-name level' },
  acting_org: { 'zh-CN': '办事主体（代表的单位）', en: 'Acting organisation' },
  phone_number: { 'zh-CN': '手机号码', en: 'Mobile number' },
  phone_number_verified: { 'zh-CN': '手机号码是否已验证', en: 'Whether the mobile number is verified' },
};

export const SCOPE_LABELS: Record<OidcScope, Localized> = {
  openid: { 'zh-CN': '使用苏服办账号登录', en: 'Sign in with your Sufu account' },
  profile: { 'zh-CN': '基本信息', en: 'Basic profile' },
  realname: { 'zh-CN': '实名认证信息', en: 'Real-name verification' },
  org: { 'zh-CN': '办事主体', en: 'Acting organisation' },
  phone: { 'zh-CN': '手机号码', en: 'Mobile number' },
  offline_access: {
    'zh-CN': '在您离开后继续保持授权（可随时在平台撤销）',
    en: 'Keep access after you leave (revocable at any time)',
  },
};

/**
 * Platform API scopes: a token carrying one becomes that permission of the client actor.
 * A system holds them through client credentials (its own calls) or token exchange (on
 * behalf of a resident, who consents to them on the consent page). Modules add theirs
 * through the module's `apiScopes` option.
 */
export const DEFAULT_API_SCOPES: Record<string, Localized> = {
  'directory.read': {
    'zh-CN': '查询部门与行政区划目录',
    en: 'Read the directory of departments and divisions',
  },
  'calendar.read': { 'zh-CN': '查询法定工作日历', en: 'Read the official working-day calendar' },
  'me.read': { 'zh-CN': '以您的身份查看您在平台的账户信息', en: 'View your platform account on your behalf' },
};

/** Grant types a client may be allowed; `token_exchange` is RFC 8693 on-behalf-of. */
export const CLIENT_GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'token_exchange',
] as const;
export type ClientGrantType = (typeof CLIENT_GRANT_TYPES)[number];

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** The grant type as oidc-provider names it. */
export const oauthGrantType = (g: ClientGrantType): string =>
  g === 'token_exchange' ? TOKEN_EXCHANGE_GRANT : g;

/** Audited actions of this module, with names for the screens that show the trail to people. */
export const SSO_ACTION_NAMES: Record<string, Localized> = {
  'sso.client_created': { 'zh-CN': '登记接入系统', en: 'Registered a client system' },
  'sso.client_updated': { 'zh-CN': '修改接入系统', en: 'Changed a client system' },
  'sso.client_secret_rotated': { 'zh-CN': '重置接入系统密钥', en: 'Rotated a client secret' },
  'sso.client_disabled': { 'zh-CN': '停用接入系统', en: 'Disabled a client system' },
  'sso.keys_rotated': { 'zh-CN': '轮换签名密钥', en: 'Rotated the signing keys' },
  'sso.consent_granted': { 'zh-CN': '授权接入系统', en: 'Authorised a client system' },
  'sso.consent_denied': { 'zh-CN': '拒绝接入系统授权', en: 'Refused a client system' },
  'sso.signed_in': { 'zh-CN': '通过统一身份认证登录接入系统', en: 'Signed in to a client system' },
  'sso.userinfo_read': { 'zh-CN': '接入系统读取身份信息', en: 'A client system read identity claims' },
  'sso.token_exchanged': { 'zh-CN': '接入系统代您调用平台接口', en: 'A client system acts on your behalf' },
  'sso.client_token_issued': { 'zh-CN': '接入系统获取访问令牌', en: 'A client system obtained a token' },
  'sso.logout': { 'zh-CN': '退出统一身份认证', en: 'Signed out of single sign-on' },
  'sso.backchannel_logout': { 'zh-CN': '通知接入系统退出', en: 'Notified a client system of sign-out' },
};
