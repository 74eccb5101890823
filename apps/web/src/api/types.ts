/** Types of the `/api/v1` JSON contract (see apps/web/README.md). */
import type { Localized } from '../i18n/index.tsx';

export type AreaKey = 'portal' | 'workbench' | 'console' | 'data' | 'ops';
export type AccountKind = 'person' | 'staff';
export type RealNameLevel = 'L1' | 'L2' | 'L3';
export type RegionLevel = 'province' | 'city' | 'county';

export interface RoleAssignment {
  role: string;
  roleName: Localized;
  departmentId: string | null;
  departmentName: string | null;
  regionCode: string | null;
  regionName: string | null;
}

export interface SessionAccount {
  id: string;
  kind: AccountKind;
  username: string;
  displayName: string;
  realNameLevel?: RealNameLevel | null;
  roles: RoleAssignment[];
  areas: AreaKey[];
  permissions: string[];
}

/** The organisation a person is acting for (as legal representative or agent), if any. */
export interface ActingFor {
  organisationId: string;
  name: string;
  creditCode: string;
  role: 'legal_rep' | 'agent';
}

export type Session =
  | { authenticated: false; csrfToken?: string }
  | {
      authenticated: true;
      csrfToken?: string;
      idleTimeoutSeconds: number;
      expiresAt: string;
      account: SessionAccount;
      actingFor?: ActingFor | null;
    };

export type AuthenticatedSession = Extract<Session, { authenticated: true }>;

export type LoginResult =
  | { status: 'authenticated'; session: AuthenticatedSession }
  | { status: 'totp_required' }
  | { status: 'totp_enrolment_required'; enrolment: { secret: string; otpauthUri: string } };

export interface Profile {
  kind: AccountKind;
  displayName: string;
  idNumberMasked?: string | null;
  mobileMasked?: string | null;
  realNameLevel?: RealNameLevel | null;
  regionCode?: string | null;
  regionName?: string | null;
}

export interface SessionItem {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface DataAccessItem {
  id: string;
  at: string;
  actorDisplay: string;
  departmentName: string | null;
  action: string;
  actionName: Localized;
  purpose: string | null;
  outcome: string;
}

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ListPage<T> {
  items: T[];
  total: number;
}

export interface Region {
  code: string;
  name: string;
  nameEn: string;
  level: RegionLevel;
  parentCode: string | null;
  childCount: number;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  level: RegionLevel;
  regionCode: string;
  regionName: string;
}

export interface CityStats {
  code: string;
  name: string;
  nameEn: string;
  persons: number;
  organisations: number;
  departments: number;
  staff: number;
}

export interface StatsOverview {
  cities: CityStats[];
  totals: { persons: number; organisations: number; departments: number; staff: number };
}

export interface Holiday {
  name: string;
  nameEn: string;
  from: string;
  to: string;
}

export interface CalendarYear {
  year: number;
  workingDays: number;
  holidays: Holiday[];
  makeupWorkdays: string[];
  source: string;
  enteredBy: string | null;
  enteredAt: string | null;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface CalendarDay {
  date: string;
  working: boolean;
  kind: DayKind;
  holidayName?: string | null;
  /** True for days in a year whose official arrangement is not entered yet (weekends only). */
  provisional?: boolean;
}

export interface DueDate {
  from: string;
  days: number;
  due: string;
  beyondKnownCalendar: boolean;
  unknownYears: number[];
}

export type AccountStatus = 'active' | 'locked' | 'disabled';

export interface AdminAccount {
  id: string;
  kind: AccountKind;
  username: string;
  displayName: string;
  departmentId?: string | null;
  departmentName: string | null;
  regionCode?: string | null;
  status: AccountStatus;
  roles: RoleAssignment[];
  mfaEnrolled: boolean;
  lastLoginAt: string | null;
}

export interface RoleDefinition {
  role: string;
  name: Localized;
  kind?: AccountKind;
  areas: AreaKey[];
  scope: 'department' | 'none';
}

export interface AuditRecord {
  id: string;
  at: string;
  actorId: string | null;
  actorDisplay: string | null;
  actorRole: string | null;
  departmentName: string | null;
  regionCode: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  subjectRef: string | null;
  purpose: string | null;
  outcome: string;
  requestId: string | null;
}

export interface Readiness {
  /** 'ok' or 'degraded' (the server answers 503 with the same body when degraded). */
  status: string;
  version?: string;
  database: 'pglite' | 'postgres';
  migrations: { applied: number; pending: number };
  outbox: { pending: number };
}
