import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { REQUEST_HANDLER } from '#adapters/aws/request-handler';

export const cognitoClient = new CognitoIdentityProviderClient({ requestHandler: REQUEST_HANDLER });
