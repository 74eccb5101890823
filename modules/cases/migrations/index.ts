import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '@sufu/kernel';

export const casesMigrations: MigrationSet = {
  '2026-11-28T0300-cases-base': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists cases`.execute(db);
      await sql`create sequence cases.case_number_seq`.execute(db);
      // One row per application (办件). A bundle (一件事) is a parent row with one child per
      // item. The item version is snapshotted at submission; `version` guards every transition.
      // `number` and `region_code` hold digits only and use collation "C", so the queue's
      // prefix searches (number like '2026…%', a window's region like '320102%') use indexes.
      await sql`
        create table cases.cases (
          id uuid primary key default gen_random_uuid(),
          number text collate "C" not null unique,
          kind text not null check (kind in ('item', 'bundle')),
          parent_id uuid references cases.cases (id),
          item_id text,
          item_version integer,
          bundle_id text,
          title text not null,
          snapshot jsonb not null,
          department_id text,
          region_code text collate "C" not null check (region_code ~ '^[0-9]{6}$'),
          channel text not null check (channel in ('online', 'counter')),
          applicant_type text not null check (applicant_type in ('person', 'organisation')),
          applicant_ref uuid not null,
          applicant_name text not null,
          applicant_account_id uuid,
          submitted_by uuid,
          status text not null check (status in ('submitted', 'not_accepted', 'correction_requested',
            'under_review', 'suspended', 'concluded', 'delivered')),
          outcome text check (outcome in ('approved', 'not_approved', 'partly_approved')),
          reasons text,
          form jsonb not null,
          materials jsonb not null,
          materials_required integer not null default 0,
          materials_exempted integer not null default 0,
          correction jsonb,
          correction_used boolean not null default false,
          limit_days integer,
          limit_unit text not null default 'working_days' check (limit_unit in ('working_days', 'days')),
          submitted_at timestamptz not null default now(),
          accepted_at timestamptz,
          warn_date date,
          due_date date,
          suspended_since timestamptz,
          suspended_days integer not null default 0,
          concluded_at timestamptz,
          delivered_at timestamptz,
          delivery jsonb,
          escalated_at timestamptz,
          version integer not null default 1
        )`.execute(db);
      // The workbench queue (views.ts) orders by (due_date nulls last, submitted_at, id) and counts
      // its matches: each view has an index that returns rows in that order, so a page reads
      // only its own rows, and the count is an index-only scan (partial on kind = 'item', which
      // every queue query asks for). Measured by bench/cases.bench.ts on a million cases.
      //   all views of a department, unfiltered:
      // 本部门办件, newest first.
      await sql`create index cases_department_recent on cases.cases (department_id, submitted_at desc, id) where kind = 'item'`.execute(
        db,
      );
      // 待我审查 and the colour filters: active cases, most urgent first.
      await sql`create index cases_active_order on cases.cases (due_date, submitted_at, id) where kind = 'item' and status in ('under_review', 'suspended')`.execute(
        db,
      );
      //   a department's cases in one status (acceptance, the status filter):
      await sql`create index cases_department_queue on cases.cases (department_id, status, due_date, submitted_at, id) where kind = 'item'`.execute(
        db,
      );
      //   running cases (the SLA filters, escalations): few, and their due dates are the recent
      //   ones, which an ordered scan over all of a department's cases would reach last.
      await sql`create index cases_active_queue on cases.cases (department_id, due_date, submitted_at, id) include (warn_date, escalated_at) where kind = 'item' and status in ('under_review', 'suspended')`.execute(
        db,
      );
      //   a comprehensive window's acceptance queue: submitted cases by region prefix.
      await sql`create index cases_region_queue on cases.cases (status, region_code, submitted_at) where kind = 'item'`.execute(
        db,
      );
      await sql`create index cases_applicant on cases.cases (applicant_account_id, submitted_at desc)`.execute(
        db,
      );
      await sql`create index cases_parent on cases.cases (parent_id) where parent_id is not null`.execute(db);
      await sql`create index cases_overdue on cases.cases (due_date) where status in ('under_review') and escalated_at is null`.execute(
        db,
      );
      // Parallel review tasks: the lead department always, collaborating departments where the item needs them.
      await sql`
        create table cases.tasks (
          id uuid primary key default gen_random_uuid(),
          case_id uuid not null references cases.cases (id),
          department_id text not null,
          role text not null check (role in ('lead', 'collaborator')),
          status text not null default 'open' check (status in ('open', 'done')),
          opinion text check (opinion in ('agree', 'disagree')),
          comment text,
          done_by text,
          done_at timestamptz,
          unique (case_id, department_id)
        )`.execute(db);
      // With case_id, the review queue's open tasks are an index-only scan.
      await sql`create index tasks_department on cases.tasks (department_id, status, case_id)`.execute(db);
      // The timeline the applicant and the clerk see.
      await sql`
        create table cases.timeline (
          id bigint generated always as identity primary key,
          case_id uuid not null references cases.cases (id),
          at timestamptz not null default now(),
          action text not null,
          from_status text,
          to_status text,
          actor_display text not null,
          department_id text,
          note jsonb
        )`.execute(db);
      await sql`create index timeline_case on cases.timeline (case_id, id)`.execute(db);
      await sql`
        create table cases.drafts (
          id uuid primary key default gen_random_uuid(),
          account_id uuid not null,
          organisation_id uuid,
          item_id text,
          bundle_id text,
          region_code text not null,
          form jsonb not null default '{}'::jsonb,
          case_id uuid,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          check ((item_id is null) <> (bundle_id is null))
        )`.execute(db);
      await sql`create index drafts_account on cases.drafts (account_id, updated_at desc)`.execute(db);
      // Uploaded materials: type sniffed from the content, SM3 checksum, bytes kept in the database.
      await sql`
        create table cases.files (
          id uuid primary key default gen_random_uuid(),
          account_id uuid not null,
          draft_id uuid references cases.drafts (id),
          case_id uuid references cases.cases (id),
          material text not null,
          name text not null,
          media_type text not null,
          size integer not null,
          sm3 text not null,
          content bytea not null,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index files_draft on cases.files (draft_id)`.execute(db);
      await sql`create index files_case on cases.files (case_id)`.execute(db);
      await sql`
        create table cases.idempotency (
          account_id uuid not null,
          key text not null,
          request_hash text not null,
          case_id uuid not null,
          created_at timestamptz not null default now(),
          primary key (account_id, key)
        )`.execute(db);
      // Results delivered as e-certificates, readable as certificates until the certificate library lands.
      await sql`
        create table cases.results (
          id uuid primary key default gen_random_uuid(),
          case_id uuid not null unique references cases.cases (id),
          holder_type text not null,
          holder_ref uuid not null,
          certificate_type text not null,
          certificate_number text not null,
          issuer text not null,
          issued_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index results_holder on cases.results (holder_ref, certificate_type)`.execute(db);
      await sql`
        create table cases.settings (
          key text primary key,
          value jsonb not null,
          updated_at timestamptz not null default now()
        )`.execute(db);
    },
  },
};
