import { useCallback, useEffect, useRef, useState } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input', 'scroll'] as const;

/**
 * Inactivity on a shared screen. After `idleSeconds` without a touch, key or scroll, a
 * countdown of `countdownSeconds` starts (`secondsLeft` is then a number); while it runs,
 * only `stay()` cancels it, so the "sign out now" button stays clickable. At zero,
 * `onTimeout` runs once. `onActivity` hears every interaction (to keep the server session alive).
 */
export function useIdleTimer(opts: {
  active: boolean;
  idleSeconds: number;
  countdownSeconds: number;
  onTimeout: () => void;
  onActivity?: () => void;
}): { secondsLeft: number | null; stay: () => void } {
  const { active, idleSeconds, countdownSeconds } = opts;
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const last = useRef(Date.now());
  const warning = useRef(false);
  const onTimeout = useRef(opts.onTimeout);
  const onActivity = useRef(opts.onActivity);
  onTimeout.current = opts.onTimeout;
  onActivity.current = opts.onActivity;

  useEffect(() => {
    const mark = () => {
      if (warning.current) return;
      last.current = Date.now();
      onActivity.current?.();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, mark, { capture: true, passive: true });
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, mark, { capture: true });
    };
  }, []);

  useEffect(() => {
    warning.current = false;
    setSecondsLeft(null);
    if (!active) return;
    last.current = Date.now();
    const timer = window.setInterval(() => {
      const elapsed = (Date.now() - last.current) / 1000;
      if (elapsed >= idleSeconds + countdownSeconds) {
        warning.current = false;
        last.current = Date.now();
        setSecondsLeft(null);
        onTimeout.current();
      } else if (elapsed >= idleSeconds) {
        warning.current = true;
        setSecondsLeft(Math.ceil(idleSeconds + countdownSeconds - elapsed));
      }
    }, 250);
    return () => window.clearInterval(timer);
  }, [active, idleSeconds, countdownSeconds]);

  const stay = useCallback(() => {
    warning.current = false;
    last.current = Date.now();
    setSecondsLeft(null);
  }, []);

  return { secondsLeft, stay };
}

const IDLE_KEY = 'sufu.kiosk.idle';
export const DEFAULT_IDLE_SECONDS = 120;
export const DEFAULT_COUNTDOWN_SECONDS = 15;

/**
 * The idle time: 120 s, or `?idle=<seconds>` (5–3600) on the kiosk URL — remembered for the
 * browser tab, for acceptance tests and for halls that want another value.
 */
export function readIdleSeconds(search: string): number {
  const fromUrl = Number(new URLSearchParams(search).get('idle'));
  try {
    if (Number.isInteger(fromUrl) && fromUrl >= 5 && fromUrl <= 3600) {
      sessionStorage.setItem(IDLE_KEY, String(fromUrl));
      return fromUrl;
    }
    const stored = Number(sessionStorage.getItem(IDLE_KEY));
    if (Number.isInteger(stored) && stored >= 5 && stored <= 3600) return stored;
  } catch {
    // Storage unavailable: the default.
  }
  return DEFAULT_IDLE_SECONDS;
}
