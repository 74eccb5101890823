/** Types of the cases (办件) and notifications API, mirroring modules/cases/src/schemas.ts. */
import type { Localized } from '../i18n/index.tsx';

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

export interface CaseMaterial {
  key: string;
  name: string;
  required: boolean;
  source: 'applicant' | 'government_issued' | 'shared_data';
  status: MaterialStatus;
  certificate?: { certificateId: string; type: string; number: string; issuer: string };
  sharedSource?: Localized;
  producedBy?: string;
  fileIds: string[];
  note?: string | null;
}

export interface FormProperty {
  type: 'string' | 'number' | 'integer' | 'boolean';
  title?: string;
  description?: string;
  enum?: (string | number)[];
  format?: 'date';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  'x-prefill'?: string;
  'x-widget'?: 'textarea';
}

export interface FormSchema {
  type: 'object';
  title?: string;
  properties: Record<string, FormProperty>;
  required?: string[];
}

export interface PrefillField {
  key: string;
  value: string;
  source: Localized;
  purpose: Localized;
}

export interface PrefillItem {
  itemId: string;
  itemVersion: number;
  name: string;
  departmentId: string;
  departmentName: string;
  promisedDays: number | null;
  materials: CaseMaterial[];
}

export interface Prefill {
  title: string;
  regionCode: string;
  form: FormSchema;
  sharedFields: string[];
  prefill: PrefillField[];
  items: PrefillItem[];
  exempted: number;
}

export interface UploadedFile {
  id: string;
  /** `m<i>` for an item's material; `<item index>.m<i>` in a bundle with several items. */
  material: string;
  name: string;
  mediaType: string;
  size: number;
  sm3: string;
  uploadedAt: string;
}

export interface Draft extends Prefill {
  id: string;
  itemId: string | null;
  bundleId: string | null;
  caseId: string | null;
  savedForm: Record<string, unknown>;
  updatedAt: string;
  files: UploadedFile[];
}

export interface Receipt {
  caseId: string;
  number: string;
  title: string;
  kind: 'item' | 'bundle';
  status: CaseStatus;
  submittedAt: string;
  materialsRequired: number;
  materialsExempted: number;
  children: {
    caseId: string;
    number: string;
    title: string;
    departmentName: string | null;
    promisedDays: number | null;
  }[];
  departmentName: string | null;
  promisedDays: number | null;
}

export interface Sla {
  limitDays: number;
  unit: 'working_days' | 'days';
  acceptedOn: string;
  dueDate: string;
  warnDate: string;
  elapsed: number;
  remaining: number;
  colour: 'green' | 'yellow' | 'red';
  suspended: boolean;
  provisional: boolean;
}

export interface CaseSummary {
  id: string;
  number: string;
  kind: 'item' | 'bundle';
  parentId: string | null;
  title: string;
  itemId: string | null;
  bundleId: string | null;
  status: CaseStatus;
  outcome: 'approved' | 'not_approved' | 'partly_approved' | null;
  channel: 'online' | 'counter';
  departmentId: string | null;
  departmentName: string | null;
  regionCode: string;
  applicantName: string;
  applicantType: 'person' | 'organisation';
  submittedAt: string;
  acceptedAt: string | null;
  concludedAt: string | null;
  escalated: boolean;
  version: number;
  sla: Sla | null;
}

export interface TimelineEntry {
  at: string;
  action: string;
  from: CaseStatus | null;
  to: CaseStatus | null;
  actor: string;
  departmentName: string | null;
  note: Record<string, unknown> | null;
}

export interface CaseTask {
  id: string;
  departmentId: string;
  departmentName: string;
  role: 'lead' | 'collaborator';
  status: 'open' | 'done';
  opinion: 'agree' | 'disagree' | null;
  comment: string | null;
  doneBy: string | null;
  doneAt: string | null;
}

export interface CaseDetail extends CaseSummary {
  form: Record<string, unknown>;
  materials: CaseMaterial[];
  materialsRequired: number;
  materialsExempted: number;
  correction: {
    items: string[];
    note: string | null;
    requestedAt: string;
    answeredAt?: string;
    answer?: string | null;
  } | null;
  correctionUsed: boolean;
  reasons: string | null;
  delivery: {
    method?: string;
    trackingNumber?: string | null;
    certificate?: { type: string; number: string; issuer: string };
  } | null;
  itemVersion: number | null;
  limitDays: number | null;
  limitUnit: 'working_days' | 'days';
  timeline: TimelineEntry[];
  tasks: CaseTask[];
  files: UploadedFile[];
  children: CaseSummary[];
}

export interface StaffCaseDetail extends CaseDetail {
  permissions: { accept: boolean; decide: boolean; review: boolean; deliver: boolean };
}

export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type TransitionAction =
  'accept' | 'refuse' | 'request_correction' | 'complete_task' | 'decide' | 'suspend' | 'resume' | 'deliver';

export interface NotificationItem {
  id: string;
  kind: string;
  title: Localized;
  body: Localized;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** A row of `GET /cases/drafts` (drafts not yet submitted). */
export interface DraftSummary {
  id: string;
  itemId: string | null;
  bundleId: string | null;
  updatedAt: string;
}

/** `GET /me/notifications`. */
export interface NotificationsPage {
  items: NotificationItem[];
  unread: number;
}

/** `POST /me/cases/:id/correction` and the workbench transitions. */
export interface TransitionResult {
  caseId: string;
  status: CaseStatus;
  version: number;
}
