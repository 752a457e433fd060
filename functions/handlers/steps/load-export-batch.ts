import { dynamoRecordDiff, dynamoRecordLoad } from '#adapters/dynamodb/record-load';
import { db } from '#adapters/lambda/db';
import { stepHandler } from '#adapters/lambda/middleware';
import { type BatchReport, type ExportBatch, runExportBatch } from '#use-cases/export-batches';

const stores = { load: dynamoRecordLoad(db), diff: dynamoRecordDiff(db) };

/** A batch of a Distributed Map over an export, as its ItemBatcher and ItemSelector hand it over. */
export interface ExportBatchEvent {
  BatchInput: ExportBatch['job'];
  Items: ExportBatch['rows'];
}

/** One batch of the cloud records load (or diff): the rows the Map's reader took from the export. */
export const handler = stepHandler<ExportBatchEvent, BatchReport>(async (event) =>
  runExportBatch(stores, { job: event.BatchInput, rows: event.Items }),
);
