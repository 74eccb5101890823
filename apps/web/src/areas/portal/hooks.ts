import { apiUrl, useCursorList, useQuery } from '../../api/hooks.ts';
import type { DataAccessItem, Profile, SessionItem } from '../../api/types.ts';

export const useProfile = () => useQuery<Profile>(apiUrl('/me/profile'));

export const useMySessions = () => useQuery<{ items: SessionItem[] }>(apiUrl('/me/sessions'));

export const useMyDataAccess = () => useCursorList<DataAccessItem>('/me/data-access');
