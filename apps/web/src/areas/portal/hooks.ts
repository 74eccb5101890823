import type { Authorisation, LinkedCard, VerificationRequest } from '../../api/identityTypes.ts';
import { apiUrl, useCursorList, useQuery } from '../../api/hooks.ts';
import type { DataAccessItem, Profile, SessionItem } from '../../api/types.ts';

export const useProfile = () => useQuery<Profile>(apiUrl('/me/profile'));

export const useMySessions = () => useQuery<{ items: SessionItem[] }>(apiUrl('/me/sessions'));

export const useMyDataAccess = () => useCursorList<DataAccessItem>('/me/data-access');

export const useMyOrganisations = () => useQuery<{ items: Authorisation[] }>(apiUrl('/me/organisations'));

export const useAgents = (organisationId: string | null) =>
  useQuery<{ items: Authorisation[] }>(
    organisationId ? apiUrl(`/organisations/${encodeURIComponent(organisationId)}/agents`) : null,
  );

export const useMyCards = () => useQuery<{ items: LinkedCard[] }>(apiUrl('/service-code/me/cards'));

export const useMyVerification = () => useQuery<{ items: VerificationRequest[] }>(apiUrl('/me/verification'));
