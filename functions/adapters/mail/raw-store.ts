import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { IncomingMail } from '#use-cases/ingest-mail';

/** Where SES's receipt rule keeps raw messages: each under the rule's prefix and its SES message ID. */
export interface RawMailStore {
  open(key: string, arrivedAt: Date): Promise<Omit<IncomingMail, 'verdicts'>>;
}

/** The bucket the receipt rule writes to; its size is read first, so an oversized message is never downloaded. */
export function s3MailStore(bucket: string, client: S3Client): RawMailStore {
  return {
    async open(key, arrivedAt) {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        location: `s3://${bucket}/${key}`,
        bytes: head.ContentLength ?? 0,
        arrivedAt,
        read: async () => {
          const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          if (!object.Body) throw new Error(`s3://${bucket}/${key} has no body`);
          return object.Body.transformToByteArray();
        },
      };
    },
  };
}
