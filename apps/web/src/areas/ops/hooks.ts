import { apiUrl, useQuery } from '../../api/hooks.ts';
import type { StatsOverview } from '../../api/types.ts';

export const useStatsOverview = () => useQuery<StatsOverview>(apiUrl('/stats/overview'));
