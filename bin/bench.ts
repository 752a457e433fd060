/**
 * npm run bench: replays a generated corpus through the whole local stack and reports speed,
 * memory, and the per-ticket resource counts that drive the AWS bill, priced at list prices.
 *   npm run bench -- --tickets 300
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extractIdentifiers } from '#domain/triage/extract';
import { detectLanguage } from '#domain/triage/language';
import { detectTrigger } from '#domain/triage/trigger';
import { ADVERSARIAL_TEXTS } from '#fixtures/adversarial';
import { readRecordsFile } from '#lib/local/records';
import { deliver } from '#lib/local/replay';
import { startLocalStack } from '#lib/local/stack';

const { values } = parseArgs({ options: { tickets: { type: 'string', default: '200' } } });
const count = Number(values.tickets);
if (!Number.isInteger(count) || count < 1) throw new Error('--tickets takes a whole number of 1 or more');

/** us-east-1 list prices, November 2026 (USD). */
const PRICE = {
  expressRequest: 1.0 / 1e6,
  expressGbSecond: 0.00001667,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334, // arm64
  dynamoRead: 0.125 / 1e6,
  dynamoWrite: 0.625 / 1e6,
  sesEmail: 0.1 / 1000,
  httpApiRequest: 1.0 / 1e6,
  logsIngestGb: 0.5,
};

const TEMPLATES = [
  (tid: string) => ({ subject: 'POS提示97', body: `刷卡一直提示97终端未登记，终端号 ${tid}` }),
  (tid: string) => ({ subject: 'Error 97', body: `Our terminal (TID ${tid}) shows error 97 on every card.` }),
  () => ({ subject: '手续费咨询', body: '上个月账单里有一笔97元的手续费，请问是怎么计算的？' }),
  () => ({ subject: 'POS显示97', body: '刷卡显示97终端未登记，急！' }),
];

/**
 * The rules' time on each adversarial text near the 100,000-character limit: trigger,
 * extraction and language together, median of 5 runs after a warm-up.
 */
function rulesTiming(): { worstMs: number; byText: Record<string, number> } {
  const byText: Record<string, number> = {};
  for (const [name, body] of Object.entries(ADVERSARIAL_TEXTS)) {
    const ticket = { ticketId: 'BENCH', receivedAt: '2026-11-20T10:00:00+08:00', from: 'a@b.example', subject: 'POS', body };
    const once = () => {
      const t0 = performance.now();
      detectTrigger(ticket.subject, body);
      extractIdentifiers(ticket);
      detectLanguage(ticket.subject, body);
      return performance.now() - t0;
    };
    once();
    const runs = Array.from({ length: 5 }, once).sort((a, b) => a - b);
    byText[name] = +(runs[2] ?? 0).toFixed(1);
  }
  return { worstMs: Math.max(...Object.values(byText)), byText };
}
const rules = rulesTiming();
process.stderr.write(`bench: rules on 100,000 adversarial characters: worst ${rules.worstMs} ms\n`);

const records = readRecordsFile(path.join(import.meta.dirname, '..', 'test', 'fixtures', 'records.json'));
const startedAt = Date.now();
const stack = await startLocalStack({ records });
const startupMs = Date.now() - startedAt;

const latencies: number[] = [];
let triggered = 0;
let emails = 0;
const byOutcome = new Map<string, number>();
const runStart = Date.now();
for (let i = 0; i < count; i++) {
  const terminal = records.terminals[i % records.terminals.length];
  const merchant = records.merchants.find((m) => m.merchantId === terminal?.merchantId);
  const template = TEMPLATES[i % TEMPLATES.length];
  if (!terminal || !merchant || !template) throw new Error('fixture records are empty');
  const day = i; // one ticket a day: a terminal comes round every 8 days, past the repeat window
  const receivedAt = new Date(Date.UTC(2027, 0, 1) + day * 86_400_000 + i * 1000).toISOString();
  const ticket = { ticketId: `BENCH-${i}`, receivedAt, from: merchant.contactEmail, ...template(terminal.terminalId) };
  const t0 = performance.now();
  const result = await deliver(stack, JSON.stringify(ticket));
  latencies.push(performance.now() - t0);
  byOutcome.set(result.outcome, (byOutcome.get(result.outcome) ?? 0) + 1);
  if (result.outcome !== 'NOT_TRIGGERED') triggered += 1;
  emails += result.emails.length;
  if ((i + 1) % 50 === 0) process.stderr.write(`bench: ${i + 1}/${count}\n`);
}
const runMs = Date.now() - runStart;

const executions = [...stack.stepFunctions.executions.values()];
const transitions = executions.reduce((n, e) => n + e.events.filter((ev) => ev.type === 'StateEntered').length, 0);
const invocations = [...stack.runtime.invocations.values()].reduce((a, b) => a + b, 0);
const rssMb = process.memoryUsage().rss / 2 ** 20;
await stack.stop();

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
const perTriggered = (n: number) => n / Math.max(1, triggered);

// Per triggered ticket on AWS: Lambda at 256 MB for ~100 ms billed each; Express at 64 MB for
// ~1 s; ~12 reads and ~6 write units (the decision transaction costs double); ~10 KB of logs.
const lambdaPerTicket = perTriggered(invocations);
const costPerTicket =
  PRICE.httpApiRequest +
  PRICE.expressRequest + 1 * 0.0625 * PRICE.expressGbSecond +
  lambdaPerTicket * (PRICE.lambdaRequest + 0.1 * 0.25 * PRICE.lambdaGbSecond) +
  12 * PRICE.dynamoRead + 6 * PRICE.dynamoWrite +
  perTriggered(emails) * PRICE.sesEmail +
  (10 / 2 ** 20) * PRICE.logsIngestGb;

const report = {
  tickets: count,
  outcomes: Object.fromEntries(byOutcome),
  startupSeconds: +(startupMs / 1000).toFixed(2),
  ticketsPerSecond: +(count / (runMs / 1000)).toFixed(1),
  latencyMs: { p50: +pct(0.5).toFixed(1), p95: +pct(0.95).toFixed(1), max: +pct(1).toFixed(1) },
  perTriggeredTicket: {
    stateTransitions: +perTriggered(transitions).toFixed(1),
    lambdaInvocations: +lambdaPerTicket.toFixed(1),
    emails: +perTriggered(emails).toFixed(2),
  },
  rssMb: +rssMb.toFixed(0),
  rulesMsAt100kChars: rules,
  estimatedUsdPer1000TriggeredTickets: +(costPerTicket * 1000).toFixed(4),
  standardWorkflowTransitionsUsdPer1000: +(perTriggered(transitions) * 0.025).toFixed(4),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
