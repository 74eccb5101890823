import type { Generated } from 'kysely';

export type RectificationStatus = 'open' | 'verified' | 'rectified' | 'closed' | 'closed_unfounded';
export type Band = 'bad' | 'good';

export type RatingsTables = {
  'ratings.case_facts': {
    case_id: string;
    number: string;
    kind: 'item' | 'bundle';
    item_id: string | null;
    item_name: string | null;
    bundle_id: string | null;
    parent_id: string | null;
    department_id: string | null;
    region_code: string | null;
    channel: 'online' | 'counter';
    applicant_account_id: string | null;
    submitted_at: Date | null;
    concluded_at: Date | null;
    on_time: boolean | null;
    outcome: 'approved' | 'not_approved' | null;
    steps: number | null;
    legal_steps: number | null;
    materials_required: number | null;
    materials_exempted: number | null;
    legal_days: number | null;
    promised_days: number | null;
    working_days_used: number | null;
    fees: string | null;
    legal_fees: string | null;
    on_site_visits: number | null;
    legal_visits: number | null;
    updated_at: Generated<Date>;
  };
  'ratings.reasons': {
    id: string;
    band: Band;
    label_zh: string;
    label_en: string;
    position: number;
    active: Generated<boolean>;
  };
  'ratings.ratings': {
    id: Generated<string>;
    case_id: string;
    account_id: string;
    score: number;
    reasons: string[];
    comment: string | null;
    amendments: Generated<number>;
    previous: { score: number; reasons: string[]; comment: string | null; at: string } | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'ratings.rectifications': {
    id: Generated<string>;
    case_id: string;
    rating_id: string;
    department_id: string;
    region_code: string | null;
    status: RectificationStatus;
    opened_at: Generated<Date>;
    /** A China date, YYYY-MM-DD (selected as text). */
    deadline: string;
    verified_at: Date | null;
    reply: string | null;
    replied_at: Date | null;
    rerate_until: string | null;
    unfounded_reason: string | null;
    closed_at: Date | null;
    close_reason: 're_rated' | 'no_response' | 'unfounded' | null;
    re_rating_score: number | null;
    escalated_at: Date | null;
    version: Generated<number>;
  };
  'ratings.rectification_events': {
    id: Generated<string>;
    rectification_id: string;
    at: Generated<Date>;
    action: string;
    actor_display: string;
    text: string | null;
  };
  'ratings.settings': {
    id: Generated<boolean>;
    deadline_days: number;
    rerate_days: number;
    updated_at: Generated<Date>;
    updated_by: string;
  };
};
