import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { faultsFrom, type FaultPlan } from '#lib/local/faults';
import { readRecordsFile } from '#lib/local/records';
import { deliver } from '#lib/local/replay';
import { startLocalStack } from '#lib/local/stack';

const USAGE = 'usage: npm run --silent replay -- --records RECORDS.json --tickets TICKETS.jsonl [--faults SPEC]';

function fail(message: string): never {
  process.stderr.write(`replay: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main() {
  let values: { records?: string; tickets?: string; faults?: string };
  try {
    ({ values } = parseArgs({ options: { records: { type: 'string' }, tickets: { type: 'string' }, faults: { type: 'string' } } }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (!values.records || !values.tickets) fail('both --records and --tickets are required');
  let faults: FaultPlan | undefined;
  try {
    faults = faultsFrom(values.faults);
  } catch (error) {
    fail((error as Error).message);
  }

  let records;
  let lines: string[];
  try {
    records = readRecordsFile(values.records);
    lines = readFileSync(values.tickets, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  } catch (error) {
    fail((error as Error).message);
  }

  const started = Date.now();
  const stack = await startLocalStack({ records, progress: (m) => process.stderr.write(`replay: ${m}\n`), ...(faults ? { faults } : {}) });
  let crashed = false;
  try {
    for (const [i, line] of lines.entries()) {
      const result = await deliver(stack, line);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.stderr.write(`replay: [${i + 1}/${lines.length}] ${result.ticketId ?? '(no ticketId)'} ${result.outcome}\n`);
    }
    process.stderr.write(`replay: ${lines.length} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    crashed = true;
    process.stderr.write(`replay: crashed: ${(error as Error).stack ?? error}\n`);
  } finally {
    await stack.stop();
  }
  process.exit(crashed ? 1 : 0);
}

await main();
