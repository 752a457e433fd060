import type { WholeStart } from './whole-start.ts';
import type { LocalExecution } from '#lib/local/stepfunctions-local';
import type { FeedBench } from './feed.ts';
import type { LoadBench } from './load.ts';
import type { CostLine } from './cost.ts';

export interface BenchReport {
  ranAt: string;
  quick: boolean;
  prices: { region: string; asOf: string };
  ticketsPerSecond: number;
  ticketsPerSecondInFlight: number;
  latencyMs: { p50: number; p95: number; inFlightP50: number; inFlightP95: number };
  costUsdPer1000TriggeredTickets: {
    express: number;
    standard: number;
    lines: CostLine[];
    perTicket: Record<string, number>;
    /** Capacity units per triggered ticket by table and index. */
    capacityUnitsPerTicketBy: Record<string, number>;
    /** Express cost added per 1,000 tickets by each 1,000 more characters of ticket text. */
    growthPer1000Chars: number;
  };
  bundles: Array<{ function: string; bytes: number; initMs: number; largest: Array<{ input: string; bytes: number }> }>;
  /** Peak resident memory of the stack's process after so many tickets of one replay. */
  peakRssMb: Record<string, number>;
  /** RSS and heap right after a full collection at each checkpoint (run with --expose-gc): what the process keeps. */
  retainedMb: Record<string, { rss: number; heap: number }> | null;
  /** DynamoDB requests and units per ticket, by how many terminals the records hold. */
  requestsPerTicket: Record<
    string,
    { requests: number; readUnits: number; writeUnits: number; byCommand: Record<string, number> }
  >;
  scans: number;
  stackStartSeconds: { first: number; warm: number };
  /** `npm start` as a user runs it: to its banner, and from Ctrl-C to its exit; first on an empty build cache, then warm. */
  npmStart: { first: WholeStart; warm: WholeStart };
  seeding: { rows: number; seconds: number; rowsPerSecond: number; seconds200k: number };
  rulesMsAt100kChars: { worstMs: number; byText: Record<string, number> };
  /** The records feed at its offered rate, through the queue and its consumer. */
  recordsFeed: FeedBench;
  /** `records load` against a plain BatchWrite loop of the same items, in the same run. */
  bulkLoad: LoadBench;
  benchSeconds: number;
  ticketGantt: string | null;
}

