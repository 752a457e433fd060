import { dynamoRecords } from '#adapters/dynamodb/records';
import { db } from '#adapters/lambda/db';
import { stepHandler } from '#adapters/lambda/middleware';
import type { RecordsResult, TerminalStepInput } from '#handlers/steps/state';

const records = dynamoRecords(db);

export const handler = stepHandler<TerminalStepInput, Pick<RecordsResult, 'model'>>(async ({ identify }) => {
  const { brand, model } = identify.identification.terminal;
  return { model: await records.modelOf(brand, model) };
});
