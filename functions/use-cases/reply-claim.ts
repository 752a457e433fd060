import type { ClaimResult, TicketRecord } from '#use-cases/ports';

/**
 * What a claim on a ticket's reply finds when the ticket is not free to claim, from the ticket
 * as stored: sent, escalated, held by a live run, or held by an attempt that never reported
 * back (the same run, or a claim older than `staleBefore`), whose send may have gone out.
 */
export function classifyClaim(
  stored: TicketRecord | null,
  claim: { runId: string; token: string; staleBefore: Date },
): ClaimResult {
  if (!stored || stored.status !== 'DECIDED') return { kind: 'NOT_DECIDED' };
  switch (stored.emailStatus) {
    case 'SENT':
      return { kind: 'ALREADY_SENT' };
    case 'FAILED':
    case 'UNKNOWN':
      return { kind: 'ALREADY_ESCALATED' };
    default: {
      const held = stored.emailClaim;
      if (held?.token === claim.token && stored.reply) return { kind: 'CLAIMED', record: stored };
      if (!held || held.runId === claim.runId || held.at < claim.staleBefore.getTime())
        return { kind: 'FATE_UNKNOWN', token: held?.token ?? '', record: stored };
      return { kind: 'IN_FLIGHT', claimedAt: new Date(held.at) };
    }
  }
}
