import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '@sufu/kernel';

/** Frozen with the migration: the console edits the list afterwards. */
const DEFAULT_REASONS: [string, 'bad' | 'good', string, string][] = [
  ['cumbersome_process', 'bad', '办事流程繁琐', 'Cumbersome procedure'],
  ['unclear_materials', 'bad', '材料要求不清', 'Unclear material requirements'],
  ['long_wait', 'bad', '等候时间长', 'Long waiting time'],
  ['poor_attitude', 'bad', '服务态度差', 'Unfriendly service'],
  ['overdue', 'bad', '超期办理', 'Handled past the time limit'],
  ['many_visits', 'bad', '多次跑动', 'Had to come back several times'],
  ['inconsistent_answers', 'bad', '答复口径不一', 'Inconsistent answers'],
  ['system_problems', 'bad', '系统故障或操作不便', 'System faults or hard to use'],
  ['fast', 'good', '办理快捷', 'Fast handling'],
  ['friendly', 'good', '服务热情', 'Friendly service'],
  ['done_in_one_go', 'good', '一次办成', 'Done in one go'],
  ['fewer_materials', 'good', '材料精简', 'Few materials needed'],
  ['clear_guidance', 'good', '指引清晰', 'Clear guidance'],
  ['online_convenient', 'good', '网上办理便捷', 'Convenient online'],
];

export const ratingsMigrations: MigrationSet = {
  '2026-11-28T0900-ratings-init': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists ratings`.execute(db);
      // What the module knows of a case, projected from the cases module's outbox events.
      await sql`
        create table ratings.case_facts (
          case_id text primary key,
          number text not null,
          kind text not null check (kind in ('item', 'bundle')),
          item_id text,
          item_name text,
          bundle_id text,
          parent_id text,
          department_id text,
          region_code text,
          channel text not null check (channel in ('online', 'counter')),
          applicant_account_id text,
          submitted_at timestamptz,
          concluded_at timestamptz,
          on_time boolean,
          outcome text check (outcome in ('approved', 'not_approved')),
          steps integer,
          legal_steps integer,
          materials_required integer,
          materials_exempted integer,
          legal_days integer,
          promised_days integer,
          working_days_used integer,
          fees numeric(12, 2),
          legal_fees numeric(12, 2),
          on_site_visits integer,
          legal_visits integer,
          updated_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index case_facts_item on ratings.case_facts (item_id)`.execute(db);
      await sql`create index case_facts_department on ratings.case_facts (department_id)`.execute(db);
      await sql`create index case_facts_applicant on ratings.case_facts (applicant_account_id)`.execute(db);
      // The fixed reasons a resident picks from; band 'bad' for scores 1–3, 'good' for 4–5.
      await sql`
        create table ratings.reasons (
          id text primary key check (id ~ '^[a-z0-9_-]{1,40}$'),
          band text not null check (band in ('bad', 'good')),
          label_zh text not null check (char_length(label_zh) between 1 and 40),
          label_en text not null check (char_length(label_en) between 1 and 80),
          position integer not null,
          active boolean not null default true
        )`.execute(db);
      await sql`
        create table ratings.ratings (
          id uuid primary key default gen_random_uuid(),
          case_id text not null unique references ratings.case_facts (case_id),
          account_id text not null,
          score integer not null check (score between 1 and 5),
          reasons jsonb not null default '[]'::jsonb,
          comment text check (char_length(comment) <= 500),
          amendments integer not null default 0 check (amendments between 0 and 1),
          previous jsonb,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`.execute(db);
      // 整改: opened by a rating of 1 or 2, handled by the case's department.
      await sql`
        create table ratings.rectifications (
          id uuid primary key default gen_random_uuid(),
          case_id text not null references ratings.case_facts (case_id),
          rating_id uuid not null references ratings.ratings (id),
          department_id text not null,
          region_code text,
          status text not null check (status in ('open', 'verified', 'rectified', 'closed', 'closed_unfounded')),
          opened_at timestamptz not null default now(),
          deadline date not null,
          verified_at timestamptz,
          reply text,
          replied_at timestamptz,
          rerate_until date,
          unfounded_reason text,
          closed_at timestamptz,
          close_reason text check (close_reason in ('re_rated', 'no_response', 'unfounded')),
          re_rating_score integer,
          escalated_at timestamptz,
          version integer not null default 1
        )`.execute(db);
      await sql`create index rectifications_department on ratings.rectifications (department_id, status)`.execute(
        db,
      );
      await sql`create index rectifications_case on ratings.rectifications (case_id)`.execute(db);
      await sql`
        create table ratings.rectification_events (
          id bigint generated always as identity primary key,
          rectification_id uuid not null references ratings.rectifications (id),
          at timestamptz not null default now(),
          action text not null,
          actor_display text not null,
          text text
        )`.execute(db);
      await sql`
        create table ratings.settings (
          id boolean primary key default true check (id),
          deadline_days integer not null default 15 check (deadline_days between 1 and 60),
          rerate_days integer not null default 5 check (rerate_days between 1 and 30),
          updated_at timestamptz not null default now(),
          updated_by text not null default 'system'
        )`.execute(db);
      await sql`insert into ratings.settings (id) values (true)`.execute(db);
      // The default reasons (maintained afterwards in the console).
      for (const [i, [id, band, zh, en]] of DEFAULT_REASONS.entries())
        await sql`insert into ratings.reasons (id, band, label_zh, label_en, position)
                  values (${id}, ${band}, ${zh}, ${en}, ${i + 1})`.execute(db);
    },
  },
};
