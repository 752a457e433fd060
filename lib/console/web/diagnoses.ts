import { MAIL_NOT_READ, PROCESSING_ERROR, REPLY_NOT_DELIVERED } from '#domain/escalation';
import { ESCALATION_FINDINGS } from '#domain/triage/types';

/** Every diagnosis an escalation can carry, in the playbook's priority order, for the queue's filter. */
export const ESCALATION_DIAGNOSES: readonly string[] = [
  ...ESCALATION_FINDINGS,
  'TERMINAL_NOT_FOUND',
  'MERCHANT_NOT_FOUND',
  PROCESSING_ERROR,
  REPLY_NOT_DELIVERED,
  MAIL_NOT_READ,
];
