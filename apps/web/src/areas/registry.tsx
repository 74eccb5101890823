/**
 * The five areas and their pages. This is the one list the router, the side menus and the
 * home page read: to add a page, add an entry here and a component file in the area folder.
 * Pages are loaded lazily, so each area (and ECharts with it) is its own chunk.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined,
  AppstoreOutlined,
  BellOutlined,
  FileDoneOutlined,
  FormOutlined,
  PartitionOutlined,
  ProfileOutlined,
  AuditOutlined,
  BarChartOutlined,
  BankOutlined,
  CalendarOutlined,
  CreditCardOutlined,
  HistoryOutlined,
  KeyOutlined,
  QrcodeOutlined,
  SafetyCertificateOutlined,
  ScanOutlined,
  ShopOutlined,
  CloudServerOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  EyeOutlined,
  FieldTimeOutlined,
  FileSearchOutlined,
  IdcardOutlined,
  LockOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { AreaKey } from '../api/types.ts';
import type { MessageKey } from '../i18n/index.tsx';

export interface AreaPage {
  /** URL segment under the area, also the menu key and part of the test id `menu-<area>-<key>`. */
  key: string;
  title: MessageKey;
  icon: ReactNode;
  component: LazyExoticComponent<ComponentType>;
  /**
   * The permission (from `session.account.permissions`) the page's API needs. Pages whose
   * permission the account lacks are left out of the menu and answer with a 403 result.
   */
  permission?: string;
  /** Routed but not in the menu (pages reached by links, e.g. `apply`, `cases/:id`). */
  hidden?: boolean;
}

export interface AreaDefinition {
  key: AreaKey;
  name: MessageKey;
  description: MessageKey;
  icon: ReactNode;
  pages: AreaPage[];
}

