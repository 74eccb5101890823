import type { Kysely, Selectable } from 'kysely';
import type { AnyDb } from '@sufu/kernel';
import type { ScannerProfile, ServiceCodeTables } from './tables.ts';

/**
 * Registered scanner devices (counters, gates, kiosks, hospital and metro readers) and the
 * machine client each is bound to. A verification looks its scanner up on every request, so
 * the table is held in memory and reloaded every `reloadSeconds` (other processes' changes)
 * or at once after a change made by this process.
 */
export type ScannerRow = Selectable<ServiceCodeTables['service_code.scanners']>;

export type ScannerInput = {
  name: string;
  location: string;
  departmentId: string | null;
  operatorName: string | null;
  profile: ScannerProfile;
  clientId: string | null;
  status: 'active' | 'disabled';
};

export function createScannerStore(opts: { db: AnyDb; reloadSeconds: number; now: () => number }) {
  const db = opts.db as unknown as Kysely<ServiceCodeTables>;
  let cache: { at: number; byId: Map<string, ScannerRow>; byClient: Map<string, ScannerRow[]> } | undefined;
  let loading: Promise<NonNullable<typeof cache>> | undefined;

  async function load() {
    const rows = await db.selectFrom('service_code.scanners').selectAll().execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const byClient = new Map<string, ScannerRow[]>();
    for (const r of rows) {
      if (!r.client_id) continue;
      byClient.set(r.client_id, [...(byClient.get(r.client_id) ?? []), r]);
    }
    cache = { at: opts.now(), byId, byClient };
    return cache;
  }

  async function current() {
    if (cache && opts.now() - cache.at < opts.reloadSeconds * 1000) return cache;
    loading ??= load().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  return {
    async byId(id: string): Promise<ScannerRow | undefined> {
      return (await current()).byId.get(id);
    },
    async byClient(clientId: string): Promise<ScannerRow[]> {
      return (await current()).byClient.get(clientId) ?? [];
    },
    invalidate(): void {
      cache = undefined;
    },
    async list(filter: { profile?: ScannerProfile | undefined; status?: 'active' | 'disabled' | undefined }) {
      let q = db.selectFrom('service_code.scanners').selectAll();
      if (filter.profile) q = q.where('profile', '=', filter.profile);
      if (filter.status) q = q.where('status', '=', filter.status);
      return q.orderBy('created_at', 'asc').orderBy('id').execute();
    },
  };
}

export type ScannerStore = ReturnType<typeof createScannerStore>;
