import type { ClientInput } from './clients.ts';

/**
 * Two registered department systems in the demo data, so anyone can try single sign-on
 * at once (documented in the README), and the pairwise test has two departments.
 */
export type DemoClient = ClientInput & { clientId: string; secret: string };

export const DEMO_CLIENTS: DemoClient[] = [
  {
    clientId: 'demo-dept-portal',
    secret: 'demo-dept-secret-2026',
    name: '南京市市场监督管理局业务系统',
    departmentId: '320100-sj',
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: ['http://localhost:3000/callback'],
    postLogoutRedirectUris: ['http://localhost:3000/'],
    backchannelLogoutUri: null,
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials', 'token_exchange'],
    scopes: ['openid', 'profile', 'realname', 'org', 'phone', 'offline_access', 'me.read', 'directory.read'],
    claims: [
      'name',
      'account_kind',
      'region_code',
      'real_name_level',
      'acting_org',
      'phone_number',
      'phone_number_verified',
    ],
  },
  {
    clientId: 'demo-police-portal',
    secret: 'demo-police-secret-2026',
    name: '南京市公安局业务系统',
    departmentId: '320100-ga',
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: ['http://localhost:3001/callback'],
    postLogoutRedirectUris: ['http://localhost:3001/'],
    backchannelLogoutUri: null,
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'realname', 'offline_access'],
    claims: ['name', 'account_kind', 'real_name_level'],
  },
];
