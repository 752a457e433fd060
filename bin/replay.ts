import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { faultsFrom, type FaultPlan } from '#lib/local/faults';
import { readRecordsFile } from '#lib/local/records';
import { applyChange, type ChangeLine, deliver, deliverMail, type ReplayResult } from '#lib/local/replay';
import { exitWhenStopped, startLocalStack } from '#lib/local/stack';

const USAGE = [
  'usage: npm run --silent replay -- --records RECORDS.json --tickets TICKETS.jsonl [--faults SPEC]',
  '       npm run --silent replay -- --records RECORDS.json --mail DIR            (every DIR/*.eml, in file-name order)',
].join('\n');

/** The change a `{"change": CHANGE}` line of a tickets file carries; undefined for any other line. */
function changeIn(line: string): unknown {
  try {
    const parsed = JSON.parse(line) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.keys(parsed).join() === 'change')
      return (parsed as { change: unknown }).change;
  } catch {
    // Not JSON: a ticket line the intake refuses.
  }
  return undefined;
}

function fail(message: string): never {
  process.stderr.write(`replay: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main() {
  let values: { records?: string; tickets?: string; mail?: string; faults?: string };
  try {
    ({ values } = parseArgs({
      options: {
        records: { type: 'string' },
        tickets: { type: 'string' },
        mail: { type: 'string' },
        faults: { type: 'string' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (!values.records || !(values.tickets || values.mail))
    fail('--records and one of --tickets or --mail are required');
  if (values.tickets && values.mail) fail('give --tickets or --mail, not both');
  let faults: FaultPlan | undefined;
  try {
    faults = faultsFrom(values.faults);
  } catch (error) {
    fail((error as Error).message);
  }

  let records;
  /** Each input in order: its name for the progress line, and how to deliver it. */
  let inputs: Array<{
    name: string;
    send: (stack: Awaited<ReturnType<typeof startLocalStack>>) => Promise<ReplayResult | ChangeLine>;
  }>;
  try {
    records = readRecordsFile(values.records);
    if (values.mail) {
      const dir = values.mail;
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.eml'))
        .sort();
      inputs = files.map((file) => ({
        name: file,
        send: (stack) => deliverMail(stack, readFileSync(path.join(dir, file))),
      }));
    } else {
      const lines = readFileSync(String(values.tickets), 'utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '');
      inputs = lines.map((line) => {
        const change = changeIn(line);
        return change === undefined
          ? { name: '', send: (stack) => deliver(stack, line) }
          : { name: 'change', send: (stack) => applyChange(stack, change) };
      });
    }
  } catch (error) {
    fail((error as Error).message);
  }

  const started = Date.now();
  const stack = await startLocalStack({
    records,
    progress: (m) => process.stderr.write(`replay: ${m}\n`),
    ...(faults ? { faults } : {}),
    onStopped: exitWhenStopped('replay'),
  });
  let crashed = false;
  try {
    for (const [i, input] of inputs.entries()) {
      const result = await input.send(stack);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      const said =
        'ticketId' in result
          ? `${result.ticketId ?? '(no ticketId)'} ${result.outcome}`
          : `${result.change ?? '(no changeId)'} ${result.result}`;
      process.stderr.write(`replay: [${i + 1}/${inputs.length}] ${input.name ? `${input.name} ` : ''}${said}\n`);
    }
    process.stderr.write(
      `replay: ${inputs.length} ${values.mail ? 'messages' : 'tickets'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } catch (error) {
    crashed = true;
    process.stderr.write(`replay: crashed: ${(error as Error).stack ?? error}\n`);
  } finally {
    await stack.stop();
  }
  process.exit(crashed ? 1 : 0);
}

await main();
