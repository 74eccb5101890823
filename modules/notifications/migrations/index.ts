import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '@sufu/kernel';

export const notificationsMigrations: MigrationSet = {
  '2026-11-28T0100-notifications-base': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists notifications`.execute(db);
      // One row per message shown in the applicant's inbox; the SMS copy travels through the outbox.
      await sql`
        create table notifications.messages (
          id uuid primary key default gen_random_uuid(),
          account_id uuid not null,
          kind text not null,
          title jsonb not null,
          body jsonb not null,
          link text,
          created_at timestamptz not null default now(),
          read_at timestamptz
        )`.execute(db);
      await sql`create index messages_inbox on notifications.messages (account_id, created_at desc)`.execute(
        db,
      );
    },
  },
};
