import type { Generated } from 'kysely';

export type CaseStatus =
  | 'submitted'
  | 'not_accepted'
  | 'correction_requested'
  | 'under_review'
  | 'suspended'
  | 'concluded'
  | 'delivered';

export type MaterialStatus =
  'exempt_certificate' | 'exempt_shared' | 'produced_in_bundle' | 'upload' | 'optional';

/** A material of a case as evaluated at submission (and updated when files arrive). */
export type CaseMaterial = {
  key: string;
  name: string;
  required: boolean;
  source: 'applicant' | 'government_issued' | 'shared_data';
  status: MaterialStatus;
  certificate?: { certificateId: string; type: string; number: string; issuer: string } | undefined;
  sharedSource?: { 'zh-CN': string; en: string } | undefined;
  producedBy?: string | undefined;
  fileIds: string[];
  note?: string | null | undefined;
};

export type CasesTables = {
  'cases.cases': {
    id: string;
    number: string;
    kind: 'item' | 'bundle';
    parent_id: string | null;
    item_id: string | null;
    item_version: number | null;
    bundle_id: string | null;
    title: string;
    snapshot: unknown;
    department_id: string | null;
    region_code: string;
    channel: 'online' | 'counter';
    applicant_type: 'person' | 'organisation';
    applicant_ref: string;
    applicant_name: string;
    applicant_account_id: string | null;
    submitted_by: string | null;
    status: CaseStatus;
    outcome: 'approved' | 'not_approved' | 'partly_approved' | null;
    reasons: string | null;
    form: Record<string, unknown>;
    materials: CaseMaterial[];
    materials_required: number;
    materials_exempted: number;
    correction: { items: string[]; note: string | null; requestedAt: string; answeredAt?: string } | null;
    correction_used: boolean;
    limit_days: number | null;
    limit_unit: 'working_days' | 'days';
    submitted_at: Generated<Date>;
    accepted_at: Date | null;
    warn_date: string | Date | null;
    due_date: string | Date | null;
    suspended_since: Date | null;
    suspended_days: Generated<number>;
    concluded_at: Date | null;
    delivered_at: Date | null;
    delivery: Record<string, unknown> | null;
    escalated_at: Date | null;
    version: Generated<number>;
  };
  'cases.tasks': {
    id: Generated<string>;
    case_id: string;
    department_id: string;
    role: 'lead' | 'collaborator';
    status: Generated<'open' | 'done'>;
    opinion: 'agree' | 'disagree' | null;
    comment: string | null;
    done_by: string | null;
    done_at: Date | null;
  };
  'cases.timeline': {
    id: Generated<string>;
    case_id: string;
    at: Generated<Date>;
    action: string;
    from_status: string | null;
    to_status: string | null;
    actor_display: string;
    department_id: string | null;
    note: unknown;
  };
  'cases.drafts': {
    id: Generated<string>;
    account_id: string;
    organisation_id: string | null;
    item_id: string | null;
    bundle_id: string | null;
    region_code: string;
    form: Record<string, unknown>;
    case_id: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'cases.files': {
    id: Generated<string>;
    account_id: string;
    draft_id: string | null;
    case_id: string | null;
    material: string;
    name: string;
    media_type: string;
    size: number;
    sm3: string;
    content: Buffer;
    created_at: Generated<Date>;
  };
  'cases.idempotency': {
    account_id: string;
    key: string;
    request_hash: string;
    case_id: string;
    created_at: Generated<Date>;
  };
  'cases.results': {
    id: Generated<string>;
    case_id: string;
    holder_type: string;
    holder_ref: string;
    certificate_type: string;
    certificate_number: string;
    issuer: string;
    issued_at: Generated<Date>;
  };
  'cases.settings': {
    key: string;
    value: unknown;
    updated_at: Generated<Date>;
  };
};
