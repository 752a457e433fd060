/**
 * npm run bench: what a ticket costs and how fast it goes, counted on the local stack.
 *   npm run bench                 # the full run (about 5½ minutes here)
 *   npm run bench -- --quick      # a small smoke of every phase
 * Prints a markdown table and writes the figures to bench-results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extractIdentifiers } from '#domain/triage/extract';
import { detectLanguage } from '#domain/triage/language';
import { detectTrigger } from '#domain/triage/trigger';
import type { Ticket } from '#domain/triage/types';
import { ADVERSARIAL_TEXTS } from '#fixtures/adversarial';
import { weighFunctions } from '#lib/bench/bundles';
import { costModel, PRICES } from '#lib/bench/cost';
import { feedBench } from '#lib/bench/feed';
import { loadBench } from '#lib/bench/load';
import { percentile, replayPool, RssPeak } from '#lib/bench/replay-pool';
import { gantt, markdownReport, type BenchReport } from '#lib/bench/report';
import { tapFunctionLogs } from '#lib/local/function-logs';
import { loadLocalAssembly } from '#lib/local/cloud-assembly';
import { generateCorpus, type Corpus } from '#lib/local/corpus';
import { freePort } from '#lib/local/ports';
import { wholeStartTimes } from '#lib/bench/whole-start';
import { exitWhenStopped, MAIL_KEPT, startLocalStack, type LocalStack } from '#lib/local/stack';
import { RETAINED_FINISHED, statsBetween } from '#lib/local/stepfunctions-local';
import { usageBetween, UsageMeter } from '#lib/local/usage';
import { PROJECT_ROOT } from '#lib/project';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(PROJECT_ROOT, 'bench-results', 'latest.json') },
  },
});
const quick = values.quick;
const SIZES = {
  tickets: quick ? 100 : 1_000,
  npmStarts: quick ? 1 : 5,
  memory: quick ? [100, 300, 600] : [1_000, 5_000, 10_000],
  /** Fills the stack's bounded stores (the last runs, the last emails) before memory is counted; the quick smoke only starts to. */
  memoryWarmUp: quick ? 100 : Math.max(RETAINED_FINISHED, MAIL_KEPT),
  growthTickets: quick ? 40 : 200,
  scaleTickets: quick ? 40 : 200,
  scaleMerchants: quick ? [500, 5_000] : [500, 50_000],
  initRuns: quick ? 3 : 20,
  inFlight: 20,
  /** The records feed: changes a second offered, and for how long. */
  feed: { perSecond: 1_000, seconds: quick ? 10 : 60 },
  /** Rows of the bulk load and of each plain BatchWrite loop it is measured against. */
  load: quick ? 3_000 : 60_000,
};
const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** The rules (trigger, extraction, language) on each adversarial text near 100,000 characters, median of 5. */
function rulesTiming(): { worstMs: number; byText: Record<string, number> } {
  const byText: Record<string, number> = {};
  for (const [name, body] of Object.entries(ADVERSARIAL_TEXTS)) {
    const ticket = {
      ticketId: 'BENCH',
      receivedAt: '2026-11-20T10:00:00+08:00',
      from: 'a@b.example',
      subject: 'POS',
      body,
    };
    const once = () => {
      const t0 = performance.now();
      detectTrigger(ticket.subject, body);
      extractIdentifiers(ticket);
      detectLanguage(ticket.subject, body);
      return performance.now() - t0;
    };
    once();
    byText[name] = +(Array.from({ length: 5 }, once).sort((a, b) => a - b)[2] ?? 0).toFixed(1);
  }
  return { worstMs: Math.max(...Object.values(byText)), byText };
}

/**
 * Every stack of the run on the same ports: the handlers' SDK clients are made once per process
 * and keep the endpoints they were made with.
 */
const PORTS = { dynamodb: await freePort(), ses: await freePort(), stepfunctions: await freePort() };

