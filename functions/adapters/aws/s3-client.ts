import { S3Client } from '@aws-sdk/client-s3';
import { REQUEST_HANDLER } from '#adapters/aws/request-handler';

export const s3Client = new S3Client({ requestHandler: REQUEST_HANDLER });
