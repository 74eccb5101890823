import { sql } from 'kysely';
import type { AnyDb } from '@sufu/kernel';

/**
 * Bulk-generated cases for benchmarks and load tests: one `insert … select
 * generate_series(…)` statement for the cases and (in a data-modifying CTE) their review
 * tasks, so a million rows take a few minutes on a small machine, not hours. Not used by the platform itself (nothing imports it but the benches).
 *
 * The distribution follows a province after two years of operation: cases spread over
 * `departmentIds` (about 300 departments), with `focus.share` of them in one department
 * (the queue that is measured); the case's region is its department's (`<region>-<kind>`).
 * Most cases are finished (delivered 64.5 %, concluded 20 %, not accepted 4.5 %); the active
 * ones (submitted 2 %, correction requested 0.5 %, under review 7.5 %, suspended 1 %) were
 * submitted in the last 40 days, carry acceptance, warning and due dates (20 working days,
 * roughly 28 calendar days), and overdue ones are escalated about half of the time. Every
 * accepted case has its lead department's task: open while under review or suspended, done
 * otherwise. Case numbers come from `cases.case_number_seq`, so they never collide with
 * real submissions. Deterministic for a given `seed` (the select runs serially).
 */
export type GenerateCasesOptions = {
  count: number;
  /** Department ids `<6-digit region>-<kind>`; cases are spread over them evenly. */
  departmentIds: string[];
  /** A department that receives `share` (0…1) of all cases on top of its even part. */
  focus?: { departmentId: string; share: number };
  /** Spread of submission dates of finished cases, in days before `now` (default 730). */
  days?: number;
  seed?: number;
  /**
   * Drop the secondary indexes of cases.cases and cases.tasks (not those of constraints) for
   * the insert and build them again afterwards from their own definitions (default true):
   * a million random insertions into eight indexes take far longer than sorting once.
   */
  rebuildIndexes?: boolean;
};

const TITLES = [
  '居民身份证换领',
  '户口迁移（迁出登记）',
  '社会保障卡申领',
  '城乡居民基本医疗保险参保登记',
  '个体工商户设立登记',
  '食品经营许可',
  '临时救助',
  '机动车驾驶证遗失补证',
];

