import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { MINUTE_MS } from '#domain/time';

/** Long enough to spare Secrets Manager a call per request, short enough to pick up a rotation. */
const CACHE_MS = 5 * MINUTE_MS;

/** A signing secret from Secrets Manager, read when first needed and cached; a failed read is not cached. */
export function cachedSecret(secretArn: string, client: SecretsManagerClient): () => Promise<string> {
  let cached: { value: Promise<string>; until: number } | null = null;
  return () => {
    const now = Date.now();
    if (!cached || cached.until < now) {
      const value = client.send(new GetSecretValueCommand({ SecretId: secretArn })).then(({ SecretString }) => {
        if (!SecretString) throw new Error(`the secret ${secretArn} holds no string`);
        return SecretString;
      });
      cached = { value, until: now + CACHE_MS };
      value.catch(() => (cached = null));
    }
    return cached.value;
  };
}
