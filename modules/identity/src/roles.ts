import type { Localized } from '@sufu/kernel';

/**
 * The roles of the platform and what each may do. Staff roles are always scoped to a
 * department (and through it a region); a grant of 南京市玄武区 sees only 玄武区.
 * The system administrator, security administrator and auditor are separate duties
 * (三权分立): no account may hold two of them.
 */
export type Area = 'portal' | 'workbench' | 'console' | 'data' | 'ops';

export type RoleDef = {
  role: string;
  name: Localized;
  kind: 'person' | 'staff';
  areas: Area[];
  permissions: string[];
  scope: 'department' | 'none';
};

export const ROLES: RoleDef[] = [
  {
    role: 'resident',
    name: { 'zh-CN': '居民', en: 'Resident' },
    kind: 'person',
    areas: ['portal'],
    permissions: ['me.read', 'cases.apply'],
    scope: 'none',
  },
  {
    role: 'clerk',
    name: { 'zh-CN': '窗口人员', en: 'Counter clerk' },
    kind: 'staff',
    areas: ['workbench'],
    permissions: [
      'calendar.read',
      'directory.read',
      'identity.verify',
      'service-code.scan',
      'cases.read',
      'cases.accept',
      'cases.intake',
    ],
    scope: 'department',
  },
  {
    role: 'officer',
    name: { 'zh-CN': '审批人员', en: 'Approving officer' },
    kind: 'staff',
    areas: ['workbench'],
    permissions: [
      'calendar.read',
      'directory.read',
      'cases.read',
      'cases.accept',
      'cases.review',
      'cases.decide',
      'ratings.rectify',
    ],
    scope: 'department',
  },
  {
    role: 'dept_head',
    name: { 'zh-CN': '部门负责人', en: 'Department head' },
    kind: 'staff',
    areas: ['workbench'],
    permissions: [
      'calendar.read',
      'directory.read',
      'cases.read',
      'cases.accept',
      'cases.review',
      'cases.decide',
      'cases.escalations',
      'ratings.rectify',
      'ratings.escalations',
    ],
    scope: 'department',
  },
  {
    role: 'service_manager',
    name: { 'zh-CN': '政务服务管理员', en: 'Service manager' },
    kind: 'staff',
    areas: ['console', 'workbench'],
    permissions: [
      'calendar.read',
      'directory.read',
      'catalog.manage',
      'cases.settings.manage',
      'ratings.reasons.manage',
      'stats.read',
    ],
    scope: 'department',
  },
  {
    role: 'data_officer',
    name: { 'zh-CN': '数据管理员', en: 'Data officer' },
    kind: 'staff',
    areas: ['data'],
    permissions: ['directory.read', 'stats.read'],
    scope: 'department',
  },
  {
    role: 'ops_operator',
    name: { 'zh-CN': '城市运行值班员', en: 'City operations operator' },
    kind: 'staff',
    areas: ['ops'],
    permissions: ['directory.read', 'stats.read'],
    scope: 'department',
  },
  {
    role: 'leader',
    name: { 'zh-CN': '领导', en: 'Leader' },
    kind: 'staff',
    areas: ['ops', 'data'],
    permissions: ['directory.read', 'stats.read'],
    scope: 'department',
  },
  {
    role: 'sysadmin',
    name: { 'zh-CN': '系统管理员', en: 'System administrator' },
    kind: 'staff',
    areas: ['console'],
    permissions: [
      'accounts.read',
      'accounts.manage',
      'calendar.read',
      'calendar.manage',
      'directory.read',
      'system.read',
      'service-code.scanners.manage',
      'service-code.keys.manage',
      'sso.clients.manage',
    ],
    scope: 'department',
  },
  {
    role: 'secadmin',
    name: { 'zh-CN': '安全管理员', en: 'Security administrator' },
    kind: 'staff',
    areas: ['console'],
    permissions: ['accounts.read', 'roles.assign', 'accounts.unlock', 'directory.read', 'system.read'],
    scope: 'department',
  },
  {
    role: 'auditor',
    name: { 'zh-CN': '安全审计员', en: 'Auditor' },
    kind: 'staff',
    areas: ['console'],
    permissions: ['audit.read', 'audit.export', 'directory.read'],
    scope: 'department',
  },
];

/** The three duties that one account may never combine (三权分立). */
export const SEPARATED_DUTIES = ['sysadmin', 'secadmin', 'auditor'] as const;

export const roleByName = new Map(ROLES.map((r) => [r.role, r]));

export function areasOf(roles: string[]): Area[] {
  const set = new Set<Area>();
  for (const r of roles) for (const a of roleByName.get(r)?.areas ?? []) set.add(a);
  return (['portal', 'workbench', 'console', 'data', 'ops'] as Area[]).filter((a) => set.has(a));
}

export function permissionsOf(roles: string[]): Set<string> {
  const set = new Set<string>();
  for (const r of roles) {
    const def = roleByName.get(r);
    if (!def) continue;
    for (const p of def.permissions) set.add(p);
    for (const a of def.areas) set.add(`area.${a}`);
  }
  return set;
}

/** Returns the duties a role set would combine illegally, or an empty list. */
export function dutyConflicts(roles: string[]): string[] {
  const held = SEPARATED_DUTIES.filter((d) => roles.includes(d));
  return held.length > 1 ? held : [];
}
