import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listenerOf } from '../http-listener.ts';
import { s3Folder } from './s3-folder.ts';
import { cognitoUsers } from './cognito-users.ts';
import { secretsManager } from './secrets-manager.ts';
import { type Alert, snsLog } from './sns-log.ts';
import type { LocalQueues } from './sqs-queues.ts';
import { sqsService } from './sqs.ts';

export interface LocalEndpointsOptions {
  /** The mail bucket the templates name, served from `mailDir`. */
  mailBucket: string;
  mailDir: string;
  /** Secret ARN (as the templates resolve locally) → the value it holds. */
  secrets: ReadonlyMap<string, string>;
  /** The ops user pool the templates make: its ID, its groups and the reviewers it starts with. */
  users: Parameters<typeof cognitoUsers>[0];
  onAlert: (alert: Alert) => void;
  /** The queues the templates make, served over SQS's JSON protocol. */
  queues: LocalQueues;
  port: number;
}

const bodyOf = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * The parts of S3, SNS, SQS, Secrets Manager and the ops user pool the handlers call, on one port
 * of 127.0.0.1: the handlers reach it through AWS_ENDPOINT_URL_S3, _SNS, _SQS, _SECRETS_MANAGER and
 * _COGNITO_IDENTITY_PROVIDER with their own SDK clients, as they reach AWS. A request is told
 * apart the way the SDK sends it: SQS, Secrets Manager and Cognito by their X-Amz-Target, SNS by
 * its form-encoded Action, S3 by everything else.
 */
export async function startLocalEndpoints(options: LocalEndpointsOptions): Promise<{ url: string; server: Server }> {
  const s3 = s3Folder(options.mailBucket, options.mailDir);
  const sns = snsLog(options.onAlert);
  const secrets = secretsManager(options.secrets);
  const users = cognitoUsers(options.users);
  const sqs = sqsService(options.queues, `http://127.0.0.1:${options.port}`);
  const server = createServer(
    listenerOf(async (req, res) => {
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string') {
        const serve = target.startsWith('AmazonSQS.')
          ? sqs
          : target.startsWith('AWSCognitoIdentityProviderService.')
            ? users
            : secrets;
        return serve(target, await bodyOf(req), res);
      }
      if (req.method === 'POST' && req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
        return sns(new URLSearchParams(await bodyOf(req)), res);
      }
      return s3(req, res);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}
