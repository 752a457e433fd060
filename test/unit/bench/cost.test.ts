import { describe, expect, it } from 'vitest';
import { costModel, PLATFORM_LOG_BYTES_PER_INVOCATION, PRICES } from '#lib/bench/cost';
import { gantt, GOALS, type BenchReport } from '#lib/bench/report';
import type { ExecutionStats } from '#lib/local/stepfunctions-local';
import type { UsageSnapshot } from '#lib/local/usage';

/** 1,000 triggered tickets that each took what the comments say. */
const usage: UsageSnapshot = {
  dynamodb: { requests: { GetItemCommand: 3000 }, readUnits: 3000, writeUnits: 20_000, unitsBy: {} },
  lambda: {
    Decide: { invocations: 1000, billedMs: 5000, memoryMb: 256 },
    Intake: { invocations: 1000, billedMs: 20_000, memoryMb: 512 },
  },
  emails: 1000,
  apiRequests: 1000,
  functionLogBytes: 1000 * 4096,
};
/** Both functions' log groups get Lambda's START, END and REPORT lines. */
const BOTH = new Set(['Decide', 'Intake']);
const sfn: ExecutionStats = {
  started: 1000,
  finished: 1000,
  transitions: 10_000,
  billedMs: 1000 * 200,
  logEvents: 30_000,
  logBytes: 1000 * 8192,
};

describe('cost model', () => {
  it('prices each thing a ticket consumed at the dated list prices', () => {
    const model = costModel(usage, sfn, 1000, { traced: true, platformLogged: BOTH });
    const line = (item: string) => model.lines.find((l) => l.item === item)?.usd ?? NaN;

    expect(line('SES')).toBeCloseTo(0.1, 10);
    expect(line('DynamoDB')).toBeCloseTo(3000 * 0.125e-6 + 20_000 * 0.625e-6, 10);
    expect(line('Lambda')).toBeCloseTo(2000 * 0.2e-6 + (5 * 0.25 + 20 * 0.5) * PRICES.lambda.perGbSecondArm64, 10);
    expect(line('HTTP API')).toBeCloseTo(0.001, 10);
    expect(line('X-Ray')).toBeCloseTo(1000 * 5e-6, 10);
    expect(line('Step Functions (Express)')).toBeCloseTo(
      1000 * 1e-6 + 200 * (64 / 1024) * PRICES.stepFunctions.expressPerGbSecond,
      10,
    );
    expect(line('Step Functions (Standard)')).toBeCloseTo(10 * 0.025, 10);
    const logBytes = 1000 * 4096 + 2000 * PLATFORM_LOG_BYTES_PER_INVOCATION + 1000 * 8192;
    expect(line('CloudWatch Logs')).toBeCloseTo((logBytes / 1024 ** 3) * 0.5, 10);
  });

  it('prices no traces when the functions and runs are not traced, and says what tracing would cost', () => {
    const model = costModel(usage, sfn, 1000, { traced: false, platformLogged: BOTH });
    const xray = model.lines.find((l) => l.item === 'X-Ray');

    expect(xray?.usd).toBe(0);
    expect(xray?.basis).toContain('$0.0050');
    expect(model.express).toBeCloseTo(
      costModel(usage, sfn, 1000, { traced: true, platformLogged: BOTH }).express - 1000 * 5e-6,
      10,
    );
  });

  it("counts Lambda's own log lines only for the functions whose system log level lets them through", () => {
    const quiet = costModel(usage, sfn, 1000, { traced: false, platformLogged: new Set(['Decide']) });
    const loud = costModel(usage, sfn, 1000, { traced: false, platformLogged: BOTH });

    expect((loud.perTicket.logBytes ?? 0) - (quiet.perTicket.logBytes ?? 0)).toBe(PLATFORM_LOG_BYTES_PER_INVOCATION);
  });

  it('carries the tickets that did not trigger on those that did', () => {
    const all = costModel(usage, sfn, 1000, { traced: true, platformLogged: BOTH });
    const half = costModel(usage, sfn, 500, { traced: true, platformLogged: BOTH });

    expect(half.express).toBeCloseTo(all.express * 2, 10);
    expect(all.standard - all.express).toBeCloseTo(
      0.25 - (all.lines.find((l) => l.item === 'Step Functions (Express)')?.usd ?? 0),
      10,
    );
  });
});

describe('bench report', () => {
  it("draws one execution's task states as a gantt from their own times", () => {
    const at = (ms: number) => 1_000_000 + ms;
    const chart = gantt({
      events: [
        { type: 'ExecutionStarted', timestamp: at(0) },
        { type: 'StateEntered', timestamp: at(2), state: { name: 'Identify terminal', type: 'Task' } },
        { type: 'StateExited', timestamp: at(40), state: { name: 'Identify terminal', type: 'Task' } },
        { type: 'StateEntered', timestamp: at(41), state: { name: 'Terminal identified?', type: 'Choice' } },
        { type: 'StateExited', timestamp: at(41), state: { name: 'Terminal identified?', type: 'Choice' } },
      ],
    });

    expect(chart.split('\n')).toContain('  Identify terminal : 2, 40');
    expect(chart).not.toContain('Terminal identified?');
  });

  it('holds the memory goal only when what is kept at the last checkpoint stays within 10 % of the first', () => {
    const memory = GOALS.find((g) => g.figure.startsWith('memory'));
    const kept = (rss: number[]) =>
      Object.fromEntries(rss.map((mb, i) => [String((i + 1) * 1000), { rss: mb, heap: 60 }]));
    const report = (retained: number[]) =>
      ({ peakRssMb: { 1000: 500, 10000: 600 }, retainedMb: kept(retained) }) as unknown as BenchReport;

    expect(memory?.met(report([330, 331, 335]))).toBe(true);
    expect(memory?.met(report([330, 380, 420]))).toBe(false);
  });
});
