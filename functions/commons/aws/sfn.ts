import { SFNClient } from '@aws-sdk/client-sfn';
import { REQUEST_HANDLER } from '#commons/aws/request-handler';

export const sfnClient = new SFNClient({ requestHandler: REQUEST_HANDLER });