async function timedStart(
  records: Corpus,
  usage?: UsageMeter,
): Promise<{ stack: LocalStack; startSeconds: number; seedSeconds: number }> {
  const t0 = performance.now();
  let seeding = t0;
  let seeded = t0;
  const stack = await startLocalStack({
    records,
    ports: PORTS,
    scheduleEveryMs: 60_000,
    onStopped: exitWhenStopped('bench'),
    ...(usage ? { usage } : {}),
    progress: (m) => {
      if (m.startsWith('seeding')) seeding = performance.now();
      if (m.startsWith('seeded')) seeded = performance.now();
    },
  });
  const seedSeconds = (seeded - seeding) / 1000;
  return {
    stack,
    startSeconds: +((performance.now() - t0) / 1000 - seedSeconds).toFixed(2),
    seedSeconds: +seedSeconds.toFixed(2),
  };
}

/** The tickets again, later (past every history window) and under new IDs, with `extra` characters of plain prose each. */
function padded(tickets: Ticket[], tag: string, yearsLater: number, extra: number): Ticket[] {
  const zh = '这是补充说明，没有别的信息。';
  const en = ' Nothing else to add here, thank you.';
  return tickets.map((t) => {
    const filler = /\p{Script=Han}/u.test(t.body) ? zh : en;
    const at = new Date(t.receivedAt);
    at.setUTCFullYear(at.getUTCFullYear() + yearsLater);
    return {
      ...t,
      ticketId: `${t.ticketId}-${tag}`,
      receivedAt: at.toISOString(),
      body: extra ? `${t.body}\n${filler.repeat(Math.ceil(extra / filler.length)).slice(0, extra)}` : t.body,
    };
  });
}

const triggeredIn = (results: Array<{ outcome: string }>) =>
  results.filter((r) => r.outcome !== 'NOT_TRIGGERED' && r.outcome !== 'REJECTED').length;

const startedAt = performance.now();
say('rules on 100,000 adversarial characters');
const rules = rulesTiming();

say(`bundling and cold-importing every function (${SIZES.initRuns} runs each)`);
const assembly = await loadLocalAssembly();
const bundles = await weighFunctions(assembly.functions, SIZES.initRuns);
const costOptions = {
  traced: assembly.stateMachine.tracing,
  platformLogged: new Set(assembly.functions.filter((f) => f.platformLogs).map((f) => f.logicalId)),
};

// Throughput, latency and the cost model, from one stack whose handlers' usage is metered.
const corpus = generateCorpus({ merchants: 400, tickets: SIZES.tickets * 2, seed: 97 });
const usage = new UsageMeter();
const first = await timedStart(corpus, usage);
let { stack } = first;
say(`${SIZES.tickets} tickets one at a time`);
const before = usage.snapshot();
const sfnBefore = { ...stack.stepFunctions.stats };
const sequential = await replayPool(stack, corpus.tickets.slice(0, SIZES.tickets), 1);
const used = usageBetween(before, usage.snapshot());
const sfnUsed = statsBetween(sfnBefore, stack.stepFunctions.stats);
const cost = costModel(used, sfnUsed, triggeredIn(sequential.results), costOptions);
const autoResolved = (output: unknown) =>
  (output as { triage?: { decision?: { outcome?: string } } } | undefined)?.triage?.decision?.outcome ===
  'AUTO_RESOLVED';
const example = [...stack.stepFunctions.executions.values()].find(
  (e) => e.status === 'SUCCEEDED' && autoResolved(e.output),
);
say(`${SIZES.tickets} tickets, ${SIZES.inFlight} in flight`);
const concurrent = await replayPool(stack, corpus.tickets.slice(SIZES.tickets), SIZES.inFlight);

