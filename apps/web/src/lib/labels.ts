import type { MessageKey } from '../i18n/index.tsx';
import type { CardDomain, ScannerProfile } from '../api/identityTypes.ts';

export const PROFILE_LABELS: Record<ScannerProfile, MessageKey> = {
  gate: 'profile.gate',
  counter: 'profile.counter',
  medical: 'profile.medical',
  transport: 'profile.transport',
  'social-security': 'profile.social-security',
};

export const CARD_LABELS: Record<CardDomain, MessageKey> = {
  'social-security': 'card.social-security',
  medical: 'card.medical',
  transport: 'card.transport',
};

export const SCAN_OUTCOMES: Record<string, MessageKey> = {
  accepted: 'scanOutcome.accepted',
  replayed: 'scanOutcome.replayed',
  expired: 'scanOutcome.expired',
  not_yet_valid: 'scanOutcome.not_yet_valid',
  bad_signature: 'scanOutcome.bad_signature',
  unknown_key: 'scanOutcome.unknown_key',
  malformed: 'scanOutcome.malformed',
  truncated: 'scanOutcome.malformed',
  unsupported_version: 'scanOutcome.malformed',
  foreign: 'scanOutcome.foreign',
  out_of_scope: 'scanOutcome.out_of_scope',
  holder_unavailable: 'scanOutcome.holder_unavailable',
  card_not_linked: 'scanOutcome.card_not_linked',
};
