import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BatchReport, ExportReport } from '#use-cases/export-batches';

/** Where a Distributed Map's ResultWriter left its manifest (the Map state's `ResultWriterDetails`). */
export interface ResultWriterDetails {
  Bucket: string;
  Key: string;
}

interface Manifest {
  ResultFiles?: Partial<Record<'SUCCEEDED' | 'FAILED' | 'PENDING', Array<{ Key: string }>>>;
}

/** The batches' reports a Map Run wrote, and the report of the whole job. */
export interface ExportResults {
  batchesOf(details: ResultWriterDetails): Promise<{ reports: BatchReport[]; failed: number }>;
  putReport(bucket: string, key: string, report: ExportReport): Promise<void>;
}

/**
 * The ResultWriter's files in S3: its manifest lists the result files by status; each file is
 * an array of child executions whose Output (a JSON string) is one batch's report.
 */
export function s3ExportResults(client: S3Client): ExportResults {
  const readJson = async <T>(bucket: string, key: string): Promise<T> => {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse((await object.Body?.transformToString()) ?? 'null') as T;
  };
  return {
    async batchesOf({ Bucket, Key }) {
      const manifest = await readJson<Manifest>(Bucket, Key);
      const files = manifest.ResultFiles ?? {};
      const reports: BatchReport[] = [];
      let failed = 0;
      for (const file of files.SUCCEEDED ?? []) {
        const executions = await readJson<Array<{ Output?: string }>>(Bucket, file.Key);
        for (const execution of executions)
          if (execution.Output) reports.push(JSON.parse(execution.Output) as BatchReport);
      }
      for (const file of [...(files.FAILED ?? []), ...(files.PENDING ?? [])])
        failed += (await readJson<unknown[]>(Bucket, file.Key)).length;
      return { reports, failed };
    },
    async putReport(bucket, key, report) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(report),
          ContentType: 'application/json',
        }),
      );
    },
  };
}
