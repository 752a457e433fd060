import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertPortFree, ephemeralRange, inEphemeralRange } from '#lib/local/ports';
import { faultsFrom } from '#lib/local/faults';
import { readRecordsFile } from '#lib/local/records';
import { exitWhenStopped, startLocalStack } from '#lib/local/stack';
import { writeStackEnv } from '#lib/local/stack-env';
import { defaultSenderSecret, newWebhookSecrets } from '#lib/local/webhook-signing';
import { DEFAULT_TOKEN_HOURS, newOpsSecret } from '#lib/local/ops-tokens';
import { LOCAL_FORWARD_TO, PROJECT_ROOT } from '#lib/project';

const DEMO = path.join(PROJECT_ROOT, 'lib', 'local', 'demo');

/** Whether the secrets came from the environment, read before the stack sets them for its handlers. */
const secretsGiven = Boolean(
  process.env.TRIAGE_WEBHOOK_SECRET && process.env.ZENDESK_WEBHOOK_SECRET && process.env.RECORDS_WEBHOOK_SECRET,
);
const opsSecret = process.env.OPS_TOKEN || newOpsSecret();

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: path.join(DEMO, 'records.json') },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'mail-port': { type: 'string', default: process.env.MAIL_PORT ?? '8005' },
    'smtp-port': { type: 'string', default: process.env.SMTP_PORT ?? '2525' },
    'console-port': { type: 'string', default: process.env.CONSOLE_PORT ?? '3001' },
    'data-dir': { type: 'string', default: process.env.DATA_DIR ?? path.join(PROJECT_ROOT, '.local', 'dynamodb') },
    'env-file': {
      type: 'string',
      default: process.env.STACK_ENV_FILE ?? path.join(PROJECT_ROOT, '.local', 'stack.env'),
    },
    fresh: { type: 'boolean', default: false },
    faults: { type: 'string' },
    unsigned: { type: 'boolean', default: false },
  },
});

const say = (line: string) => process.stdout.write(`${line}\n`);
const ports = {
  api: Number(values.port),
  ses: Number(values['mail-port']),
  smtp: Number(values['smtp-port']),
  console: Number(values['console-port']),
};

/** Where the start or the stop is, for what a signal says meanwhile. */
let phase: 'starting' | 'running' | 'stopping' = 'starting';
let lastStep = 'starting';

async function boot() {
  const records = readRecordsFile(values.records);
  const fixed = [
    [ports.api, 'intake API', 'PORT=… or --port'],
    [ports.ses, 'mail service', 'MAIL_PORT=… or --mail-port'],
    [ports.smtp, 'support inbox (SMTP)', 'SMTP_PORT=… or --smtp-port'],
    [ports.console, 'ops console', 'CONSOLE_PORT=… or --console-port'],
  ] as const;
  const range = ephemeralRange();
  for (const [port, what, setting] of fixed) {
    await assertPortFree(port, what, setting);
    if (inEphemeralRange(port, range)) {
      say(
        `  warning: port ${port} for the ${what} is in this machine's ephemeral range (${range.low}–${range.high}), ` +
          `which outgoing connections take their local port from; if one holds it first the start fails. Choose one below ${range.low} with ${setting}.`,
      );
    }
  }
  const dataDir = values.fresh ? undefined : values['data-dir'];
  const faults = faultsFrom(values.faults);
  const generated = newWebhookSecrets();
  const webhookSecrets = {
    triage: process.env.TRIAGE_WEBHOOK_SECRET || generated.triage,
    zendesk: process.env.ZENDESK_WEBHOOK_SECRET || generated.zendesk,
    records: process.env.RECORDS_WEBHOOK_SECRET || generated.records,
  };
  const stack = await startLocalStack({
    records,
    ports,
    progress: (m) => {
      lastStep = m;
      say(`  ${m}`);
    },
    webhookSecrets,
    opsSecret,
    unsigned: values.unsigned,
    // Received mail is kept next to DynamoDB's data (a temporary folder with --fresh).
    ...(dataDir ? { mailDir: path.join(path.dirname(dataDir), 'mail') } : {}),
    ...(dataDir ? { dataDir } : {}),
    ...(faults ? { faults } : {}),
    notice: (level, message) => void process.stderr.write(`[${level}] ${message}\n`),
    onStopped: exitWhenStopped('npm start'),
  });
  return { records, stack, dataDir };
}

