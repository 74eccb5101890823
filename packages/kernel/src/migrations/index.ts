import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '../db/migrator.ts';

/** The kernel's own tables: the outbox and the audit trail. */
export const kernelMigrations: MigrationSet = {
  '2026-11-27T0000-kernel-outbox': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists kernel`.execute(db);
      await sql`
        create table kernel.outbox (
          id bigserial primary key,
          topic text not null,
          payload jsonb not null,
          created_at timestamptz not null default now(),
          request_id text
        )`.execute(db);
      await sql`create index outbox_topic_id on kernel.outbox (topic, id)`.execute(db);
      await sql`
        create table kernel.outbox_delivery (
          event_id bigint not null references kernel.outbox(id),
          reaction text not null,
          delivered_at timestamptz,
          attempts integer not null default 0,
          last_error text,
          next_attempt_at timestamptz,
          primary key (event_id, reaction)
        )`.execute(db);
      await sql`create table kernel.meta (key text primary key, value jsonb not null, updated_at timestamptz not null default now())`.execute(
        db,
      );
    },
  },
  '2026-11-27T0001-kernel-audit-trail': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists audit`.execute(db);
      await sql`
        create table audit.trail (
          id bigserial primary key,
          at timestamptz not null default now(),
          actor_id text,
          actor_kind text not null,
          actor_display text not null,
          actor_role text,
          department_id text,
          region_code text,
          action text not null,
          resource_type text,
          resource_id text,
          subject_ref text,
          purpose text,
          outcome text not null check (outcome in ('success', 'denied', 'failure')),
          request_id text,
          ip text,
          details jsonb
        )`.execute(db);
      await sql`create index trail_at on audit.trail (at)`.execute(db);
      await sql`create index trail_subject on audit.trail (subject_ref, id) where subject_ref is not null`.execute(
        db,
      );
      await sql`create index trail_actor on audit.trail (actor_id, id) where actor_id is not null`.execute(
        db,
      );
      await sql`
        create function audit.refuse_change() returns trigger language plpgsql as $$
        begin
          raise exception 'audit.trail is append-only: % refused', tg_op using errcode = '42501';
        end $$`.execute(db);
      await sql`create trigger trail_no_update_delete before update or delete on audit.trail for each row execute function audit.refuse_change()`.execute(
        db,
      );
      await sql`create trigger trail_no_truncate before truncate on audit.trail for each statement execute function audit.refuse_change()`.execute(
        db,
      );
      // The owner (the application's role) keeps INSERT and SELECT only.
      await sql`revoke update, delete, truncate on audit.trail from public`.execute(db);
      await sql`revoke update, delete, truncate on audit.trail from current_user`.execute(db);
    },
  },
};
