import { extractIdentifiers } from '#domain/triage/extract';
import { identify } from '#domain/triage/identify';
import { recordLookup } from '#adapters/dynamodb/records';
import { stepHandler } from '#adapters/lambda/middleware';
import type { IdentifyResult, WorkflowInput } from '#handlers/steps/state';

export const handler = stepHandler<WorkflowInput, IdentifyResult>(async ({ ticket }) => {
  const extracted = extractIdentifiers(ticket);
  const identification = await identify(extracted, recordLookup);
  return { extracted, identification };
});