/**
 * Ctrl-C (or SIGTERM, SIGHUP) says what it does at any moment. While starting, the parts that
 * are up are stopped (DynamoDB Local exits with this process's pipe; nothing was accepted yet).
 * Running, the stack stops part by part, each named, and the time it took is said at the end.
 * A second signal while stopping says what is still being waited for; a third stops at once.
 */
let signals = 0;
const onSignal = (signal: string) => {
  signals += 1;
  if (phase === 'starting') {
    say(`\n${signal} while starting (at: ${lastStep}): stopping what has started; nothing was accepted yet`);
    process.exit(130);
  }
  if (phase === 'stopping') {
    if (signals >= 3) {
      say(`${signal} again: stopping at once (the data kept so far stays)`);
      process.exit(130);
    }
    say(`${signal}: still stopping (at: ${lastStep}); once more stops at once`);
    return;
  }
  void shutdown(signal);
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGHUP', () => onSignal('SIGHUP'));

let booted: Awaited<ReturnType<typeof boot>>;
try {
  booted = await boot();
} catch (error) {
  process.stderr.write(`npm start: ${(error as Error).message}\n`);
  process.exit(1);
}
const { records, dataDir } = booted;
const { stack } = booted;
phase = 'running';
const envFile = values['env-file'];
const removeEnvFile = writeStackEnv(envFile, stack);

const demoFile = (name: string) => path.relative(process.cwd(), path.join(DEMO, name));
const sample = demoFile('sample-ticket.json');
const zendeskSample = demoFile('zendesk-ticket.json');
const signer = demoFile('send-signed.sh');
const recordLines = `Change a record as the acquirer's systems would (answered per change: APPLIED, STALE or REFUSED):
  RECORDS_WEBHOOK_SECRET='${stack.webhookSecrets.records}' ${signer} ${stack.urls.api}/records/changes ${demoFile('record-change.json')}
  RECORDS_WEBHOOK_SECRET='${stack.webhookSecrets.records}' npm run records -- apply ${demoFile('record-changes.jsonl')} --url ${stack.urls.api}
  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws sqs send-message --region us-east-1 --endpoint-url ${stack.urls.aws} \\
    --queue-url ${stack.outputs.RecordChangesQueueUrl} --message-body file://${demoFile('record-changes-queued.json')}

Load or reconcile a full export (JSON Lines; a load goes on where it stopped after Ctrl-C):
  set -a; . ${path.relative(process.cwd(), envFile)}; set +a
  npm run records -- load ${demoFile('records-export.jsonl')}
  npm run records -- diff ${demoFile('records-export.jsonl')}
`;
say(`
code-97 triage is running on this machine.

  Intake      POST ${stack.urls.api}/tickets            (Standard Webhooks signature; secret below)
              POST ${stack.urls.api}/webhooks/zendesk   (Zendesk signature; secret below)
  Ops console ${stack.urls.console}/   (the queue, each item, the overview; sign in with a reviewer's token, below)
  Ops API     GET  ${stack.urls.api}/escalations   (?status=OPEN|CLAIMED|RESOLVED&diagnosis=&merchantId=&terminalId=&limit=&cursor=)
              GET  ${stack.urls.api}/escalations/{escalationId}
              POST ${stack.urls.api}/escalations/{escalationId}/claim | release | resolve | reply | rerun   (resolve: {"resolution", "note"}; reply: {"text", "subject"})
              GET  ${stack.urls.api}/tickets/{ticketId}, /tickets?terminalId=|merchantId=|from=|reference=, /stats?days=14
              Authorization: Bearer <a reviewer's token, below>
  Records     POST ${stack.urls.api}/records/changes   (signed like the intake; answered per change)
              SQS  ${stack.outputs.RecordChangesQueueUrl}   (one change or an array per message; dead letters after 5 receives)
  Mail in     SMTP 127.0.0.1:${new URL(stack.urls.smtp).port}   (the support inbox: any mail client, swaks or smtplib; raw mail kept in ${path.relative(process.cwd(), stack.inbox.dir) || stack.inbox.dir})
  Mail out    ${stack.urls.mailbox}   (every email the workflow sent; JSON at ${stack.urls.mailbox}/store)
  Not 97      mail that is not about code 97 is kept (the console's ticket search finds it by sender) and forwarded
              to ${LOCAL_FORWARD_TO}, the normal support desk (on AWS: --context notTriggeredForwardTo=…)
  DynamoDB    ${stack.urls.dynamodb}   (DynamoDB Local, ${dataDir ? `data kept in ${path.relative(process.cwd(), dataDir)}; --fresh for an empty in-memory start` : 'in memory (--fresh)'}; tables named after their CDK logical IDs)

Ops reviewers' tokens (good for ${DEFAULT_TOKEN_HOURS} h; ${process.env.OPS_TOKEN ? 'signed with OPS_TOKEN' : 'new at each start; set OPS_TOKEN to keep them'}; another: OPS_TOKEN=… npm run --silent ops-token -- NAME [--admin]):
  alice  (admin)     ${stack.opsToken('alice', { admin: true })}
  bob    (reviewer)  ${stack.opsToken('bob')}
  OPS_TOKEN=${opsSecret}

Signing secrets (${secretsGiven ? 'from the environment' : 'new at each start; set TRIAGE_WEBHOOK_SECRET, ZENDESK_WEBHOOK_SECRET and RECORDS_WEBHOOK_SECRET to keep them'}):
  TRIAGE_WEBHOOK_SECRET=${stack.webhookSecrets.triage}
  ZENDESK_WEBHOOK_SECRET=${stack.webhookSecrets.zendesk}
  RECORDS_WEBHOOK_SECRET=${stack.webhookSecrets.records}
${
  values.unsigned
    ? `
!!! --unsigned: this gateway SIGNS every delivery that arrives without a signature, so anyone who
!!! can reach ${stack.urls.api} can file tickets. For the demo only; never on a shared machine.

Send the sample ticket:
  curl -s -X POST ${stack.urls.api}/tickets -H 'content-type: application/json' --data @${sample}
`
    : `
Send the sample ticket, signed as a helpdesk would (curl and openssl; --unsigned for plain curl):
  TRIAGE_WEBHOOK_SECRET='${defaultSenderSecret(stack.webhookSecrets.triage)}' ${signer} ${stack.urls.api}/tickets ${sample}
  ZENDESK_WEBHOOK_SECRET='${stack.webhookSecrets.zendesk}' ${signer} ${stack.urls.api}/webhooks/zendesk ${zendeskSample}
`
}
${recordLines}
Demo records: ${path.relative(process.cwd(), values.records)} (${records.merchants.length} merchants, ${records.terminals.length} terminals)
Ctrl-C stops everything.
`);

async function shutdown(signal: string) {
  if (phase === 'stopping') return;
  phase = 'stopping';
  const from = performance.now();
  say(`\n${signal}: stopping the local stack`);
  await stack.stop();
  removeEnvFile();
  const kept = dataDir ? `; data kept in ${path.relative(process.cwd(), dataDir)}` : '';
  say(`stopped in ${((performance.now() - from) / 1000).toFixed(1)} s${kept}`);
  process.exit(0);
}

// npm may die without passing its signal on (a supervisor or a test harness signals npm alone);
// this process is then handed to another parent, and stops with the stack.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void shutdown('parent gone'), 500).unref();
