import { deliverReply, escalateUndelivered, repeatKeyOf, type DeliverDeps } from '#use-cases/deliver-reply';
import { StartError, type TicketRecord, type WorkflowStarter } from '#use-cases/ports';
import { recordFailure } from '#use-cases/record-failure';
import { after } from '#use-cases/timing';

export interface ReconcileDeps extends DeliverDeps {
  workflow: WorkflowStarter;
}

export interface ReconcileReport {
  examined: number;
  redriven: number;
  replied: number;
  escalated: number;
  settled: number;
  errors: number;
}

type Action = keyof Omit<ReconcileReport, 'examined' | 'errors'>;

async function driveOn(deps: ReconcileDeps, record: TicketRecord): Promise<Action> {
  const now = deps.clock.now();
  if (record.status === 'PROCESSING') {
    if ((record.runs ?? 1) >= deps.timing.maxRuns) {
      await recordFailure(deps, {
        ticketId: record.ticketId,
        runId: record.runId ?? 'reconciler',
        error: { Error: 'RunNeverFinished', Cause: `no decision after ${record.runs ?? 1} workflow runs` },
        recordsRead: {},
        decision: null,
        draft: null,
      });
      return 'escalated';
    }
    const runId = deps.newId();
    const won = await deps.tickets.redrive(record.ticketId, {
      fromRunId: record.runId,
      runId,
      watchAt: after(now, deps.timing.decideWithinMs),
    });
    if (!won) return 'settled';
    try {
      await deps.workflow.start({ ticket: record.ticket, runId, trigger: { evidence: record.triggerEvidence } });
    } catch (error) {
      if (!(error instanceof StartError)) throw error;
      // Still watched: the next pass sees it again once the new watch time has passed.
    }
    return 'redriven';
  }
  const email = record.reply;
  if (record.emailStatus === 'SENT' || !email) {
    await deps.tickets.markReplySent(record.ticketId, {
      messageId: record.emailMessageId ?? '',
      at: now,
      autoResolvedTerminalId: repeatKeyOf(record),
    });
    return 'settled';
  }
  if (record.emailStatus === 'SENDING') {
    await escalateUndelivered(deps, {
      record,
      email,
      reason: 'UNKNOWN',
      detail: `the send was claimed at ${new Date(record.emailClaim?.at ?? 0).toISOString()} and never reported back`,
    });
    return 'escalated';
  }
  const delivered = await deliverReply(deps, { ticketId: record.ticketId, runId: record.runId ?? 'reconciler', email });
  return delivered.result === 'NOT_DELIVERED' ? 'escalated' : 'replied';
}

/**
 * The scheduled sweep: every ticket whose watch time has passed is driven on (its run
 * re-driven, its reply sent) or escalated, so an accepted ticket always reaches a final state.
 */
export async function reconcile(deps: ReconcileDeps, limit = 50): Promise<ReconcileReport> {
  const report: ReconcileReport = { examined: 0, redriven: 0, replied: 0, escalated: 0, settled: 0, errors: 0 };
  for (const record of await deps.tickets.due(deps.clock.now(), limit)) {
    report.examined++;
    try {
      report[await driveOn(deps, record)]++;
    } catch {
      report.errors++;
    }
  }
  return report;
}
