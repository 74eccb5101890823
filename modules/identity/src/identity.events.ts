/** Events the identity module publishes (outbox topics and payloads). */
export const IDENTITY_EVENTS = {
  /** Every browser session of the account ended (logout, password change, disabling). */
  sessionEnded: 'identity.session_ended',
} as const;

export type SessionEndedPayload = { accountId: string; reason: 'logout' | 'password_changed' | 'disabled' };
