import { opsTokenFor } from '#lib/local/ops-tokens';

const [reviewer] = process.argv.slice(2);
const secret = process.env.OPS_TOKEN;
if (!reviewer || !/^[\w.@+-]{1,64}$/.test(reviewer) || !secret) {
  process.stderr.write(
    'usage: OPS_TOKEN=… npm run --silent ops-token -- NAME   (NAME: 1-64 of letters, digits, . _ @ + -)\n',
  );
  process.exit(2);
}
process.stdout.write(`${opsTokenFor(secret, reviewer)}\n`);