say(`cost growth with ticket size (${SIZES.growthTickets} tickets, then the same with 5,000 more characters each)`);
const growthBase = corpus.tickets.slice(0, SIZES.growthTickets);
const costOf = async (tickets: Ticket[]) => {
  const b = usage.snapshot();
  const s = { ...stack.stepFunctions.stats };
  const run = await replayPool(stack, tickets, 1);
  return costModel(
    usageBetween(b, usage.snapshot()),
    statsBetween(s, stack.stepFunctions.stats),
    triggeredIn(run.results),
    costOptions,
  ).express;
};
const small = await costOf(padded(growthBase, 'S', 2, 0));
const large = await costOf(padded(growthBase, 'L', 3, 5_000));
const growthPer1000Chars = (large - small) / 5;

say(
  `records feed: ${SIZES.feed.perSecond} changes/s for ${SIZES.feed.seconds} s through the queue, shuffled in 10 s windows`,
);
const recordsFeed = await feedBench(stack, usage, {
  ...SIZES.feed,
  terminals: corpus.terminals as unknown as Array<Record<string, unknown>>,
});
say(`bulk load: ${SIZES.load} rows by records load, against a plain BatchWrite loop of the same items`);
const bulkLoad = await loadBench(stack, { rows: SIZES.load, merchants: corpus.merchants, terminals: corpus.terminals });
await stack.stop();

// Memory: one replay of many tickets, the peak at each checkpoint.
say(`memory over ${SIZES.memory.at(-1)} tickets, ${SIZES.inFlight} in flight`);
const big = generateCorpus({ merchants: 2_000, tickets: SIZES.memoryWarmUp + (SIZES.memory.at(-1) ?? 0), seed: 7 });
const second = await timedStart(big);
stack = second.stack;
// The handlers' log lines go nowhere here: written to a pipe, they would measure the reader.
const unmuted = tapFunctionLogs(() => undefined, { print: false });
// Until the stores the local stack keeps bounded are full, they grow by design; counted from
// there, any growth is what the stack keeps per ticket.
say(`  warm-up: ${SIZES.memoryWarmUp} tickets, as many as the stack keeps runs and emails`);
await replayPool(stack, big.tickets.slice(0, SIZES.memoryWarmUp), SIZES.inFlight);
const rss = new RssPeak();
const peakRssMb: Record<string, number> = {};
// What the process keeps, apart from garbage not yet collected: RSS and heap right after a full collection.
const gc = (globalThis as { gc?: () => void }).gc;
const retainedMb: Record<string, { rss: number; heap: number }> = {};
await replayPool(stack, big.tickets.slice(SIZES.memoryWarmUp), SIZES.inFlight, (done) => {
  if (SIZES.memory.includes(done)) {
    peakRssMb[String(done)] = rss.mb;
    gc?.();
    const { rss: now, heapUsed } = process.memoryUsage();
    retainedMb[String(done)] = { rss: Math.round(now / 2 ** 20), heap: Math.round(heapUsed / 2 ** 20) };
  }
  if (done % 1000 === 0) say(`  ${done} tickets, peak ${rss.mb} MB`);
});
rss.stop();
unmuted();
await stack.stop();

// Scale: requests and units per ticket with few and with many terminals.
const requestsPerTicket: Record<
  string,
  { requests: number; readUnits: number; writeUnits: number; byCommand: Record<string, number> }
