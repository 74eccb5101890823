/** The notifications module: the in-app inbox of every account, with an SMS copy by the pluggable sender. */
export {
  createNotificationsModule,
  NOTIFICATION_EVENTS,
  type Notify,
  type NotificationInput,
  type NotificationsModule,
} from './notifications.module.ts';
export { notificationsMigrations } from '../migrations/index.ts';
