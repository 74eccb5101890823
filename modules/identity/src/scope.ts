import type { Actor } from '@sufu/kernel';
import { roleByName } from './roles.ts';

/**
 * Region scoping: a grant sees its own region and everything below it. GB/T 2260 codes
 * nest by prefix (32 province, 3201 city, 320102 county), so a scope is a list of code
 * prefixes that every query filters on.
 */
export function regionPrefix(code: string): string {
  if (/^\d{2}0000$/.test(code)) return code.slice(0, 2);
  if (/^\d{4}00$/.test(code)) return code.slice(0, 4);
  return code;
}

/** Region prefixes within which the actor holds `permission`; an empty list means none. */
export function regionScope(actor: Actor, permission: string): string[] {
  const prefixes = new Set<string>();
  for (const g of actor.grants) {
    if (!roleByName.get(g.role)?.permissions.includes(permission)) continue;
    prefixes.add(g.regionCode ? regionPrefix(g.regionCode) : '');
  }
  if (prefixes.has('')) return [''];
  // Drop prefixes covered by a shorter one.
  const list = [...prefixes].sort((a, b) => a.length - b.length);
  return list.filter((p, i) => !list.slice(0, i).some((q) => p.startsWith(q)));
}

export function inScope(prefixes: string[], regionCode: string | null): boolean {
  if (prefixes.includes('')) return true;
  if (!regionCode) return false;
  return prefixes.some((p) => regionCode.startsWith(p));
}
