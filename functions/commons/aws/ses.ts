import { SESClient } from '@aws-sdk/client-ses';
import { REQUEST_HANDLER } from '#commons/aws/request-handler';

export const sesClient = new SESClient({ requestHandler: REQUEST_HANDLER });
