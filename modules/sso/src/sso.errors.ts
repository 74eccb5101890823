import { defineError } from '@sufu/kernel';

/** Stable error codes of the single sign-on module (admin API and platform-side checks). */
export const SsoErrors = {
  clientNotFound: defineError('sso.client_not_found', 'not_found', {
    'zh-CN': '未找到该接入系统。',
    en: 'No such client system.',
  }),
  clientExists: defineError('sso.client_exists', 'conflict', {
    'zh-CN': '该客户端标识已被使用，请换一个。',
    en: 'This client id is already taken; choose another.',
  }),
  unknownDepartment: defineError('sso.unknown_department', 'unprocessable', {
    'zh-CN': '所属部门不存在。',
    en: 'The department does not exist.',
  }),
  invalidClient: defineError('sso.invalid_client', 'unprocessable', {
    'zh-CN': '接入系统的配置不符合要求。',
    en: 'The client configuration is not valid.',
  }),
  clientDisabled: defineError('sso.client_disabled', 'conflict', {
    'zh-CN': '该接入系统已停用，请先启用。',
    en: 'This client system is disabled; enable it first.',
  }),
  rotationTooSoon: defineError('sso.key_rotation_too_soon', 'conflict', {
    'zh-CN': '当前签名密钥启用时间过短，请稍后再轮换，以便接入系统先取得新公钥。',
    en: 'The current signing key was activated too recently; rotate later so clients can fetch the new public key first.',
  }),
  notAClient: defineError('sso.not_a_client', 'forbidden', {
    'zh-CN': '此接口仅供持有访问令牌的接入系统调用。',
    en: 'Only client systems with an access token may call this endpoint.',
  }),
  platformWideOnly: defineError('sso.platform_wide_only', 'forbidden', {
    'zh-CN': '签名密钥由省级系统管理员管理。',
    en: 'Signing keys are managed by a province-wide system administrator.',
  }),
};
