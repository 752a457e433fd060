import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsClient } from '#adapters/aws/secrets-client';
import { MINUTE_MS } from '#domain/time';

/** Long enough to spare Secrets Manager a call per request, short enough to pick up a rotation. */
const CACHE_MS = 5 * MINUTE_MS;

/**
 * A signing secret, read once and cached: from the variable `name` itself when set (the local
 * stack), else from the Secrets Manager secret whose ARN is in `${name}_ARN` (AWS).
 */
export function secretFromEnv(name: string, client: SecretsManagerClient = secretsClient): () => Promise<string> {
  let cached: { value: Promise<string>; until: number } | null = null;
  return () => {
    const plain = process.env[name];
    if (plain) return Promise.resolve(plain);
    const arn = process.env[`${name}_ARN`];
    if (!arn) return Promise.reject(new Error(`neither ${name} nor ${name}_ARN is set`));
    const now = Date.now();
    if (!cached || cached.until < now) {
      const value = client.send(new GetSecretValueCommand({ SecretId: arn })).then(({ SecretString }) => {
        if (!SecretString) throw new Error(`the secret ${arn} holds no string`);
        return SecretString;
      });
      cached = { value, until: now + CACHE_MS };
      value.catch(() => (cached = null));
    }
    return cached.value;
  };
}
