import { defineError } from '@sufu/kernel';

/** Stable error codes of the identity module. */
export const IdentityErrors = {
  invalidCredentials: defineError('auth.invalid_credentials', 'unauthenticated', {
    'zh-CN': '账号或密码错误。',
    en: 'Wrong account or password.',
  }),
  accountLocked: defineError('auth.account_locked', 'locked', {
    'zh-CN': '连续登录失败次数过多，账号已临时锁定，请 15 分钟后再试或联系安全管理员解锁。',
    en: 'Too many failed sign-ins; the account is locked for 15 minutes or until a security administrator unlocks it.',
  }),
  accountDisabled: defineError('auth.account_disabled', 'forbidden', {
    'zh-CN': '账号已停用，请联系系统管理员。',
    en: 'This account is disabled; contact the system administrator.',
  }),
  totpInvalid: defineError('auth.totp_invalid', 'unauthenticated', {
    'zh-CN': '动态验证码错误或已使用，请输入认证器中的最新 6 位数字。',
    en: 'The one-time code is wrong or already used; enter the latest 6 digits from your authenticator.',
  }),
  noPendingLogin: defineError('auth.no_pending_login', 'unauthenticated', {
    'zh-CN': '登录已过期，请重新输入账号和密码。',
    en: 'The sign-in has expired; enter your account and password again.',
  }),
  passwordPolicy: defineError('auth.password_policy', 'unprocessable', {
    'zh-CN': '新密码至少 10 位，且须同时包含字母、数字和符号。',
    en: 'The new password needs at least 10 characters with a letter, a digit and a symbol.',
  }),
  passwordReuse: defineError('auth.password_reuse', 'unprocessable', {
    'zh-CN': '新密码不能与当前密码相同。',
    en: 'The new password must differ from the current one.',
  }),
  wrongCurrentPassword: defineError('auth.wrong_current_password', 'unprocessable', {
    'zh-CN': '当前密码不正确。',
    en: 'The current password is wrong.',
  }),
  separationOfDuties: defineError('accounts.separation_of_duties', 'conflict', {
    'zh-CN': '系统管理员、安全管理员和安全审计员须由不同账号担任（三权分立）。',
    en: 'System administrator, security administrator and auditor must be held by different accounts (separation of duties).',
  }),
  selfGrant: defineError('accounts.self_grant', 'forbidden', {
    'zh-CN': '不能修改自己的角色。',
    en: 'You cannot change your own roles.',
  }),
  unknownRole: defineError('accounts.unknown_role', 'validation', {
    'zh-CN': '角色不存在或不适用于该类账号。',
    en: 'Unknown role, or the role does not apply to this kind of account.',
  }),
  unknownDepartment: defineError('accounts.unknown_department', 'validation', {
    'zh-CN': '部门不存在。',
    en: 'No such department.',
  }),
  usernameTaken: defineError('accounts.username_taken', 'conflict', {
    'zh-CN': '用户名已被使用。',
    en: 'The username is already taken.',
  }),
  accountNotFound: defineError('accounts.not_found', 'not_found', {
    'zh-CN': '账号不存在或不在您的管辖范围内。',
    en: 'No such account within your scope.',
  }),
  notAuthorisedForOrganisation: defineError('organisations.not_authorised', 'forbidden', {
    'zh-CN': '您不是该单位的法定代表人或有效授权的经办人，或授权已过期、已撤销。',
    en: 'You are not the legal representative or a currently authorised agent of this organisation.',
  }),
  sessionNotFound: defineError('sessions.not_found', 'not_found', {
    'zh-CN': '会话不存在。',
    en: 'No such session.',
  }),
};
