import { describe, expect, it } from 'vitest';
import { clientProblems, type ClientInput } from './clients.ts';
import { consentPage, esc } from './pages.ts';

const api = new Set(['directory.read', 'me.read']);
const good: ClientInput = {
  name: '南京市市场监督管理局业务系统',
  departmentId: '320100-sj',
  tokenEndpointAuthMethod: 'client_secret_basic',
  redirectUris: ['https://sj.nanjing.example/callback', 'https://sj.nanjing.example/other'],
  postLogoutRedirectUris: ['https://sj.nanjing.example/'],
  backchannelLogoutUri: 'https://10.1.2.3/logout',
  grantTypes: ['authorization_code', 'refresh_token', 'token_exchange'],
  scopes: ['openid', 'profile', 'offline_access', 'me.read'],
  claims: ['name', 'real_name_level'],
};
const paths = (i: ClientInput) => clientProblems(i, api).map((p) => p.path);

describe('client registration rules', () => {
  it('accepts a well-formed department system', () => {
    expect(clientProblems(good, api)).toEqual([]);
  });

  it('allows plain http only on loopback (development)', () => {
    expect(paths({ ...good, redirectUris: ['http://localhost:3000/callback'] })).toEqual([]);
    expect(paths({ ...good, redirectUris: ['http://sj.nanjing.example/callback'] })).toEqual([
      'redirectUris.0',
    ]);
  });

  it('keeps one redirect host per client (the pairwise sector is the department, not the host)', () => {
    expect(paths({ ...good, redirectUris: ['https://a.example/cb', 'https://b.example/cb'] })).toEqual([
      'redirectUris',
    ]);
  });

  it('refuses fragments, credentials and non-URLs', () => {
    expect(
      paths({
        ...good,
        redirectUris: ['https://a.example/cb#x'],
        postLogoutRedirectUris: ['https://u:p@a.example/'],
      }),
    ).toEqual(['redirectUris.0', 'postLogoutRedirectUris.0']);
    expect(paths({ ...good, backchannelLogoutUri: 'not a url' })).toEqual(['backchannelLogoutUri']);
  });

  it('ties grants, scopes and claims together', () => {
    expect(paths({ ...good, scopes: ['profile'] })).toEqual(['scopes']);
    expect(paths({ ...good, scopes: ['openid', 'nonsense'] })).toEqual(['scopes.1']);
    expect(paths({ ...good, grantTypes: ['authorization_code'] })).toEqual(['scopes']); // offline_access needs refresh_token
    expect(paths({ ...good, claims: ['name', 'id_number'] })).toEqual(['claims.1']);
    expect(
      paths({
        ...good,
        grantTypes: ['client_credentials', 'token_exchange'],
        redirectUris: [],
        postLogoutRedirectUris: [],
        backchannelLogoutUri: null,
        scopes: ['directory.read'],
      }),
    ).toEqual(['grantTypes']);
  });

  it('accepts a machine-only client without redirects', () => {
    expect(
      paths({
        ...good,
        grantTypes: ['client_credentials'],
        redirectUris: [],
        postLogoutRedirectUris: [],
        backchannelLogoutUri: null,
        scopes: ['directory.read'],
        claims: [],
      }),
    ).toEqual([]);
  });
});

describe('consent page', () => {
  it('escapes what clients and people named, and is accessible zh-CN HTML without script', () => {
    const html = consentPage({
      clientName: '<script>alert(1)</script>',
      departmentName: '南京市"市场"监督管理局',
      accountName: '张伟',
      action: '/oidc/interaction/abc/confirm',
      csrfToken: 'tok',
      claims: [{ label: '姓名' }, { label: '实名等级' }],
      apiScopes: [],
      offlineAccess: true,
    });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain(esc('<script>alert(1)</script>'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;市场&quot;');
    expect(html).toContain('name="viewport"');
    expect(html).toMatch(/<button type="submit" name="decision" value="allow"[^>]*>同意并继续<\/button>/);
    expect(html).toMatch(/<button type="submit" name="decision" value="deny"[^>]*>拒绝<\/button>/);
    expect(html).not.toMatch(/style="|<style/);
  });
});
