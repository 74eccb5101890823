/**
 * Field-level difference of two JSON values (published snapshots): one entry per changed
 * leaf, with a path such as `materials[1].source` or `form.properties.babyName.title`.
 * Objects are compared key by key, arrays index by index (a longer array's extra elements
 * are `added`, a shorter one's `removed`), anything else by value.
 */
export type Change = {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const join = (base: string, key: string) =>
  base === '' ? key : /^[A-Za-z_$][\w$-]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;

export function diff(before: unknown, after: unknown, path = ''): Change[] {
  if (before === after) return [];
  if (before === undefined) return [{ path, kind: 'added', before: null, after }];
  if (after === undefined) return [{ path, kind: 'removed', before, after: null }];
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: Change[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++)
      out.push(...diff(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diff(before[k], after[k], join(path, k)));
  }
  if (before === null || after === null || typeof before !== typeof after || before !== after)
    return [{ path, kind: 'changed', before, after }];
  return [];
}