/** The goals of issue 9, each with how it is read off the report. */
export const GOALS: Array<{
  figure: string;
  goal: string;
  value: (r: BenchReport) => string;
  met: (r: BenchReport) => boolean;
}> = [
  {
    figure: 'cost per 1,000 triggered tickets (Express)',
    goal: '≤ $0.12',
    value: (r) =>
      `$${r.costUsdPer1000TriggeredTickets.express.toFixed(4)} (Standard $${r.costUsdPer1000TriggeredTickets.standard.toFixed(4)})`,
    met: (r) => r.costUsdPer1000TriggeredTickets.express <= 0.12,
  },
  {
    figure: 'cost growth per 1,000 more characters of ticket text',
    goal: '< $0.002 per 1,000 tickets',
    value: (r) => `$${r.costUsdPer1000TriggeredTickets.growthPer1000Chars.toFixed(5)}`,
    met: (r) => r.costUsdPer1000TriggeredTickets.growthPer1000Chars < 0.002,
  },
  {
    figure: 'largest minified function bundle',
    goal: '≤ 150 KB',
    value: (r) => {
      const top = [...r.bundles].sort((a, b) => b.bytes - a.bytes)[0];
      return top
        ? `${(top.bytes / 1024).toFixed(0)} KB (${top.function}); smallest ${(Math.min(...r.bundles.map((b) => b.bytes)) / 1024).toFixed(0)} KB`
        : '—';
    },
    met: (r) => r.bundles.every((b) => b.bytes <= 150 * 1024),
  },
  {
    figure: 'slowest cold import (median of runs)',
    goal: '≤ 50 ms',
    value: (r) => {
      const top = [...r.bundles].sort((a, b) => b.initMs - a.initMs)[0];
      return top ? `${top.initMs} ms (${top.function})` : '—';
    },
    met: (r) => r.bundles.every((b) => b.initMs <= 50),
  },
  {
    figure: 'memory of the stack process over one replay',
    goal: 'flat (within 10 %)',
    value: (r) => {
      const at = (n: string) => Number(n).toLocaleString('en');
      const peaks = Object.entries(r.peakRssMb)
        .map(([n, mb]) => `${mb} at ${at(n)}`)
        .join(', ');
      const kept = Object.entries(r.retainedMb ?? {})
        .map(([n, m]) => `${m.rss} (heap ${m.heap}) at ${at(n)}`)
        .join(', ');
      return `kept after a full GC: ${kept || 'not measured (run without --expose-gc)'} MB; peak RSS ${peaks} MB`;
    },
    met: (r) => {
      const kept = Object.values(r.retainedMb ?? {}).map((m) => m.rss);
      const series = kept.length > 1 ? kept : Object.values(r.peakRssMb);
      return series.length > 1 && (series.at(-1) ?? 0) <= (series[0] ?? 0) * 1.1;
    },
  },
  {
    figure: 'local stack start, nothing changed',
    goal: '≤ 2 s',
    value: (r) => `${r.stackStartSeconds.warm} s`,
    met: (r) => r.stackStartSeconds.warm <= 2,
  },
  {
    figure: '`npm start` as a whole process, to its banner (warm; the first on an empty build cache)',
    goal: '≤ 5 s warm',
    value: (r) => `${r.npmStart.warm.readySeconds} s (first ${r.npmStart.first.readySeconds} s)`,
    met: (r) => r.npmStart.warm.readySeconds <= 5,
  },
  {
    figure: 'Ctrl-C to the prompt back (warm; the first)',
    goal: '≤ 2 s warm',
    value: (r) => `${r.npmStart.warm.stopSeconds} s (first ${r.npmStart.first.stopSeconds} s)`,
    met: (r) => r.npmStart.warm.stopSeconds <= 2,
  },
  {
    figure: 'seeding 200,000 rows',
    goal: '≤ 10 s',
    value: (r) =>
      `${r.seeding.seconds200k} s (${r.seeding.rowsPerSecond.toLocaleString('en')} rows/s over ${r.seeding.rows.toLocaleString('en')} rows)`,
    met: (r) => r.seeding.seconds200k <= 10,
  },
  {
    figure: 'DynamoDB requests per ticket by terminals on record',
    goal: 'equal; no Scan',
    value: (r) =>
      Object.entries(r.requestsPerTicket)
        .map(([n, x]) => `${x.requests} at ${Number(n).toLocaleString('en')}`)
        .join(', ') + (r.scans ? `; ${r.scans} Scans` : '; no Scan'),
    met: (r) => {
      const counts = Object.values(r.requestsPerTicket).map((x) => x.requests);
      return r.scans === 0 && Math.max(...counts) - Math.min(...counts) <= 0.05 * Math.max(...counts);
    },
  },
  {
    figure: 'records feed: changes a second applied, shuffled in 10 s windows (offered rate, for how long)',
    goal: '≥ 1,000/s for 60 s; every terminal at its newest version',
    value: (r) =>
      `${r.recordsFeed.appliedPerSecond.toLocaleString('en')}/s (offered ${r.recordsFeed.offeredPerSecond.toLocaleString('en')}/s for ${r.recordsFeed.seconds} s; ${r.recordsFeed.stalledMessages ? `${r.recordsFeed.stalledMessages} messages still queued ${r.recordsFeed.drainSeconds} s after the last send` : `empty ${r.recordsFeed.drainSeconds} s after the last send`}); ${r.recordsFeed.wrongTerminals} terminals wrong; $${r.recordsFeed.costUsdPerMillionChanges.total} per million changes`,
    met: (r) =>
      r.recordsFeed.wrongTerminals === 0 &&
      r.recordsFeed.stalledMessages === 0 &&
      r.recordsFeed.appliedPerSecond >= 1_000 &&
      r.recordsFeed.seconds >= 60,
  },
  {
    figure: 'bulk load (records load) against a plain BatchWrite loop of the same items, DynamoDB Local',
    goal: '≥ 0.9 of its rate',
    value: (r) =>
      `${r.bulkLoad.ratio} (${r.bulkLoad.loadRowsPerSecond.toLocaleString('en')} rows/s against ${r.bulkLoad.plainRowsPerSecond.toLocaleString('en')}, ${r.bulkLoad.rows.toLocaleString('en')} rows; the records alone, without their versions items: ${r.bulkLoad.recordsOnlyRowsPerSecond.toLocaleString('en')} rows/s)`,
    met: (r) => r.bulkLoad.ratio >= 0.9,
  },
  {
    figure: 'rules on 100,000 adversarial characters',
    goal: '≤ 50 ms',
    value: (r) => `${r.rulesMsAt100kChars.worstMs} ms`,
    met: (r) => r.rulesMsAt100kChars.worstMs <= 50,
  },
];