export async function generateCases(
  db: AnyDb,
  opts: GenerateCasesOptions,
): Promise<{ cases: number; tasks: number }> {
  const departments = opts.departmentIds.filter((d) => /^\d{6}-/.test(d));
  if (departments.length === 0)
    throw new Error('generateCases: no department ids of the form <region>-<kind>');
  const focus = opts.focus ?? { departmentId: departments[0]!, share: 0 };
  const days = opts.days ?? 730;
  const seed = opts.seed ?? 0.42;
  return db.transaction().execute(async (trx) => {
    await sql`select setseed(${seed})`.execute(trx);
    const secondary =
      opts.rebuildIndexes === false
        ? []
        : (
            await sql<{ name: string; def: string }>`
              select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
              from pg_index i
              where i.indrelid in ('cases.cases'::regclass, 'cases.tasks'::regclass)
                and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(trx)
          ).rows;
    for (const ix of secondary) await sql`drop index ${sql.raw(ix.name)}`.execute(trx);
    // r1…r5 are independent uniform draws per row.
    const inserted = await sql<{ cases: string; tasks: string }>`
      with made as (
      insert into cases.cases (
        id, number, kind, parent_id, item_id, item_version, bundle_id, title, snapshot,
        department_id, region_code, channel, applicant_type, applicant_ref, applicant_name,
        applicant_account_id, submitted_by, status, outcome, reasons, form, materials,
        materials_required, materials_exempted, correction, correction_used, limit_days, limit_unit,
        submitted_at, accepted_at, warn_date, due_date, suspended_since, suspended_days,
        concluded_at, delivered_at, delivery, escalated_at, version)
      select
        gen_random_uuid(),
        to_char(s.submitted_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || split_part(s.dept, '-', 1)
          || lpad(nextval('cases.case_number_seq')::text, 7, '0'),
        'item', null, s.item_id, 1, null, s.title,
        jsonb_build_object('id', s.item_id, 'name', s.title, 'status', 'in_use', 'departmentId', s.dept,
          'audience', 'person', 'legalTimeLimit', jsonb_build_object('days', 20, 'unit', 'working_days'),
          'promisedTimeLimit', jsonb_build_object('days', 20, 'unit', 'working_days'),
          'materials', jsonb_build_array(jsonb_build_object('name', '居民身份证', 'source', 'government_issued',
            'certificate', '居民身份证', 'required', true, 'note', null)), 'resultCertificate', null, 'generated', true),
        s.dept, split_part(s.dept, '-', 1),
        case when s.r5 < 0.15 then 'counter' else 'online' end,
        'person', gen_random_uuid(), s.applicant_name,
        md5('generated-account-' || floor(s.r4 * 200000)::int)::uuid,
        md5('generated-account-' || floor(s.r4 * 200000)::int)::uuid,
        s.status,
        case when s.status in ('concluded', 'delivered') then (case when s.r5 < 0.03 then 'not_approved' else 'approved' end) end,
        case when s.status = 'not_accepted' then '材料不齐全' end,
        jsonb_build_object('reason', '证件有效期满', 'applicantName', s.applicant_name),
        jsonb_build_array(jsonb_build_object('key', 'm0', 'name', '居民身份证', 'required', true,
          'source', 'government_issued', 'status', 'exempt_certificate', 'fileIds', jsonb_build_array())),
        1, 1, null, false, 20, 'working_days',
        s.submitted_at, s.accepted_at,
        (s.accepted_at + interval '22 days')::date,
        (s.accepted_at + interval '28 days')::date,
        case when s.status = 'suspended' then s.accepted_at + interval '5 days' end,
        0,
        s.concluded_at,
        case when s.status = 'delivered' then s.concluded_at + interval '2 days' end,
        case when s.status = 'delivered' then '{"method":"e_certificate"}'::jsonb end,
        case when s.status in ('under_review', 'suspended') and s.accepted_at + interval '28 days' < now()
          and s.r5 < 0.5 then s.accepted_at + interval '29 days' end,
        case s.status when 'submitted' then 1 when 'correction_requested' then 2 when 'not_accepted' then 2
          when 'under_review' then 2 when 'suspended' then 3 when 'concluded' then 4 else 5 end
      from (
        select t.*,
          case when t.status in ('submitted', 'correction_requested', 'not_accepted') then null
            else t.submitted_at + interval '1 day' end as accepted_at,
          case when t.status in ('concluded', 'delivered')
            then t.submitted_at + interval '2 days' + t.r5 * interval '25 days' end as concluded_at
        from (
          select u.*,
            case when u.status in ('submitted', 'correction_requested', 'under_review', 'suspended')
              then now() - u.r1 * interval '40 days'
              else now() - interval '30 days' - u.r1 * (${days}::int * interval '1 day') end as submitted_at,
            (${TITLES}::text[])[1 + floor(u.r4 * ${TITLES.length}::int)::int] as title,
            'GEN-' || lpad((1 + floor(u.r4 * 50)::int)::text, 3, '0') as item_id,
            (array['王','李','张','刘','陈','杨','黄','赵','吴','周'])[1 + floor(u.r5 * 10)::int]
              || (array['伟','芳','娜','敏','静','丽','强','磊'])[1 + floor(u.r2 * 8)::int] as applicant_name
          from (
            select g, r1, r2, r4, r5,
              case when r3 < ${focus.share}::float8 then ${focus.departmentId}::text
                else (${departments}::text[])[1 + floor(r2 * ${departments.length}::int)::int] end as dept,
              case
                when r3b < 0.020 then 'submitted'
                when r3b < 0.025 then 'correction_requested'
                when r3b < 0.070 then 'not_accepted'
                when r3b < 0.145 then 'under_review'
                when r3b < 0.155 then 'suspended'
                when r3b < 0.355 then 'concluded'
                else 'delivered' end as status
            from (
              select g, random() as r1, random() as r2, random() as r3, random() as r3b, random() as r4,
                random() as r5
              from generate_series(1, ${opts.count}::int) g
            ) raw
          ) u
        ) t
      ) s
      returning id, department_id, status, outcome, accepted_at, concluded_at),
      tasks as (
      insert into cases.tasks (case_id, department_id, role, status, opinion, comment, done_by, done_at)
      select m.id, m.department_id, 'lead',
        case when m.status in ('under_review', 'suspended') then 'open' else 'done' end,
        case when m.status in ('under_review', 'suspended') then null
          when m.outcome = 'not_approved' then 'disagree' else 'agree' end,
        null,
        case when m.status in ('under_review', 'suspended') then null else '审批人员' end,
        case when m.status in ('under_review', 'suspended') then null else m.concluded_at end
      from made m
      where m.accepted_at is not null
      returning 1)
      select (select count(*) from made) as cases, (select count(*) from tasks) as tasks`.execute(trx);
    await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
    for (const ix of secondary) await sql.raw(ix.def).execute(trx);
    return {
      cases: Number(inserted.rows[0]?.cases ?? 0),
      tasks: Number(inserted.rows[0]?.tasks ?? 0),
    };
  });
}
