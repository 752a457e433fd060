import { recordDecision, type EscalationPacket } from '#commons/tickets-store';
import { stepHandler } from '#commons/middleware';
import type { DecidedState } from '#commons/workflow-state';

export const handler = stepHandler<DecidedState, { result: 'RECORDED' | 'ALREADY_RECORDED' }>(async (state) => {
  const { ticket, identify, records, triage } = state;
  const { decision, escalationId, reply, suggestedReply } = triage;
  const packet: EscalationPacket | null = escalationId
    ? {
        escalationId,
        status: 'OPEN',
        createdAt: new Date().toISOString(),
        ticketId: ticket.ticketId,
        ticket,
        diagnosis: decision.diagnosis,
        findings: decision.findings,
        reasons: decision.reasons,
        merchantId: decision.merchantId,
        terminalId: decision.terminalId,
        recordsRead: { identify: identify ?? null, records: records ?? null },
        suggestedReply,
        acknowledgement: { to: reply.to, subject: reply.subject },
      }
    : null;
  return { result: await recordDecision(decision, ticket.ticketId, packet) };
});