export function markdownReport(r: BenchReport): string {
  const rows = GOALS.map((g) => `| ${g.figure} | ${g.value(r)} | ${g.goal} | ${g.met(r) ? 'yes' : '**no**'} |`);
  const cost = r.costUsdPer1000TriggeredTickets.lines.map((l) => `| ${l.item} | ${l.usd.toFixed(5)} | ${l.basis} |`);
  const bundles = r.bundles.map(
    (b) =>
      `| ${b.function} | ${(b.bytes / 1024).toFixed(0)} | ${b.initMs} | ${b.largest.map((x) => `${x.input} ${(x.bytes / 1024).toFixed(0)} KB`).join(', ')} |`,
  );
  return [
    `Bench of ${r.ranAt}${r.quick ? ' (quick)' : ''}: ${r.ticketsPerSecond} tickets/s one at a time (p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms), ${r.ticketsPerSecondInFlight} tickets/s with 20 in flight (p50 ${r.latencyMs.inFlightP50} ms, p95 ${r.latencyMs.inFlightP95} ms).`,
    '',
    '| figure | measured | goal | met |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `Cost per 1,000 triggered tickets, ${r.prices.region} list prices of ${r.prices.asOf}:`,
    '',
    '| line | USD | counted |',
    '| --- | --- | --- |',
    ...cost,
    '',
    '| function | KB | cold import ms | largest parts |',
    '| --- | --- | --- | --- |',
    ...bundles,
    '',
    ...(r.ticketGantt
      ? ['One auto-resolved ticket through the state machine:', '', '```mermaid', r.ticketGantt, '```', '']
      : []),
  ].join('\n');
}

/** A mermaid gantt of one execution's task states, from its own event timestamps. */
export function gantt(execution: Pick<LocalExecution, 'events'>): string {
  const start = execution.events[0]?.timestamp ?? 0;
  const open = new Map<string, number>();
  const lines = [
    'gantt',
    '  title One ticket through the state machine (local stack, ms)',
    '  dateFormat x',
    '  axisFormat %L',
  ];
  for (const event of execution.events) {
    const name = event.state?.name;
    if (!name || event.state?.type !== 'Task') continue;
    if (event.type === 'StateEntered') open.set(name, event.timestamp ?? start);
    if (event.type === 'StateExited') {
      const from = (open.get(name) ?? start) - start;
      const to = Math.max(from + 1, (event.timestamp ?? start) - start);
      lines.push(`  ${name} : ${from}, ${to}`);
    }
  }
  return lines.join('\n');
}
