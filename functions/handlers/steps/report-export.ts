import { s3Client } from '#adapters/aws/s3-client';
import { stepHandler } from '#adapters/lambda/middleware';
import { REPORTS_PREFIX } from '#adapters/s3/export-keys';
import { type ResultWriterDetails, s3ExportResults } from '#adapters/s3/export-results';
import { reportOf } from '#use-cases/export-batches';

const results = s3ExportResults(s3Client);

export interface ReportExportInput {
  loadId: string;
  mode: 'load' | 'diff';
  bucket: string;
  /** Each Map state's ResultWriterDetails, in pass order. */
  passes: ResultWriterDetails[];
}

/**
 * The last step of a cloud load or diff: the batches' reports gathered into one, written to
 * `reports/<loadId>.json` (REPORTS_PREFIX) in the exports bucket, its counts returned as the run's output.
 */
export const handler = stepHandler<
  ReportExportInput,
  { loadId: string; report: string; counts: Record<string, number>; unlisted: number; failedBatches: number }
>(async ({ loadId, mode, bucket, passes }) => {
  const read = await Promise.all(passes.map((details) => results.batchesOf(details)));
  const report = reportOf(
    mode,
    read.flatMap((r) => r.reports),
    read.reduce((n, r) => n + r.failed, 0),
  );
  const key = `${REPORTS_PREFIX}${loadId}.json`;
  await results.putReport(bucket, key, report);
  return {
    loadId,
    report: `s3://${bucket}/${key}`,
    counts: report.counts,
    unlisted: report.unlisted,
    failedBatches: report.failedBatches,
  };
});
