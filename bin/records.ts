/**
 * npm run records -- COMMAND FILE: the acquirer's records, from a file.
 *
 *   apply CHANGES.jsonl [--url URL]  sends each change to POST /records/changes (signed with
 *                                    RECORDS_WEBHOOK_SECRET; the local stack's API unless --url)
 *   load EXPORT.jsonl [--restart] [--checkpoint-dir DIR]
 *                                    loads a full export into the tables, resumable after Ctrl-C
 *                                    (where it stands is kept in DIR, .local/loads unless given)
 *   diff EXPORT.jsonl                reports what the tables lack, hold extra or hold stale; writes nothing
 *
 * load and diff reach the tables the way `npm run seed` does (the *_TABLE variables; locally
 * `set -a; . .local/stack.env; set +a`).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '#lib/project';
import { runApply } from '#lib/records/apply-command';
import { runDiff } from '#lib/records/diff-command';
import { runLoad } from '#lib/records/load-command';
import { recordsDbFromEnv } from '#lib/records/tables';

const USAGE = `usage: npm run records -- apply CHANGES.jsonl [--url http://127.0.0.1:3000]
       npm run records -- load EXPORT.jsonl [--restart] [--checkpoint-dir DIR]
       npm run records -- diff EXPORT.jsonl`;

function fail(message: string): never {
  process.stderr.write(`records: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const options = {
  url: { type: 'string' },
  restart: { type: 'boolean' },
  'checkpoint-dir': { type: 'string' },
} as const;
let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
try {
  parsed = parseArgs({ options, allowPositionals: true });
} catch (error) {
  fail((error as Error).message);
}
const [command, file, ...rest] = parsed.positionals;
if (!command || !['apply', 'load', 'diff'].includes(command)) fail('say apply, load or diff, and the file');
if (!file) fail(`say the file to ${command}`);
if (rest.length) fail(`one file at a time, not ${rest.join(' ')}`);
const stdout = (text: string) => process.stdout.write(text);
const stderr = (text: string) => process.stderr.write(text);

const tables = () => {
  try {
    return recordsDbFromEnv().db;
  } catch (error) {
    return fail((error as Error).message);
  }
};

if (command === 'apply') {
  const secret = process.env.RECORDS_WEBHOOK_SECRET || fail('set RECORDS_WEBHOOK_SECRET (npm start prints it)');
  const url = parsed.values.url ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
  process.exitCode = await runApply({ file, url, secret, stdout, stderr });
} else if (command === 'load') {
  const stop = { requested: false };
  process.on('SIGINT', () => {
    if (stop.requested) process.exit(130);
    stop.requested = true;
    stderr(
      '\nrecords: stopping after the rows in flight (Ctrl-C again to stop now; the load goes on from its last checkpoint either way)\n',
    );
  });
  process.exitCode = await runLoad({
    file,
    db: tables(),
    checkpoints: parsed.values['checkpoint-dir'] ?? path.join(PROJECT_ROOT, '.local', 'loads'),
    restart: parsed.values.restart ?? false,
    stdout,
    stderr,
    tty: process.stderr.isTTY,
    stop,
  });
} else {
  process.exitCode = await runDiff({ file, db: tables(), stdout, stderr });
}
