import { sql, type Kysely } from 'kysely';
import type { AnyDb } from '../db/database.ts';
import type { Logger } from '../logger.ts';

/**
 * Side effects across modules travel as events written to an outbox table in the same
 * transaction as the change that caused them, then delivered at least once by a worker
 * loop. Each reaction runs inside a transaction that also records its delivery, so a
 * reaction's own database writes happen exactly once; reactions with effects outside
 * the database must still be idempotent.
 */
export type OutboxEvent<P = unknown> = {
  id: string;
  topic: string;
  payload: P;
  createdAt: Date;
  requestId: string | null;
};

export type Reaction = {
  /** Stable name; renaming it re-delivers every past event to it. */
  name: string;
  topic: string;
  /**
   * `transaction` (default): the handler gets the transaction that records the delivery,
   * so its database writes happen exactly once. `external`: the handler talks to the
   * outside world (HTTP calls) or uses its own connections; it runs outside any
   * transaction, at least once, and must be idempotent.
   */
  mode?: 'transaction' | 'external';
  handle(event: OutboxEvent, trx: AnyDb): Promise<void>;
};

export type OutboxTables = {
  'kernel.outbox': {
    id: string;
    topic: string;
    payload: unknown;
    created_at: Date;
    request_id: string | null;
  };
  'kernel.outbox_delivery': {
    event_id: string;
    reaction: string;
    delivered_at: Date | null;
    attempts: number;
    last_error: string | null;
    next_attempt_at: Date | null;
  };
};

const asOutbox = (db: AnyDb) => db as unknown as Kysely<OutboxTables>;

/** Publishes an event inside the caller's transaction. */
export async function publishEvent(
  db: AnyDb,
  topic: string,
  payload: unknown,
  requestId: string | null = null,
): Promise<void> {
  await asOutbox(db)
    .insertInto('kernel.outbox')
    .values({ topic, payload: sql`${JSON.stringify(payload)}::jsonb`, request_id: requestId } as never)
    .execute();
}

export type OutboxWorker = {
  /** Delivers everything currently due; returns how many deliveries succeeded. */
  drain(): Promise<number>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
  pending(): Promise<number>;
};

const backoffMs = (attempts: number) => Math.min(60_000 * 30, 1000 * 2 ** Math.min(attempts, 20));

export function createOutboxWorker(db: AnyDb, reactions: Reaction[], logger: Logger): OutboxWorker {
  const ob = asOutbox(db);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function dueFor(reaction: Reaction, limit: number) {
    return ob
      .selectFrom('kernel.outbox as e')
      .leftJoin('kernel.outbox_delivery as d', (j) =>
        j.onRef('d.event_id', '=', 'e.id').on('d.reaction', '=', reaction.name),
      )
      .select(['e.id'])
      .where('e.topic', '=', reaction.topic)
      .where((w) =>
        w.or([
          w('d.event_id', 'is', null),
          w.and([w('d.delivered_at', 'is', null), w('d.next_attempt_at', '<=', new Date())]),
        ]),
      )
      .orderBy('e.id')
      .limit(limit)
      .execute();
  }

  async function markDelivered(
    executor: Kysely<OutboxTables>,
    eventId: string,
    reaction: Reaction,
    attempts = 1,
  ) {
    await executor
      .insertInto('kernel.outbox_delivery')
      .values({
        event_id: eventId,
        reaction: reaction.name,
        delivered_at: new Date(),
        attempts,
        last_error: null,
        next_attempt_at: null,
      })
      .onConflict((oc) =>
        oc
          .columns(['event_id', 'reaction'])
          .doUpdateSet({ delivered_at: new Date(), last_error: null, next_attempt_at: null }),
      )
      .execute();
  }

  async function deliverExternal(reaction: Reaction, eventId: string): Promise<boolean> {
    const e = await ob
      .selectFrom('kernel.outbox')
      .selectAll()
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow();
    await reaction.handle(
      { id: e.id, topic: e.topic, payload: e.payload, createdAt: e.created_at, requestId: e.request_id },
      db,
    );
    await markDelivered(ob, eventId, reaction);
    return true;
  }

  async function deliver(reaction: Reaction, eventId: string): Promise<boolean> {
    try {
      if (reaction.mode === 'external') return await deliverExternal(reaction, eventId);
      return await db.transaction().execute(async (trx) => {
        const t = asOutbox(trx);
        // Lock the event for this reaction so two workers never run it at once.
        const claim = await sql<{
          id: string;
        }>`select id from kernel.outbox where id = ${eventId} for update skip locked`.execute(trx);
        if (claim.rows.length === 0) return false;
        const done = await t
          .selectFrom('kernel.outbox_delivery')
          .select('delivered_at')
          .where('event_id', '=', eventId)
          .where('reaction', '=', reaction.name)
          .executeTakeFirst();
        if (done?.delivered_at) return false;
        const e = await t
          .selectFrom('kernel.outbox')
          .selectAll()
          .where('id', '=', eventId)
          .executeTakeFirstOrThrow();
        await reaction.handle(
          { id: e.id, topic: e.topic, payload: e.payload, createdAt: e.created_at, requestId: e.request_id },
          trx,
        );
        await markDelivered(t, eventId, reaction, (done ? 1 : 0) + 1);
        return true;
      });
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 500) : 'unknown error';
      logger.warn({ reaction: reaction.name, eventId, err: message }, 'outbox reaction failed; will retry');
      const prev = await ob
        .selectFrom('kernel.outbox_delivery')
        .select('attempts')
        .where('event_id', '=', eventId)
        .where('reaction', '=', reaction.name)
        .executeTakeFirst();
      const attempts = (prev?.attempts ?? 0) + 1;
      await ob
        .insertInto('kernel.outbox_delivery')
        .values({
          event_id: eventId,
          reaction: reaction.name,
          delivered_at: null,
          attempts,
          last_error: message,
          next_attempt_at: new Date(Date.now() + backoffMs(attempts)),
        })
        .onConflict((oc) =>
          oc.columns(['event_id', 'reaction']).doUpdateSet({
            attempts,
            last_error: message,
            next_attempt_at: new Date(Date.now() + backoffMs(attempts)),
          }),
        )
        .execute();
      return false;
    }
  }

  async function drainOnce(): Promise<number> {
    let delivered = 0;
    for (const reaction of reactions) {
      for (;;) {
        const due = await dueFor(reaction, 100);
        let progressed = 0;
        for (const { id } of due) if (await deliver(reaction, id)) progressed++;
        delivered += progressed;
        if (due.length < 100 || progressed === 0) break;
      }
    }
    return delivered;
  }

  const worker: OutboxWorker = {
    drain() {
      running ??= drainOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
    start(intervalMs = 500) {
      stopped = false;
      const tick = () => {
        if (stopped) return;
        worker
          .drain()
          .catch((err: unknown) =>
            logger.error({ err: err instanceof Error ? err.message : String(err) }, 'outbox drain failed'),
          )
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, intervalMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    async pending() {
      if (reactions.length === 0) return 0;
      const names = reactions.map((r) => r.name);
      const topics = [...new Set(reactions.map((r) => r.topic))];
      const row = await sql<{ n: string }>`
        select count(*)::text as n from kernel.outbox e
        cross join unnest(${names}::text[]) as r(name)
        where e.topic = any(${topics}::text[])
          and not exists (select 1 from kernel.outbox_delivery d where d.event_id = e.id and d.reaction = r.name and d.delivered_at is not null)`.execute(
        db,
      );
      return Number(row.rows[0]?.n ?? 0);
    },
  };
  return worker;
}
