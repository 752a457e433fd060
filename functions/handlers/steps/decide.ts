import { recordsMaxAgeMsFromEnv, systemClock } from '#adapters/lambda/env';
import { stepHandler } from '#adapters/lambda/middleware';
import { TriagePermanentError } from '#domain/errors';
import { escalationIdFor } from '#domain/escalation';
import { composeReply, composeSuggestedReply } from '#domain/replies/compose';
import { decide } from '#domain/triage/decide';
import type { Identification, Merchant, RecordsRead } from '#domain/triage/types';
import type { TriageResult, WorkflowState } from '#handlers/steps/state';

const knownMerchant = (identification: Identification): Merchant | null =>
  identification.kind === 'NEEDS_INFO' ? identification.merchant : (identification.senderMerchants[0] ?? null);

const maxAgeMs = recordsMaxAgeMsFromEnv();

/** The playbook's decision and the reply it implies, the records' age judged at the time it runs. No I/O. */
export const handler = stepHandler<WorkflowState, TriageResult>(async ({ ticket, identify, records }) => {
  if (!identify) throw new TriagePermanentError('Decide ran before Identify terminal');
  const { identification } = identify;
  const recordsRead: RecordsRead | null =
    identification.kind === 'TERMINAL' && records ? { terminal: identification.terminal, ...records } : null;
  const freshness = { at: systemClock.now().toISOString(), maxAgeMs };
  const decision = decide({ ticket, identification, records: recordsRead, freshness });
  const escalationId = decision.outcome === 'ESCALATED' ? escalationIdFor(ticket.ticketId) : null;
  const merchant = recordsRead?.merchant ?? knownMerchant(identification);
  const choices = identification.kind === 'NEEDS_INFO' ? identification.choices : undefined;
  const input = { ticket, decision, records: recordsRead, merchant, escalationId, choices };
  return { decision, reply: composeReply(input), suggestedReply: composeSuggestedReply(input) };
});
