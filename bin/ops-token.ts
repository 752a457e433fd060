import { parseArgs } from 'node:util';
import { REVIEWER_NAME } from '#domain/reviewers';
import { DEFAULT_TOKEN_HOURS, opsTokenFor } from '#lib/local/ops-tokens';

const USAGE = `usage: OPS_TOKEN=… npm run --silent ops-token -- NAME [--admin] [--hours N]
  NAME      1-64 of letters, digits, . _ @ + -
  --admin   an admin's token (settings and reviewers' accounts besides the queue)
  --hours   how long the token is good for (default ${DEFAULT_TOKEN_HOURS})
`;

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { admin: { type: 'boolean', default: false }, hours: { type: 'string' } },
  });
}
try {
  parsed = parse();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const [reviewer, ...extra] = parsed.positionals;
const hours = Number(parsed.values.hours ?? DEFAULT_TOKEN_HOURS);
const secret = process.env.OPS_TOKEN;
if (!reviewer || extra.length > 0 || !REVIEWER_NAME.test(reviewer) || !secret || !(hours > 0 && hours <= 24 * 31)) {
  process.stderr.write(USAGE);
  process.exit(2);
}
process.stdout.write(
  `${opsTokenFor(secret, reviewer, { admin: parsed.values.admin, ttlSeconds: Math.round(hours * 3600) })}\n`,
);
