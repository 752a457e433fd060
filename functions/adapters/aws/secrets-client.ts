import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { REQUEST_HANDLER } from '#adapters/aws/request-handler';

export const secretsClient = new SecretsManagerClient({ requestHandler: REQUEST_HANDLER });
