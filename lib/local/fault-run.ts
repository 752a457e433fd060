import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { PROJECT_ROOT } from '#lib/project';

import { PROCESSING_ERROR, REPLY_NOT_DELIVERED } from '#domain/escalation';
import type { Records, Ticket } from '#domain/triage/types';
import { isFinal, type TicketRecord } from '#use-cases/ports';
import type { FaultCounts, FaultPlan } from './faults.ts';
import { deliver, type ReplayResult } from './replay.ts';
import { startLocalStack, type LocalStack } from './stack.ts';
import { refField } from '#adapters/dynamodb/content';

/**
 * Replays one corpus twice, without faults and with them, and compares: what a fault may
 * change is only that a ticket is escalated because of it, and the escalation says so.
 */
import { emailsPerTicket, stillWatched, stored } from './fault-checks.ts';

export interface FaultRunOptions {
  records: Records;
  tickets: Ticket[];
  faults: FaultPlan;
  /**
   * Tickets with the same lane are delivered one after another, in order; lanes run side by
   * side. Tickets that may share history (REPEAT_CONTACT) must share a lane.
   */
  laneOf?: (ticket: Ticket) => string;
  lanes?: number;
  progress?: (message: string) => void;
}

export interface Difference {
  ticketId: string;
  expected: string;
  got: string;
}

export interface FaultRunReport {
  tickets: number;
  accepted: number;
  /** Tickets the intake never accepted, however often delivered, with its last answer. */
  notAccepted: Array<{ ticketId: string; error: string }>;
  /** Accepted tickets that reached a final state. */
  final: number;
  stuck: string[];
  /** Accepted tickets that have no record, or no decision. */
  lost: string[];
  /** Tickets that got more than one email. */
  duplicateEmails: string[];
  /** Tickets whose reply went neither out nor to the human queue. */
  silentlyUnreplied: string[];
  injected: FaultCounts;
  injectedTotal: number;
  /** Tickets a fault sent to the human queue, by the diagnosis it gave them. */
  forcedEscalations: Record<string, number>;
  /** Decisions that differ from the fault-free run only in REPEAT_CONTACT, on a terminal where a fault changed an earlier ticket. */
  followOnDifferences: Difference[];
  unexplained: Difference[];
  seconds: { baseline: number; faulted: number };
}

const signature = (r: { outcome?: string | null; diagnosis?: string | null; findings?: readonly string[] | null }) =>
  `${r.outcome}/${r.diagnosis ?? '-'}/${(r.findings ?? []).join('+')}`;

async function replayInLanes(stack: LocalStack, options: FaultRunOptions, progress: (m: string) => void) {
  const { tickets } = options;
  const laneOf = options.laneOf ?? (() => 'one');
  const count = options.lanes ?? 1;
  const lanes = Array.from({ length: count }, () => [] as Ticket[]);
  const assigned = new Map<string, number>();
  for (const ticket of tickets) {
    const key = laneOf(ticket);
    if (!assigned.has(key)) assigned.set(key, assigned.size % count);
    lanes[assigned.get(key) ?? 0]?.push(ticket);
  }
  progress(`run with faults of ${tickets.length} tickets in ${count} lanes`);
  const results = new Map<string, ReplayResult>();
  await Promise.all(
    lanes.map(async (lane) => {
      for (const ticket of lane) {
        results.set(
          ticket.ticketId,
          await deliver(stack, JSON.stringify(ticket), { attempts: 30, finalWithinMs: 60_000 }),
        );
        if (results.size % 100 === 0) progress(`run with faults: ${results.size}/${tickets.length}`);
      }
    }),
  );
  return results;
}

/**
 * The fault-free run, through the replay command in its own process: the handlers' SDK
 * clients are built once per process, so one process serves one local stack.
 */
