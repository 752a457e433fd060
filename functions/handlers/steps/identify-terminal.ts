import { dynamoRecords } from '#adapters/dynamodb/records';
import { db } from '#adapters/lambda/db';
import { logger } from '#adapters/lambda/logger';
import { stepHandler } from '#adapters/lambda/middleware';
import { extractIdentifiers } from '#domain/triage/extract';
import { identify } from '#domain/triage/identify';
import type { IdentifyResult, WorkflowInput } from '#handlers/steps/state';

const records = dynamoRecords(db);

export const handler = stepHandler<WorkflowInput, IdentifyResult>(async ({ ticket }) => {
  const extracted = extractIdentifiers(ticket);
  const identification = await identify(extracted, records);
  logger.info('identified', {
    kind: identification.kind,
    terminalId: identification.kind === 'TERMINAL' ? identification.terminal.terminalId : null,
    sender: extracted.sender,
  });
  return { extracted, identification };
});
