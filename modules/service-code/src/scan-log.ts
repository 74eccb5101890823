import type { Insertable, Kysely } from 'kysely';
import { recordAudit, type AnyDb, type AuditContext, type AuditEntry } from '@sufu/kernel';
import type { ServiceCodeTables } from './tables.ts';

/**
 * The scan log with group commit. Every scan — accepted or refused — writes a row in
 * `service_code.scans` and an audit entry, and a counter scan also marks its code used; all
 * three commit in one transaction. Gates and counters scan in bursts, so instead of one
 * transaction per scan (BEGIN, inserts, COMMIT: four round trips and, on PostgreSQL, a WAL
 * flush each), scans that arrive while a write is in flight are queued and written together
 * in the next transaction. An idle system writes a scan at once (no timer, no added latency);
 * a busy one amortises BEGIN/COMMIT and the multi-row inserts over the batch. Each caller
 * gets its answer only after its batch has committed. If a batch fails, its scans are
 * retried one by one, so one bad scan cannot fail its neighbours.
 */
export type ScanRow = Omit<Insertable<ServiceCodeTables['service_code.scans']>, 'id' | 'at'>;

export type ScanEntry = {
  ctx: AuditContext;
  row: ScanRow;
  /** Marks the code used; a code already used turns the scan into a `replayed` refusal. */
  consume: { codeId: string; expiresAt: Date } | null;
  /** The audit entry, given the scan id and the final outcome. */
  audit(scanId: string, outcome: string): AuditEntry;
};

export type ScanWritten = { scanId: string; outcome: string; replayed: boolean };

type Pending = { entry: ScanEntry; resolve(w: ScanWritten): void; reject(e: unknown): void };

export function createScanLog(opts: { db: AnyDb; now: () => number; maxBatch?: number }) {
  const maxBatch = opts.maxBatch ?? 200;
  const queue: Pending[] = [];
  let flushing = false;
  let lastPurge = 0;

  async function writeBatch(entries: ScanEntry[]): Promise<ScanWritten[]> {
    return opts.db.transaction().execute(async (t) => {
      const trx = t as unknown as Kysely<ServiceCodeTables>;
      const nowMs = opts.now();
      const outcomes = entries.map((e) => String(e.row.outcome));
      const replayed = entries.map(() => false);
      const consuming = entries.map((e, i) => ({ e, i })).filter((x) => x.e.consume);
      if (consuming.length > 0) {
        if (nowMs - lastPurge > 300_000) {
          lastPurge = nowMs;
          await trx
            .deleteFrom('service_code.consumed_codes')
            .where('expires_at', '<', new Date(nowMs - 600_000))
            .execute();
        }
        const inserted = await trx
          .insertInto('service_code.consumed_codes')
          .values(
            consuming.map((x) => ({ code_id: x.e.consume!.codeId, expires_at: x.e.consume!.expiresAt })),
          )
          .onConflict((oc) => oc.column('code_id').doNothing())
          .returning('code_id')
          .execute();
        // A code inserted now belongs to the first scan of it in the batch; any other is a replay.
        const fresh = new Set(inserted.map((r) => r.code_id));
        for (const { e, i } of consuming) {
          const id = e.consume!.codeId;
          if (fresh.has(id)) fresh.delete(id);
          else {
            replayed[i] = true;
            outcomes[i] = 'replayed';
          }
        }
      }
      const rows = await trx
        .insertInto('service_code.scans')
        .values(entries.map((e, i) => ({ ...e.row, outcome: outcomes[i]! })))
        .returning('id')
        .execute();
      // Identity values are assigned in VALUES order.
      const ids = rows
        .map((r) => r.id)
        .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
      if (ids.length !== entries.length)
        throw new Error('scan log insert returned a different number of rows');
      for (let i = 0; i < entries.length; i++) {
        await recordAudit(trx, entries[i]!.ctx, entries[i]!.audit(ids[i]!, outcomes[i]!));
      }
      return entries.map((_, i) => ({ scanId: ids[i]!, outcome: outcomes[i]!, replayed: replayed[i]! }));
    });
  }

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          const written = await writeBatch(batch.map((p) => p.entry));
          batch.forEach((p, i) => p.resolve(written[i]!));
        } catch (err) {
          if (batch.length === 1) batch[0]!.reject(err);
          else
            for (const p of batch) {
              try {
                p.resolve((await writeBatch([p.entry]))[0]!);
              } catch (e) {
                p.reject(e);
              }
            }
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    /** Queues a scan and resolves once it (and its batch) has committed. */
    write(entry: ScanEntry): Promise<ScanWritten> {
      return new Promise<ScanWritten>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        if (!flushing) void flush();
      });
    },
  };
}

export type ScanLog = ReturnType<typeof createScanLog>;
