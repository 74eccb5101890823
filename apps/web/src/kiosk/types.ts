/** The parts of the catalog and cases API the kiosk shows (same endpoints as the portal). */
export type Channel = 'web' | 'mobile' | 'kiosk' | 'counter';

export interface ItemCard {
  id: string;
  name: string;
  nameEn: string;
  departmentId: string;
  promisedDays: number | null;
  exemptMaterials: number;
  materialsCount: number | null;
  channels: Channel[];
}

export interface LifeEventHit {
  id: string;
  name: string;
  nameEn: string;
}

export interface SearchResult {
  items: ItemCard[];
  lifeEvents: LifeEventHit[];
}

export interface ItemDetail {
  id: string;
  name: string;
  nameEn: string;
  departmentName: string | null;
  promisedTimeLimit: { days: number | null; unit: 'working_days' | 'days'; isDemo: boolean };
  onSiteVisits: { count: number | null; isDemo: boolean };
  fee: { charged: boolean | null; detail: string | null };
  materials:
    | {
        name: string;
        source: 'applicant' | 'government_issued' | 'shared_data';
        required: boolean;
        note: string | null;
      }[]
    | null;
  materialsNote: string | null;
  channels: Channel[];
}

export interface LifeEvent {
  id: string;
  name: string;
  nameEn: string;
  items: { id: string; name: string }[];
  otherSteps: string[];
  note: string | null;
}

export interface CaseSummary {
  id: string;
  number: string;
  title: string;
  status: string;
  departmentName: string | null;
  applicantName: string;
  submittedAt: string;
  sla: { dueDate: string } | null;
}

export interface CasePage {
  items: CaseSummary[];
  total: number;
}

export interface CodeSent {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}