function replayInChild(records: Records, tickets: Ticket[]): Map<string, ReplayResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'code97-faults-'));
  try {
    const recordsFile = path.join(dir, 'records.json');
    const ticketsFile = path.join(dir, 'tickets.jsonl');
    writeFileSync(recordsFile, JSON.stringify(records));
    writeFileSync(ticketsFile, tickets.map((t) => JSON.stringify(t)).join('\n'));
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(PROJECT_ROOT, 'bin', 'replay.ts'),
        '--records',
        recordsFile,
        '--tickets',
        ticketsFile,
      ],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    if (run.status !== 0) throw new Error(`the fault-free replay failed (${run.status}): ${run.stderr.slice(-2_000)}`);
    const lines = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ReplayResult);
    return new Map(lines.map((r) => [String(r.ticketId), r]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function faultRun(options: FaultRunOptions): Promise<FaultRunReport> {
  const progress = options.progress ?? (() => undefined);
  const { records, tickets } = options;

  let started = Date.now();
  progress(`fault-free run of ${tickets.length} tickets (npm run replay in a child process)`);
  const baseline = replayInChild(records, tickets);
  const baselineMail = new Map([...baseline].map(([id, r]) => [id, r.emails.length]));
  const baselineSeconds = (Date.now() - started) / 1000;

  started = Date.now();
  const stack = await startLocalStack({
    records,
    faults: options.faults,
    // Short deadlines so a stuck ticket is picked up within two seconds, yet above what most runs
    // take here even through a string of injected faults. As on AWS (5 and 3 minutes), the time
    // to decide covers a run and its send; a slower run meets the reconciler while still alive,
    // which the run IDs and the reply's claim are there for.
    timing: { decideWithinMs: 1_600, sendWithinMs: 800 },
    scheduleEveryMs: 100,
  });
  try {
    const results = await replayInLanes(stack, options, progress);
    for (let waited = 0; (await stillWatched(stack)) > 0 && waited < 60_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const mail = await emailsPerTicket(
      stack,
      tickets.map((t) => t.ticketId),
    );
    const report: FaultRunReport = {
      tickets: tickets.length,
      accepted: 0,
      notAccepted: [],
      final: 0,
      stuck: [],
      lost: [],
      duplicateEmails: [],
      silentlyUnreplied: [],
      injected: stack.faults?.counts ?? ({} as FaultCounts),
      injectedTotal: stack.faults?.total ?? 0,
      forcedEscalations: {},
      followOnDifferences: [],
      unexplained: [],
      seconds: { baseline: baselineSeconds, faulted: 0 },
    };
    const forcedTerminals = new Set<string>();
    for (const ticket of tickets) {
      const { ticketId } = ticket;
      const result = results.get(ticketId);
      if (!result || result.outcome === 'REJECTED') {
        report.notAccepted.push({ ticketId, error: result?.error ?? 'no answer' });
        continue;
      }
      report.accepted++;
      const item = (await stored(stack, 'tickets', { ticketId })) as TicketRecord | undefined;
      if (!item || !item.outcome) {
        report.lost.push(ticketId);
        continue;
      }
      if (isFinal(item)) report.final++;
      else report.stuck.push(ticketId);
      if ((mail.get(ticketId) ?? 0) > 1) report.duplicateEmails.push(ticketId);

      const escalation = item.escalationId
        ? await stored(stack, 'escalations', { escalationId: item.escalationId })
        : undefined;
      // Read as stored (past the injected faults): the undelivered reply is content, the item holds its reference.
      const faultNoted = Boolean(escalation?.processingError || escalation?.[refField('undeliveredReply')]);
      if ((baselineMail.get(ticketId) ?? 0) > 0 && (mail.get(ticketId) ?? 0) === 0 && !faultNoted)
        report.silentlyUnreplied.push(ticketId);

      const expected = baseline.get(ticketId);
      const want = expected ? signature(expected) : '(none)';
      const got = signature(item);
      if (want === got) continue;
      if ((item.diagnosis === PROCESSING_ERROR || item.diagnosis === REPLY_NOT_DELIVERED) && faultNoted) {
        report.forcedEscalations[item.diagnosis] = (report.forcedEscalations[item.diagnosis] ?? 0) + 1;
        if (expected?.terminalId) forcedTerminals.add(expected.terminalId);
        continue;
      }
      // History differs on a terminal once a fault changed an earlier ticket there: REPEAT_CONTACT
      // may come or go (and SIGN_IN_REQUIRED with it, which stands only when nothing else does);
      // nothing else may change.
      const withoutRepeat = (findings: readonly string[] | null | undefined) =>
        (findings ?? []).filter((f) => f !== 'REPEAT_CONTACT' && f !== 'SIGN_IN_REQUIRED').join('+');
      const onlyRepeat = expected !== undefined && withoutRepeat(expected.findings) === withoutRepeat(item.findings);
      if (onlyRepeat && expected?.terminalId && forcedTerminals.has(expected.terminalId)) {
        report.followOnDifferences.push({ ticketId, expected: want, got });
      } else {
        report.unexplained.push({ ticketId, expected: want, got });
      }
    }
    report.seconds.faulted = (Date.now() - started) / 1000;
    return report;
  } finally {
    await stack.stop();
  }
}
