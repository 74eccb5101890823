import type { AnyDb } from '@sufu/kernel';
import { createCasesService, type CasesDeps } from './cases.service.ts';
import { createHandling } from './handling.ts';
import { createViews } from './views.ts';
import { casesRoutes } from './routes.ts';

/**
 * 一网通办 applications: drafts, the two exemptions, idempotent submission, department
 * handling in working days, bundles, counter intake and the applicant's own view.
 */
export function createCasesModule(deps: CasesDeps) {
  const service = createCasesService(deps);
  const handling = createHandling(service);
  const views = createViews(service, handling);
  let timer: NodeJS.Timeout | undefined;
  return {
    service,
    handling,
    views,
    routes: casesRoutes(service, handling, views),
    /** Escalates overdue cases now and then every `intervalMs` (worker processes). */
    startTimers(intervalMs = 10 * 60_000, onError: (e: unknown) => void = () => undefined) {
      const tick = () => void handling.escalateOverdue().catch(onError);
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stopTimers() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

export type CasesModule = ReturnType<typeof createCasesModule>;
export type { AnyDb };
