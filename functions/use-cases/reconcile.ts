import { deliverReply, repeatKeyOf, type DeliverDeps } from '#use-cases/deliver-reply';
import { DeliveryError, StartError, type TicketRecord, type WorkflowStarter } from '#use-cases/ports';
import { recordFailure } from '#use-cases/record-failure';
import { after, RECONCILER_RUN } from '#use-cases/timing';

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
  // The reconciler acts as a run of its own, so a live run's claim is never taken for its own.
  const runId = `${RECONCILER_RUN}${deps.newId()}`;
  if (record.status === 'PROCESSING') {
    if ((record.runs ?? 1) >= deps.timing.maxRuns) {
      const result = await recordFailure(deps, {
        ticketId: record.ticketId,
        runId,
        error: { Error: 'RunNeverFinished', Cause: `no decision after ${record.runs ?? 1} workflow runs` },
        recordsRead: {},
        decision: null,
        draft: null,
      });
      return result === 'ESCALATED' || result === 'REPLY_NOT_DELIVERED' ? 'escalated' : 'settled';
    }
    const nextRun = deps.newId();
    const won = await deps.tickets.redrive(record.ticketId, {
      fromRunId: record.runId,
      runId: nextRun,
      watchAt: after(now, deps.timing.decideWithinMs),
    });
    if (!won) return 'settled';
    try {
      await deps.workflow.start({
        ticket: record.ticket,
        runId: nextRun,
        trigger: { evidence: record.triggerEvidence },
        ...(record.thread ? { thread: record.thread } : {}),
      });
    } catch (error) {
      if (!(error instanceof StartError)) throw error;
      // Still watched: the next pass sees it again once the new watch time has passed.
    }
    return 'redriven';
  }
  const settle = async (): Promise<Action> => {
    await deps.tickets.markReplySent(record.ticketId, {
      messageId: record.emailMessageId ?? '',
      at: now,
      autoResolvedTerminalId: repeatKeyOf(record),
    });
    return 'settled';
  };
  if (record.emailStatus === 'SENT' || !record.reply) return settle();
  let delivered: Awaited<ReturnType<typeof deliverReply>>;
  try {
    delivered = await deliverReply(deps, { ticketId: record.ticketId, runId, email: record.reply });
  } catch (error) {
    // Surely not sent, again: tried once a send deadline, and past a few of them the reply goes to ops instead.
    if (!(error instanceof DeliveryError)) throw error;
    const decidedAt = Date.parse(record.decidedAt ?? record.createdAt);
    if (now.getTime() - decidedAt < deps.timing.maxRuns * deps.timing.sendWithinMs) {
      await deps.tickets.deferWatch(record.ticketId, after(now, deps.timing.sendWithinMs));
      throw error;
    }
    const result = await recordFailure(deps, {
      ticketId: record.ticketId,
      runId,
      error: { Error: error.name, Cause: error.message },
      recordsRead: {},
      decision: null,
      draft: record.reply,
    });
    return result === 'REPLY_NOT_DELIVERED' ? 'escalated' : 'settled';
  }
  switch (delivered.result) {
    case 'SENT':
      return 'replied';
    case 'ALREADY_SENT':
      return settle();
    case 'NOT_DELIVERED':
      return 'escalated';
    case 'IN_FLIGHT':
      // A live run is sending it: looked at again only once that run's claim would be stale.
      if (delivered.staleAt) await deps.tickets.deferWatch(record.ticketId, new Date(delivered.staleAt));
      return 'settled';
  }
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
