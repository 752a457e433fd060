import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertPortFree } from '#lib/local/ports';
import { faultsFrom } from '#lib/local/faults';
import { readRecordsFile } from '#lib/local/records';
import { startLocalStack } from '#lib/local/stack';
import { PROJECT_ROOT } from '#lib/triage-function';

const DEMO = path.join(PROJECT_ROOT, 'lib', 'local', 'demo');

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: path.join(DEMO, 'records.json') },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'mail-port': { type: 'string', default: process.env.MAIL_PORT ?? '8005' },
    'data-dir': { type: 'string', default: process.env.DATA_DIR ?? path.join(PROJECT_ROOT, '.local', 'dynamodb') },
    fresh: { type: 'boolean', default: false },
    faults: { type: 'string' },
  },
});

const say = (line: string) => process.stdout.write(`${line}\n`);
const ports = { api: Number(values.port), ses: Number(values['mail-port']) };

async function boot() {
  const records = readRecordsFile(values.records);
  await assertPortFree(ports.api, 'intake API', 'PORT=… or --port');
  await assertPortFree(ports.ses, 'mail service', 'MAIL_PORT=… or --mail-port');
  const dataDir = values.fresh ? undefined : values['data-dir'];
  const faults = faultsFrom(values.faults);
  const stack = await startLocalStack({ records, ports, progress: (m) => say(`  ${m}`), ...(dataDir ? { dataDir } : {}), ...(faults ? { faults } : {}) });
  return { records, stack, dataDir };
}

let booted: Awaited<ReturnType<typeof boot>>;
try {
  booted = await boot();
} catch (error) {
  process.stderr.write(`npm start: ${(error as Error).message}\n`);
  process.exit(1);
}
const { records, stack, dataDir } = booted;

const sample = path.relative(process.cwd(), path.join(DEMO, 'sample-ticket.json'));
say(`
code-97 triage is running on this machine.

  Intake      POST ${stack.urls.api}/tickets
  Ops queue   GET  ${stack.urls.api}/escalations   (open escalations, newest first; ?status=CLOSED&limit=N)
              POST ${stack.urls.api}/escalations/{escalationId}/close   (body: {"note": "...", "closedBy": "..."})
  Mail inbox  ${stack.urls.mailbox}   (every email the workflow sent; JSON at ${stack.urls.mailbox}/store)
  DynamoDB    ${stack.urls.dynamodb}   (DynamoDB Local, ${dataDir ? `data kept in ${path.relative(process.cwd(), dataDir)}; --fresh for an empty in-memory start` : 'in memory (--fresh)'}; tables named after their CDK logical IDs)

Send the sample ticket:
  curl -s -X POST ${stack.urls.api}/tickets -H 'content-type: application/json' --data @${sample}

Demo records: ${path.relative(process.cwd(), values.records)} (${records.merchants.length} merchants, ${records.terminals.length} terminals)
Ctrl-C stops everything.
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  say(`\n${signal}: stopping the local stack`);
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));

// npm may die without passing its signal on (a supervisor or a test harness signals npm alone);
// this process is then handed to another parent, and stops with the stack.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void shutdown('parent gone'), 500).unref();
