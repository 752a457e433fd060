import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '#lib/local/corpus';
import { faultRun, type FaultRunReport } from '#lib/local/fault-run';
import { DEFAULT_FAULTS } from '#lib/local/faults';

const TICKETS = Number(process.env.FAULT_TICKETS ?? 500);
const SEED = Number(process.env.FAULT_SEED ?? 20261125);
let report: FaultRunReport;

beforeAll(async () => {
  const { tickets, merchantOf, ...records } = generateCorpus({
    merchants: Math.ceil(TICKETS / 2),
    tickets: TICKETS,
    seed: SEED,
  });
  report = await faultRun({
    records,
    tickets,
    laneOf: (t) => merchantOf[t.ticketId] ?? t.ticketId,
    lanes: 6,
    faults: { ...DEFAULT_FAULTS, rate: 0.2, seed: SEED },
    progress: (m) => process.stderr.write(`faults: ${m}\n`),
  });
}, 20 * 60_000);

afterAll(() => {
  if (!report) return;
  const injected = Object.entries(report.injected)
    .map(
      ([target, kinds]) =>
        `${target} ${Object.entries(kinds)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
    )
    .join('; ');
  process.stdout.write(
    [
      '',
      `fault run: ${report.tickets} tickets, ${report.accepted} accepted, ${report.final} final`,
      `  faults injected: ${report.injectedTotal} (${injected})`,
      `  lost ${report.lost.length}, duplicate emails ${report.duplicateEmails.length}, stuck ${report.stuck.length}, replies silently missing ${report.silentlyUnreplied.length}`,
      `  escalated because of a fault: ${JSON.stringify(report.forcedEscalations)}; follow-on REPEAT_CONTACT differences ${report.followOnDifferences.length}; unexplained ${report.unexplained.length}`,
      `  ${report.seconds.baseline.toFixed(0)} s fault-free, ${report.seconds.faulted.toFixed(0)} s with faults`,
      '',
    ].join('\n'),
  );
});

describe(`${TICKETS} generated tickets at 20 % faults`, () => {
  it('injects every kind of fault into every target', () => {
    for (const kinds of Object.values(report.injected)) {
      expect(Object.values(kinds).every((n) => n > 0)).toBe(true);
    }
  });

  it('accepts every ticket a retrying helpdesk delivers', () => {
    expect(report.notAccepted).toEqual([]);
    expect(report.accepted).toBe(report.tickets);
  });

  it('brings every accepted ticket to a final state', () => {
    expect(report.stuck).toEqual([]);
    expect(report.final).toBe(report.accepted);
  });

  it('loses no ticket', () => {
    expect(report.lost).toEqual([]);
  });

  it('sends no reply twice', () => {
    expect(report.duplicateEmails).toEqual([]);
  });

  it('never drops a reply in silence: it goes out or waits in the queue', () => {
    expect(report.silentlyUnreplied).toEqual([]);
  });

  it('decides as the fault-free run did, except where a fault forced an escalation that says so', () => {
    expect(report.unexplained).toEqual([]);
  });
});
