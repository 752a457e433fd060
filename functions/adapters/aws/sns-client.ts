import { SNSClient } from '@aws-sdk/client-sns';
import { REQUEST_HANDLER } from '#adapters/aws/request-handler';

export const snsClient = new SNSClient({ requestHandler: REQUEST_HANDLER });
