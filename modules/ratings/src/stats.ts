import { sql, type RawBuilder } from 'kysely';
import { findDivision } from '@sufu/china-ids';
import type { AnyDb } from '@sufu/kernel';
import { RatingsErrors } from './errors.ts';

/**
 * Public service statistics (no personal data): volumes, online and on-time shares, ratings and
 * rectification rates per item, department or city; and per item the 减环节、减材料、减时限、
 * 减费用、减跑动 numbers against the legal baseline, from the cases' concluded events.
 * Bundle parents count for ratings only, so a bundle's cases are not counted twice.
 */
export type StatsBy = 'item' | 'department' | 'region';

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

type GroupRow = {
  key: string;
  item_name: string | null;
  volume: string;
  online: string;
  concluded: string;
  on_time: string;
  ratings: string;
  avg_score: string | null;
  bad: string;
  opened: string | null;
  closed: string | null;
  rectified: string | null;
};

export function createStats(deps: {
  db: AnyDb;
  departmentNames: (ids: string[]) => Promise<Map<string, string>>;
}) {
  async function byGroup(by: StatsBy, range: { from?: string | undefined; to?: string | undefined }) {
    const key: RawBuilder<string> =
      by === 'item'
        ? sql`f.item_id`
        : by === 'department'
          ? sql`f.department_id`
          : sql`substr(f.region_code, 1, 4) || '00'`;
    const from = range.from ? sql`and f.submitted_at >= ${range.from}::date` : sql``;
    const to = range.to ? sql`and f.submitted_at < (${range.to}::date + 1)` : sql``;
    const { rows } = await sql<GroupRow>`
      with rc as (
        select case_id,
               count(*) as opened,
               count(*) filter (where status in ('closed', 'closed_unfounded')) as closed,
               count(*) filter (where replied_at is not null) as rectified
        from ratings.rectifications group by case_id
      )
      select ${key} as key,
             max(f.item_name) as item_name,
             count(*) filter (where f.kind = 'item' and f.submitted_at is not null) as volume,
             count(*) filter (where f.kind = 'item' and f.submitted_at is not null and f.channel = 'online') as online,
             count(*) filter (where f.kind = 'item' and f.concluded_at is not null) as concluded,
             count(*) filter (where f.kind = 'item' and f.concluded_at is not null and f.on_time) as on_time,
             count(r.id) as ratings,
             avg(r.score) as avg_score,
             count(r.id) filter (where coalesce((r.previous->>'score')::int, r.score) <= 2) as bad,
             sum(rc.opened) as opened,
             sum(rc.closed) as closed,
             sum(rc.rectified) as rectified
      from ratings.case_facts f
      left join ratings.ratings r on r.case_id = f.case_id
      left join rc on rc.case_id = f.case_id
      where ${key} is not null ${from} ${to}
      group by 1
      order by 1`.execute(deps.db);
    const names =
      by === 'department' ? await deps.departmentNames(rows.map((r) => r.key)) : new Map<string, string>();
    const items = rows.map((r) => {
      const volume = Number(r.volume);
      const concluded = Number(r.concluded);
      const ratings = Number(r.ratings);
      const bad = Number(r.bad);
      const opened = Number(r.opened ?? 0);
      const closed = Number(r.closed ?? 0);
      const rectified = Number(r.rectified ?? 0);
      const division = by === 'region' ? findDivision(r.key) : undefined;
      return {
        key: r.key,
        name:
          by === 'item'
            ? (r.item_name ?? r.key)
            : by === 'department'
              ? (names.get(r.key) ?? r.key)
              : (division?.name ?? r.key),
        nameEn: division?.nameEn ?? null,
        volume,
        onlineShare: ratio(Number(r.online), volume),
        concluded,
        onTimeShare: ratio(Number(r.on_time), concluded),
        ratingCount: ratings,
        averageScore: r.avg_score === null ? null : round2(Number(r.avg_score)),
        badRatingCount: bad,
        rectificationsOpened: opened,
        rectificationsClosed: closed,
        rectificationRate: ratio(closed, opened),
        rectifiedShare: ratio(rectified, bad),
        _sum: {
          online: Number(r.online),
          onTime: Number(r.on_time),
          scoreSum: Number(r.avg_score ?? 0) * ratings,
          rectified,
        },
      };
    });
    const sum = (f: (x: (typeof items)[number]) => number) => items.reduce((a, x) => a + f(x), 0);
    const total = {
      volume: sum((x) => x.volume),
      onlineShare: ratio(
        sum((x) => x._sum.online),
        sum((x) => x.volume),
      ),
      concluded: sum((x) => x.concluded),
      onTimeShare: ratio(
        sum((x) => x._sum.onTime),
        sum((x) => x.concluded),
      ),
      ratingCount: sum((x) => x.ratingCount),
      averageScore: (() => {
        const n = sum((x) => x.ratingCount);
        return n ? round2(sum((x) => x._sum.scoreSum) / n) : null;
      })(),
      badRatingCount: sum((x) => x.badRatingCount),
      rectificationsOpened: sum((x) => x.rectificationsOpened),
      rectificationsClosed: sum((x) => x.rectificationsClosed),
      rectificationRate: ratio(
        sum((x) => x.rectificationsClosed),
        sum((x) => x.rectificationsOpened),
      ),
      rectifiedShare: ratio(
        sum((x) => x._sum.rectified),
        sum((x) => x.badRatingCount),
      ),
    };
    return { by, items: items.map(({ _sum: _, ...rest }) => rest), total };
  }

  type ItemRow = {
    name: string | null;
    volume: string;
    concluded: string;
    ratings: string;
    avg_score: string | null;
    steps: string | null;
    legal_steps: string | null;
    materials_required: string | null;
    materials_submitted: string | null;
    legal_days: string | null;
    promised_days: string | null;
    working_days_used: string | null;
    fees: string | null;
    legal_fees: string | null;
    visits: string | null;
    legal_visits: string | null;
  };

  async function item(itemId: string) {
    const { rows } = await sql<ItemRow>`
      select max(f.item_name) as name,
             count(*) filter (where f.submitted_at is not null) as volume,
             count(*) filter (where f.concluded_at is not null) as concluded,
             count(r.id) as ratings,
             avg(r.score) as avg_score,
             avg(f.steps) filter (where f.concluded_at is not null) as steps,
             avg(f.legal_steps) filter (where f.concluded_at is not null) as legal_steps,
             avg(f.materials_required) filter (where f.concluded_at is not null) as materials_required,
             avg(f.materials_required - coalesce(f.materials_exempted, 0)) filter (where f.concluded_at is not null) as materials_submitted,
             avg(f.legal_days) filter (where f.concluded_at is not null) as legal_days,
             avg(f.promised_days) filter (where f.concluded_at is not null) as promised_days,
             avg(f.working_days_used) filter (where f.concluded_at is not null) as working_days_used,
             avg(f.fees) filter (where f.concluded_at is not null) as fees,
             avg(f.legal_fees) filter (where f.concluded_at is not null) as legal_fees,
             avg(f.on_site_visits) filter (where f.concluded_at is not null) as visits,
             avg(f.legal_visits) filter (where f.concluded_at is not null) as legal_visits
      from ratings.case_facts f
      left join ratings.ratings r on r.case_id = f.case_id
      where f.kind = 'item' and f.item_id = ${itemId}`.execute(deps.db);
    const r = rows[0];
    if (!r || Number(r.volume) + Number(r.concluded) === 0) throw RatingsErrors.itemNotFound();
    const measure = (baseline: number | null, actual: number | null) => ({
      baseline: round2(baseline),
      actual: round2(actual),
      reduction: baseline !== null && actual !== null ? round2(baseline - actual) : null,
      reductionRate:
        baseline !== null && actual !== null && baseline > 0 ? ratio(baseline - actual, baseline) : null,
    });
    return {
      itemId,
      name: r.name ?? itemId,
      volume: Number(r.volume),
      concluded: Number(r.concluded),
      ratingCount: Number(r.ratings),
      averageScore: r.avg_score === null ? null : round2(Number(r.avg_score)),
      /** 减环节 */
      steps: measure(num(r.legal_steps), num(r.steps)),
      /** 减材料: required by the law vs actually submitted (required minus exempted) */
      materials: measure(num(r.materials_required), num(r.materials_submitted)),
      /** 减时限: legal limit vs working days used; the promised limit alongside */
      days: {
        ...measure(num(r.legal_days), num(r.working_days_used)),
        promised: round2(num(r.promised_days)),
      },
      /** 减费用 */
      fees: measure(num(r.legal_fees), num(r.fees)),
      /** 减跑动 */
      visits: measure(num(r.legal_visits), num(r.visits)),
    };
  }

  return { byGroup, item };
}
