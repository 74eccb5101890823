import type { Localized } from '@sufu/kernel';

/** Human names of audited actions, for the screens that show the trail to people. */
const NAMES: Record<string, Localized> = {
  'auth.login': { 'zh-CN': '登录', en: 'Signed in' },
  'auth.login_failed': { 'zh-CN': '登录失败', en: 'Failed sign-in' },
  'auth.logout': { 'zh-CN': '退出登录', en: 'Signed out' },
  'auth.totp_enrolled': { 'zh-CN': '绑定认证器', en: 'Enrolled authenticator' },
  'auth.totp_failed': { 'zh-CN': '动态验证码错误', en: 'Wrong one-time code' },
  'auth.session_revoked': { 'zh-CN': '下线会话', en: 'Ended a session' },
  'account.password_changed': { 'zh-CN': '修改密码', en: 'Changed password' },
  'account.created': { 'zh-CN': '创建账户', en: 'Created account' },
  'account.roles_changed': { 'zh-CN': '变更角色', en: 'Changed roles' },
  'account.unlocked': { 'zh-CN': '解锁账户', en: 'Unlocked account' },
  'account.disabled': { 'zh-CN': '停用账户', en: 'Disabled account' },
  'account.enabled': { 'zh-CN': '启用账户', en: 'Enabled account' },
  'person.profile_read': { 'zh-CN': '查看个人资料', en: 'Viewed personal profile' },
  'person.record_read': { 'zh-CN': '查阅个人信息', en: 'Read personal record' },
  'audit.read': { 'zh-CN': '查阅审计日志', en: 'Read the audit trail' },
  'audit.exported': { 'zh-CN': '导出审计日志', en: 'Exported the audit trail' },
  'calendar.year_saved': { 'zh-CN': '录入节假日安排', en: 'Saved a holiday arrangement' },
  'account.registered': { 'zh-CN': '实名注册', en: 'Registered' },
  'organisation.claimed': { 'zh-CN': '认领单位', en: 'Claimed an organisation' },
  'organisation.agent_authorised': { 'zh-CN': '授权经办人', en: 'Authorised an agent' },
  'organisation.agent_revoked': { 'zh-CN': '撤销经办人授权', en: 'Revoked an agent' },
  'auth.acting_for_organisation': { 'zh-CN': '切换为单位办事', en: 'Acted for an organisation' },
  'verification.requested': { 'zh-CN': '申请窗口实名核验', en: 'Asked for counter verification' },
  'verification.approved': { 'zh-CN': '窗口实名核验通过', en: 'Verified at a counter' },
  'verification.rejected': { 'zh-CN': '窗口实名核验未通过', en: 'Counter verification refused' },
};

/** Other modules add the names of the actions they audit (wired in the composition root). */
export function extendActionNames(names: Record<string, Localized>): void {
  Object.assign(NAMES, names);
}

export function actionName(action: string): Localized {
  return NAMES[action] ?? { 'zh-CN': action, en: action };
}
