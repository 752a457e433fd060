import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3ExportResults } from '#adapters/s3/export-results';

/** A bucket of objects behind the two calls the adapter makes, bodies streamed as the SDK streams them. */
function bucketOf(objects: Record<string, string>) {
  const put: Record<string, string> = {};
  const client = {
    async send(command: GetObjectCommand | PutObjectCommand) {
      const { Key = '' } = command.input;
      if (command instanceof PutObjectCommand) {
        put[Key] = String(command.input.Body);
        return {};
      }
      const text = objects[Key];
      if (text === undefined) throw new Error(`NoSuchKey ${Key}`);
      return { Body: Object.assign(Readable.from([text]), { transformToString: async () => text }) };
    },
  } as unknown as S3Client;
  return { client, put };
}

const report = (written: number) => ({
  mode: 'load',
  counts: { WRITTEN: written, OLDER: 0, REFUSED: 0 },
  listed: [],
  unlisted: 0,
});

describe('the results a Distributed Map wrote', () => {
  it('reads each batch report a line of the succeeded files holds, and counts the failed executions', async () => {
    const { client } = bucketOf({
      'results/run/manifest.json': JSON.stringify({
        ResultFiles: {
          SUCCEEDED: [{ Key: 'results/run/SUCCEEDED_0.json' }],
          FAILED: [{ Key: 'results/run/FAILED_0.json' }],
          PENDING: [],
        },
      }),
      // COMPACT: each output alone; an output as a JSON string, and a whole execution (NONE), read the same.
      'results/run/SUCCEEDED_0.json': [
        JSON.stringify(report(500)),
        JSON.stringify(JSON.stringify(report(499))),
        '',
        JSON.stringify({ ExecutionArn: 'arn:…', Output: JSON.stringify(report(12)) }),
      ].join('\r\n'),
      'results/run/FAILED_0.json': `${JSON.stringify({ Status: 'FAILED', Error: 'States.Timeout' })}\n${JSON.stringify({ Status: 'FAILED' })}\n`,
    });

    const read = await s3ExportResults(client).batchesOf({ Bucket: 'exports', Key: 'results/run/manifest.json' });

    expect(read.reports.map((r) => (r.counts as Record<string, number>).WRITTEN)).toEqual([500, 499, 12]);
    expect(read.failed).toBe(2);
  });

  it('counts a failed file written as a JSON array too', async () => {
    const { client } = bucketOf({
      m: JSON.stringify({ ResultFiles: { FAILED: [{ Key: 'f' }] } }),
      f: JSON.stringify([{ Status: 'FAILED' }, { Status: 'TIMED_OUT' }, { Status: 'FAILED' }]),
    });

    expect((await s3ExportResults(client).batchesOf({ Bucket: 'b', Key: 'm' })).failed).toBe(3);
  });

  it('writes the report as JSON under the key given', async () => {
    const { client, put } = bucketOf({});

    await s3ExportResults(client).putReport('exports', 'reports/L.json', {
      mode: 'load',
      counts: { WRITTEN: 1 },
      listed: [],
      unlisted: 0,
      failedBatches: 0,
    });

    expect(JSON.parse(put['reports/L.json'] ?? '{}')).toMatchObject({ counts: { WRITTEN: 1 }, failedBatches: 0 });
  });
});
