import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CommonErrors,
  publishEvent,
  requireAccount,
  type AnyDb,
  type Localized,
  type Logger,
  type Reaction,
  type SmsSender,
} from '@sufu/kernel';

/**
 * Notifications to people: every message lands in the account's in-app inbox in the
 * caller's transaction, and an SMS copy is sent by the outbox worker through the pluggable
 * sender (at least once; the text carries no personal data beyond the case number).
 */
export type NotificationInput = {
  accountId: string;
  /** Stable kind for filtering, e.g. `cases.accepted`. */
  kind: string;
  title: Localized;
  body: Localized;
  /** Where the message leads in the web app, e.g. `/portal/cases/<id>`. */
  link?: string | null;
  /** false: in-app only. Default true. */
  sms?: boolean;
};

export type Notify = (trx: AnyDb, input: NotificationInput) => Promise<void>;

export const NOTIFICATION_EVENTS = { sms: 'notifications.sms' } as const;

type Tables = {
  'notifications.messages': {
    id: string;
    account_id: string;
    kind: string;
    title: Localized;
    body: Localized;
    link: string | null;
    created_at: Date;
    read_at: Date | null;
  };
};

const message = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  body: z.object({ 'zh-CN': z.string(), en: z.string() }),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export function createNotificationsModule(deps: {
  db: AnyDb;
  sms: SmsSender;
  /** The mobile number of an account, for the SMS copy; null when it has none. */
  mobileOf(accountId: string): Promise<string | null>;
}) {
  const db = deps.db as unknown as Kysely<Tables>;

  const notify: Notify = async (trx, input) => {
    const t = trx as unknown as Kysely<Tables>;
    const row = await t
      .insertInto('notifications.messages')
      .values({
        account_id: input.accountId,
        kind: input.kind,
        title: sql`${JSON.stringify(input.title)}::jsonb` as never,
        body: sql`${JSON.stringify(input.body)}::jsonb` as never,
        link: input.link ?? null,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.sms !== false) {
      await publishEvent(trx, NOTIFICATION_EVENTS.sms, { messageId: row.id, accountId: input.accountId });
    }
  };

  /** Sends the SMS copy of a message; runs outside transactions, at least once. */
  const smsReaction = (logger?: Logger): Reaction => ({
    name: 'notifications.sms-copy',
    topic: NOTIFICATION_EVENTS.sms,
    mode: 'external',
    async handle(event) {
      const { messageId, accountId } = event.payload as { messageId: string; accountId: string };
      const m = await db
        .selectFrom('notifications.messages')
        .select(['title', 'body', 'kind'])
        .where('id', '=', messageId)
        .executeTakeFirst();
      if (!m) return;
      const mobile = await deps.mobileOf(accountId);
      if (!mobile) return;
      await deps.sms.send({
        to: mobile,
        template: m.kind,
        params: {},
        text: `【苏服办】${m.body['zh-CN']}`,
      });
      logger?.debug({ kind: m.kind }, 'notification SMS sent');
    },
  });

  const routes: FastifyPluginAsyncZod = async (app) => {
    app.get(
      '/me/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: '我的消息 · My notifications',
          querystring: z.object({
            unread: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
          response: { 200: z.object({ items: z.array(message), unread: z.number().int() }) },
        },
      },
      async (req) => {
        requireAccount(req.actor);
        let q = db
          .selectFrom('notifications.messages')
          .selectAll()
          .where('account_id', '=', req.actor.accountId)
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(req.query.limit);
        if (req.query.unread === 'true') q = q.where('read_at', 'is', null);
        const rows = await q.execute();
        const unread = await db
          .selectFrom('notifications.messages')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('account_id', '=', req.actor.accountId)
          .where('read_at', 'is', null)
          .executeTakeFirstOrThrow();
        return {
          items: rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            title: r.title,
            body: r.body,
            link: r.link,
            createdAt: r.created_at.toISOString(),
            readAt: r.read_at ? r.read_at.toISOString() : null,
          })),
          unread: Number(unread.n),
        };
      },
    );
    app.post(
      '/me/notifications/:id/read',
      {
        schema: {
          tags: ['notifications'],
          summary: '标记已读 · Mark as read',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        requireAccount(req.actor);
        const r = await db
          .updateTable('notifications.messages')
          .set({ read_at: new Date() })
          .where('id', '=', req.params.id)
          .where('account_id', '=', req.actor.accountId)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw CommonErrors.notFound();
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/me/notifications/read-all',
      {
        schema: {
          tags: ['notifications'],
          summary: '全部标记已读 · Mark all as read',
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        requireAccount(req.actor);
        await db
          .updateTable('notifications.messages')
          .set({ read_at: new Date() })
          .where('account_id', '=', req.actor.accountId)
          .where('read_at', 'is', null)
          .execute();
        return reply.status(204).send(null);
      },
    );
  };

  return { notify, smsReaction, routes };
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