export const AREAS: AreaDefinition[] = [
  {
    key: 'portal',
    name: 'area.portal.name',
    description: 'area.portal.desc',
    icon: <IdcardOutlined />,
    pages: [
      {
        key: 'profile',
        title: 'portal.profile.title',
        icon: <UserOutlined />,
        component: lazy(() => import('./portal/ProfilePage.tsx')),
      },
      {
        key: 'security',
        title: 'portal.security.title',
        icon: <LockOutlined />,
        component: lazy(() => import('./portal/SecurityPage.tsx')),
      },
      {
        key: 'data-access',
        title: 'portal.dataAccess.title',
        icon: <EyeOutlined />,
        component: lazy(() => import('./portal/DataAccessPage.tsx')),
      },
      {
        key: 'code',
        title: 'code.title',
        icon: <QrcodeOutlined />,
        component: lazy(() => import('./portal/CodePage.tsx')),
      },
      {
        key: 'scans',
        title: 'scans.title',
        icon: <HistoryOutlined />,
        component: lazy(() => import('./portal/ScansPage.tsx')),
      },
      {
        key: 'cards',
        title: 'cards.title',
        icon: <CreditCardOutlined />,
        component: lazy(() => import('./portal/CardsPage.tsx')),
      },
      {
        key: 'organisations',
        title: 'org.title',
        icon: <ShopOutlined />,
        component: lazy(() => import('./portal/OrganisationsPage.tsx')),
      },
      {
        key: 'services',
        title: 'catalog.services.title',
        icon: <AppstoreOutlined />,
        component: lazy(() => import('./portal/ServicesPage.tsx')),
      },
      {
        key: 'cases',
        permission: 'cases.apply',
        title: 'myCases.title',
        icon: <FileDoneOutlined />,
        component: lazy(() => import('./portal/MyCasesPage.tsx')),
      },
      {
        key: 'notifications',
        title: 'notifications.title',
        icon: <BellOutlined />,
        component: lazy(() => import('./portal/NotificationsPage.tsx')),
      },
      // Reached by links (服务事项 → 在线办理, 我的办件 → 查看), not from the menu.
      {
        key: 'apply',
        permission: 'cases.apply',
        title: 'apply.title',
        icon: <FormOutlined />,
        hidden: true,
        component: lazy(() => import('./portal/ApplyPage.tsx')),
      },
      {
        key: 'cases/:id',
        permission: 'cases.apply',
        title: 'caseDetail.title',
        icon: <FileDoneOutlined />,
        hidden: true,
        component: lazy(() => import('./portal/CaseDetailPage.tsx')),
      },
    ],
  },
  {
    key: 'workbench',
    name: 'area.workbench.name',
    description: 'area.workbench.desc',
    icon: <AuditOutlined />,
    pages: [
      {
        key: 'scope',
        title: 'workbench.scope.title',
        icon: <ApartmentOutlined />,
        component: lazy(() => import('./workbench/ScopePage.tsx')),
      },
      {
        key: 'deadline',
        permission: 'calendar.read',
        title: 'workbench.deadline.title',
        icon: <FieldTimeOutlined />,
        component: lazy(() => import('./workbench/DeadlinePage.tsx')),
      },
      {
        key: 'calendar',
        permission: 'calendar.read',
        title: 'workbench.calendar.title',
        icon: <CalendarOutlined />,
        component: lazy(() => import('./workbench/CalendarPage.tsx')),
      },
      {
        key: 'verification',
        permission: 'identity.verify',
        title: 'queue.title',
        icon: <SafetyCertificateOutlined />,
        component: lazy(() => import('./workbench/VerificationQueuePage.tsx')),
      },
      {
        key: 'scan',
        permission: 'service-code.scan',
        title: 'scan.title',
        icon: <ScanOutlined />,
        component: lazy(() => import('./workbench/ScanPage.tsx')),
      },
      {
        key: 'cases',
        permission: 'cases.read',
        title: 'wbCases.queue.title',
        icon: <ProfileOutlined />,
        component: lazy(() => import('./workbench/CaseQueuePage.tsx')),
      },
      {
        key: 'intake',
        permission: 'cases.intake',
        title: 'wbCases.intake.title',
        icon: <ShopOutlined />,
        component: lazy(() => import('./workbench/CounterIntakePage.tsx')),
      },
      {
        key: 'rectifications',
        permission: 'ratings.rectify',
        title: 'ratings.rect.title',
        icon: <AuditOutlined />,
        component: lazy(() => import('./workbench/RectificationsPage.tsx')),
      },
      // Reached from the queue (办件队列 → 办件编号), not from the menu.
      {
        key: 'cases/:id',
        permission: 'cases.read',
        title: 'wbCases.detail.title',
        icon: <FileDoneOutlined />,
        hidden: true,
        component: lazy(() => import('./workbench/CaseWorkPage.tsx')),
      },
    ],
  },
  {
    key: 'console',
    name: 'area.console.name',
    description: 'area.console.desc',
    icon: <SettingOutlined />,
    pages: [
      {
        key: 'accounts',
        permission: 'accounts.read',
        title: 'console.accounts.title',
        icon: <TeamOutlined />,
        component: lazy(() => import('./console/AccountsPage.tsx')),
      },
      {
        key: 'holidays',
        permission: 'calendar.read',
        title: 'console.holidays.title',
        icon: <ScheduleOutlined />,
        component: lazy(() => import('./console/HolidaysPage.tsx')),
      },
      {
        key: 'audit',
        permission: 'audit.read',
        title: 'console.audit.title',
        icon: <FileSearchOutlined />,
        component: lazy(() => import('./console/AuditPage.tsx')),
      },
      {
        key: 'status',
        permission: 'system.read',
        title: 'console.status.title',
        icon: <CloudServerOutlined />,
        component: lazy(() => import('./console/StatusPage.tsx')),
      },
      {
        key: 'sso-clients',
        permission: 'sso.clients.manage',
        title: 'sso.title',
        icon: <KeyOutlined />,
        component: lazy(() => import('./console/SsoClientsPage.tsx')),
      },
      {
        key: 'scanners',
        permission: 'service-code.scanners.manage',
        title: 'scanners.title',
        icon: <ScanOutlined />,
        component: lazy(() => import('./console/ScannersPage.tsx')),
      },
      {
        key: 'catalog',
        permission: 'catalog.manage',
        title: 'catalog.admin.title',
        icon: <ProfileOutlined />,
        component: lazy(() => import('./console/CatalogPage.tsx')),
      },
      {
        key: 'bundles',
        permission: 'catalog.manage',
        title: 'catalog.bundles.title',
        icon: <PartitionOutlined />,
        component: lazy(() => import('./console/BundlesPage.tsx')),
      },
      {
        key: 'rating-settings',
        permission: 'ratings.reasons.manage',
        title: 'ratings.settings.title',
        icon: <SettingOutlined />,
        component: lazy(() => import('./console/RatingSettingsPage.tsx')),
      },
    ],
  },
  {
    key: 'data',
    name: 'area.data.name',
    description: 'area.data.desc',
    icon: <DatabaseOutlined />,
    pages: [
      {
        key: 'regions',
        permission: 'directory.read',
        title: 'data.regions.title',
        icon: <EnvironmentOutlined />,
        component: lazy(() => import('./data/RegionsPage.tsx')),
      },
      {
        key: 'departments',
        permission: 'directory.read',
        title: 'data.departments.title',
        icon: <BankOutlined />,
        component: lazy(() => import('./data/DepartmentsPage.tsx')),
      },
    ],
  },
  {
    key: 'ops',
    name: 'area.ops.name',
    description: 'area.ops.desc',
    icon: <DashboardOutlined />,
    pages: [
      {
        key: 'overview',
        permission: 'stats.read',
        title: 'ops.overview.title',
        icon: <BarChartOutlined />,
        component: lazy(() => import('./ops/OverviewPage.tsx')),
      },
      {
        key: 'service-stats',
        permission: 'stats.read',
        title: 'ratings.stats.title',
        icon: <BarChartOutlined />,
        component: lazy(() => import('./ops/StatsPage.tsx')),
      },
    ],
  },
];

/** The pages of an area that the account may open, in menu order. */
export function visiblePages(area: AreaDefinition, permissions: readonly string[]): AreaPage[] {
  return area.pages.filter(
    (page) => !page.hidden && (!page.permission || permissions.includes(page.permission)),
  );
}
