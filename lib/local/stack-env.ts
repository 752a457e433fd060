import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TABLE_ENV, type TableKey } from '#adapters/dynamodb/schema';
import { LOCAL_REGION } from './cloud-assembly.ts';
import type { LocalStack } from './stack-types.ts';

/**
 * The variables that point a command run beside the local stack (`npm run records`, `npm run
 * seed`, the AWS CLI) at it, as `set -a; . FILE; set +a` reads them: its DynamoDB Local and
 * the other AWS services, placeholder credentials, each table's name.
 */
export function stackEnvVars(stack: Pick<LocalStack, 'urls' | 'tableNames'>): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: stack.urls.dynamodb,
    AWS_ENDPOINT_URL_SQS: stack.urls.aws,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    ...Object.fromEntries((Object.keys(TABLE_ENV) as TableKey[]).map((key) => [TABLE_ENV[key], stack.tableNames[key]])),
  };
}

const stackEnv = (stack: Pick<LocalStack, 'urls' | 'tableNames'>): string =>
  [
    '# Written by npm start for the stack now running; removed when it stops.',
    ...Object.entries(stackEnvVars(stack)).map(([name, value]) => `${name}=${value}`),
    '',
  ].join('\n');

/** Writes the stack's variables to `file`; the function returned removes it, unless another start wrote it since. */
export function writeStackEnv(file: string, stack: Pick<LocalStack, 'urls' | 'tableNames'>): () => void {
  const text = stackEnv(stack);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
  return () => {
    try {
      if (readFileSync(file, 'utf8') === text) rmSync(file);
    } catch {
      // Already gone.
    }
  };
}
