import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * Secrets Manager's GetSecretValue (JSON 1.1) for the secrets the templates create, each
 * holding the value the stack was started with: the intake routes read their signing
 * secrets exactly as on AWS.
 */
export function secretsManager(secrets: ReadonlyMap<string, string>) {
  const version = randomUUID();
  return (target: string, body: string, res: ServerResponse): void => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    if (target !== 'secretsmanager.GetSecretValue') {
      return send(400, { __type: 'InvalidRequestException', message: `${target} is not served locally` });
    }
    const { SecretId = '' } = JSON.parse(body || '{}') as { SecretId?: string };
    const value = secrets.get(SecretId);
    if (value === undefined) {
      return send(400, { __type: 'ResourceNotFoundException', message: `no secret ${SecretId}` });
    }
    send(200, {
      ARN: SecretId,
      Name: SecretId,
      SecretString: value,
      VersionId: version,
      VersionStages: ['AWSCURRENT'],
    });
  };
}
