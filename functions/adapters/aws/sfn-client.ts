import { SFNClient } from '@aws-sdk/client-sfn';
import { REQUEST_HANDLER } from '#adapters/aws/request-handler';

/** One attempt per call: a retried StartExecution after a lost answer would start a second run. */
export const sfnClient = new SFNClient({ requestHandler: REQUEST_HANDLER, maxAttempts: 1 });
