import type { FastifyRequest } from 'fastify';
import { CommonErrors } from '../errors/errors.ts';

/**
 * Fixed-window request counting per client IP, globally and per route (a route opts in
 * with `config: { rateLimit: { max, timeWindow } }`). Counters live in this process: with
 * several server processes each counts its own share, which is the documented trade-off
 * until a shared store is needed. Cheap on purpose: one map lookup per request.
 */
export type RouteRateLimit = { max: number; timeWindow: number };

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RouteRateLimit;
  }
}

type Window = { count: number; resetAt: number };

export function createRateLimiter(globalMax: number, globalWindowMs = 60_000) {
  const windows = new Map<string, Window>();
  let lastSweep = Date.now();

  function hit(key: string, max: number, windowMs: number, now: number) {
    let w = windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      windows.set(key, w);
    }
    w.count++;
    if (w.count > max)
      throw CommonErrors.rateLimited({
        headers: { 'retry-after': String(Math.max(1, Math.ceil((w.resetAt - now) / 1000))) },
      });
  }

  return function check(req: FastifyRequest) {
    const now = Date.now();
    if (now - lastSweep > globalWindowMs) {
      lastSweep = now;
      for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
    }
    const ip = req.ip ?? 'unknown';
    hit(ip, globalMax, globalWindowMs, now);
    const route = req.routeOptions.config?.rateLimit;
    if (route) hit(`${ip}\u0000${req.routeOptions.url ?? req.url}`, route.max, route.timeWindow, now);
  };
}
