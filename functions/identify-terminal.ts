import { extractIdentifiers } from '#triage/extract';
import { identify } from '#triage/identify';
import { recordLookup } from '#commons/records-store';
import { stepHandler } from '#commons/middleware';
import type { IdentifyResult, WorkflowInput } from '#commons/workflow-state';

export const handler = stepHandler<WorkflowInput, IdentifyResult>(async ({ ticket }) => {
  const extracted = extractIdentifiers(ticket);
  const identification = await identify(extracted, recordLookup);
  return { extracted, identification };
});
