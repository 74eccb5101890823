import { describe, expect, it } from 'vitest';
import type { Actor } from '@sufu/kernel';
import { areasOf, dutyConflicts, permissionsOf } from './roles.ts';
import { inScope, regionPrefix, regionScope } from './scope.ts';

const actor = (grants: Actor['grants']): Actor => ({
  kind: 'staff',
  accountId: 'a',
  display: 'x',
  grants,
  permissions: permissionsOf(grants.map((g) => g.role)),
  sessionId: null,
});

describe('roles', () => {
  it('keeps system administration, security administration and audit apart', () => {
    expect(dutyConflicts(['sysadmin', 'auditor'])).toEqual(['sysadmin', 'auditor']);
    expect(dutyConflicts(['sysadmin', 'clerk'])).toEqual([]);
    expect(permissionsOf(['sysadmin']).has('audit.read')).toBe(false);
    expect(permissionsOf(['auditor']).has('accounts.manage')).toBe(false);
    expect(permissionsOf(['secadmin']).has('roles.assign')).toBe(true);
  });

  it('opens the areas each role works in', () => {
    expect(areasOf(['resident'])).toEqual(['portal']);
    expect(areasOf(['leader'])).toEqual(['data', 'ops']);
    expect(areasOf(['clerk', 'sysadmin'])).toEqual(['workbench', 'console']);
  });
});

describe('region scope', () => {
  it('turns GB/T 2260 codes into nested prefixes', () => {
    expect(regionPrefix('320000')).toBe('32');
    expect(regionPrefix('320100')).toBe('3201');
    expect(regionPrefix('320102')).toBe('320102');
  });

  it('lets a county grant see its county only, and a city grant its whole city', () => {
    const county = regionScope(
      actor([{ role: 'sysadmin', departmentId: 'd', regionCode: '320102' }]),
      'accounts.read',
    );
    expect(inScope(county, '320102')).toBe(true);
    expect(inScope(county, '320104')).toBe(false);
    const city = regionScope(
      actor([
        { role: 'sysadmin', departmentId: 'd', regionCode: '320100' },
        { role: 'sysadmin', departmentId: 'e', regionCode: '320102' },
      ]),
      'accounts.read',
    );
    expect(city).toEqual(['3201']);
    expect(inScope(city, '320583')).toBe(false);
    expect(
      regionScope(actor([{ role: 'clerk', departmentId: 'd', regionCode: '320102' }]), 'accounts.read'),
    ).toEqual([]);
  });
});
