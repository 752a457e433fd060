import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '#adapters/aws/s3-client';
import { requiredEnv } from '#adapters/lambda/env';
import type { IncomingMail } from '#use-cases/ingest-mail';

/** Where SES's receipt rule keeps raw messages: each under the rule's prefix and its SES message ID. */
export interface RawMailStore {
  open(key: string, arrivedAt: Date): Promise<Omit<IncomingMail, 'verdicts'>>;
}

/** The bucket the receipt rule writes to; its size is read first, so an oversized message is never downloaded. */
export function s3MailStore(bucket: string, client: S3Client = s3Client): RawMailStore {
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

/** The local stack's stand-in for the bucket: a folder the SMTP listener writes each message to. */
export function folderMailStore(dir: string): RawMailStore {
  return {
    async open(key, arrivedAt) {
      const file = path.join(dir, key);
      const { size } = await stat(file);
      return { location: file, bytes: size, arrivedAt, read: async () => new Uint8Array(await readFile(file)) };
    },
  };
}

/** LOCAL_MAIL_DIR (set by the local stack) wins over MAIL_BUCKET (set by the template). */
export const mailStoreFromEnv = (): RawMailStore =>
  process.env.LOCAL_MAIL_DIR ? folderMailStore(process.env.LOCAL_MAIL_DIR) : s3MailStore(requiredEnv('MAIL_BUCKET'));
