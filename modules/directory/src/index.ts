/** The directory module: departments and administrative divisions. */
export {
  createDirectoryModule,
  type DirectoryApi,
  type DirectoryModule,
  type DepartmentInfo,
} from './directory.module.ts';
export { directoryMigrations } from '../migrations/index.ts';