> = {};
const seeding: Array<{ rows: number; seconds: number }> = [];
let warmStartSeconds = 0;
// The same tickets against both: a corpus's first merchants (and their terminals) are the same
// whatever its size, so the small corpus's tickets name records both hold.
const [fewMerchants = 500] = SIZES.scaleMerchants;
const scaleTickets = generateCorpus({ merchants: fewMerchants, tickets: SIZES.scaleTickets, seed: 11 }).tickets;
for (const merchants of SIZES.scaleMerchants) {
  const records = { ...generateCorpus({ merchants, tickets: 0, seed: 11 }), tickets: scaleTickets };
  const rows = records.merchants.length + records.terminals.length + records.models.length + records.invoices.length;
  say(`scale: ${records.terminals.length} terminals of ${merchants} merchants (${rows} rows)`);
  const meter = new UsageMeter();
  const started = await timedStart(records, meter);
  warmStartSeconds = started.startSeconds;
  seeding.push({ rows, seconds: started.seedSeconds });
  const b = meter.snapshot();
  const run = await replayPool(started.stack, records.tickets, 1);
  const u = usageBetween(b, meter.snapshot());
  const n = run.results.length;
  const requests = Object.values(u.dynamodb.requests).reduce((a, c) => a + c, 0);
  requestsPerTicket[String(records.terminals.length)] = {
    requests: +(requests / n).toFixed(2),
    readUnits: +(u.dynamodb.readUnits / n).toFixed(2),
    writeUnits: +(u.dynamodb.writeUnits / n).toFixed(2),
    byCommand: Object.fromEntries(Object.entries(u.dynamodb.requests).map(([k, v]) => [k, +(v / n).toFixed(2)])),
  };
  await started.stack.stop();
}
const scans = Object.values(requestsPerTicket).reduce((n, r) => n + (r.byCommand.ScanCommand ?? 0), 0);

say(`npm start as a whole process: once on an empty build cache, then ${SIZES.npmStarts} times warm`);
const npmStart = await wholeStartTimes(SIZES.npmStarts);

const lastSeed = seeding.at(-1) ?? { rows: 1, seconds: 0 };
const report: BenchReport = {
  ranAt: new Date().toISOString(),
  quick,
  prices: { region: PRICES.region, asOf: PRICES.asOf },
  ticketsPerSecond: +(SIZES.tickets / (sequential.elapsedMs / 1000)).toFixed(1),
  ticketsPerSecondInFlight: +(SIZES.tickets / (concurrent.elapsedMs / 1000)).toFixed(1),
  latencyMs: {
    p50: +percentile(sequential.latenciesMs, 0.5).toFixed(1),
    p95: +percentile(sequential.latenciesMs, 0.95).toFixed(1),
    inFlightP50: +percentile(concurrent.latenciesMs, 0.5).toFixed(1),
    inFlightP95: +percentile(concurrent.latenciesMs, 0.95).toFixed(1),
  },
  costUsdPer1000TriggeredTickets: {
    express: +cost.express.toFixed(4),
    standard: +cost.standard.toFixed(4),
    lines: cost.lines.map((l) => ({ ...l, usd: +l.usd.toFixed(5) })),
    perTicket: Object.fromEntries(Object.entries(cost.perTicket).map(([k, v]) => [k, +v.toFixed(2)])),
    capacityUnitsPerTicketBy: Object.fromEntries(
      Object.entries(used.dynamodb.unitsBy).map(([k, v]) => [
        k,
        +(v / Math.max(1, triggeredIn(sequential.results))).toFixed(2),
      ]),
    ),
    growthPer1000Chars: +growthPer1000Chars.toFixed(5),
  },
  bundles: bundles.map(({ function: fn, bytes, initMs, largest }) => ({ function: fn, bytes, initMs, largest })),
  peakRssMb,
  retainedMb: gc ? retainedMb : null,
  requestsPerTicket,
  scans,
  stackStartSeconds: { first: first.startSeconds, warm: +warmStartSeconds.toFixed(2) },
  npmStart,
  seeding: {
    ...lastSeed,
    rowsPerSecond: Math.round(lastSeed.rows / Math.max(0.001, lastSeed.seconds)),
    seconds200k: +((200_000 * lastSeed.seconds) / lastSeed.rows).toFixed(1),
  },
  rulesMsAt100kChars: rules,
  recordsFeed,
  bulkLoad,
  benchSeconds: 0,
  ticketGantt: example ? gantt(example) : null,
};
report.benchSeconds = +((performance.now() - startedAt) / 1000).toFixed(0);
mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(markdownReport(report));
say(`wrote ${path.relative(process.cwd(), values.out)} in ${report.benchSeconds} s`);
if (scans > 0) {
  say('a Scan was issued: every read must be a key lookup or a Query');
  process.exitCode = 1;
}
