import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
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

/** One child execution's line of a result file: its output (COMPACT), as an object or a JSON string, or the whole execution (NONE). */
function reportIn(line: unknown): BatchReport | null {
  const value = typeof line === 'string' ? (JSON.parse(line) as unknown) : line;
  if (value === null || typeof value !== 'object') return null;
  const execution = value as { Output?: unknown; mode?: unknown };
  if (typeof execution.Output === 'string') return JSON.parse(execution.Output) as BatchReport;
  return execution.mode === 'load' || execution.mode === 'diff' ? (value as BatchReport) : null;
}

/**
 * The ResultWriter's files in S3 (`COMPACT`, `JSONL`): its manifest lists the result files by
 * status; each line of a succeeded file is one batch's report, read line by line (a pass of ten
 * million rows writes 20,000 of them); a failed or pending file is counted by its executions.
 */
export function s3ExportResults(client: S3Client): ExportResults {
  const open = async (bucket: string, key: string) => {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!object.Body) throw new Error(`s3://${bucket}/${key} has no body`);
    return object.Body;
  };
  const lines = async function* (bucket: string, key: string) {
    const body = (await open(bucket, key)) as unknown as Readable;
    for await (const line of createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY }))
      if (line.trim() !== '') yield line;
  };
  return {
    async batchesOf({ Bucket, Key }) {
      const manifest = JSON.parse(await (await open(Bucket, Key)).transformToString()) as Manifest;
      const files = manifest.ResultFiles ?? {};
      const reports: BatchReport[] = [];
      let failed = 0;
      for (const file of files.SUCCEEDED ?? [])
        for await (const line of lines(Bucket, file.Key)) {
          const report = reportIn(JSON.parse(line) as unknown);
          if (report) reports.push(report);
        }
      for (const file of [...(files.FAILED ?? []), ...(files.PENDING ?? [])]) {
        const text = (await (await open(Bucket, file.Key)).transformToString()).trim();
        failed += text.startsWith('[')
          ? (JSON.parse(text) as unknown[]).length
          : text.split('\n').filter((l) => l.trim()).length;
      }
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
