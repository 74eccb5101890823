import { createContext, useContext } from 'react';

export type KioskNotice = 'timedOut' | 'signedOut' | 'expired' | 'signedIn';

export interface KioskValue {
  /** Whether a resident is signed in on this terminal. */
  signedIn: boolean;
  displayName: string | null;
  /** Signs out (if signed in), clears everything entered and returns to the kiosk home. */
  endVisit: (notice: KioskNotice) => Promise<void>;
}

export const KioskContext = createContext<KioskValue | null>(null);

export function useKiosk(): KioskValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk must be used inside the kiosk shell');
  return value;
}

/** Where the kiosk lives; every kiosk path starts here. */
export const KIOSK_BASE = '/kiosk';
