import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { refusedByService, surelyNotCarriedOut } from '#adapters/aws/request-handler';
import { StartError, type WorkflowStarter } from '#use-cases/ports';

/** Execution names allow A-Z a-z 0-9 - _ and at most 80 characters. */
const executionName = (ticketId: string, runId: string) =>
  `${ticketId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 43)}-${runId}`;

/** Step Functions behind the WorkflowStarter port. */
export function sfnWorkflowStarter(stateMachineArn: string, client: SFNClient): WorkflowStarter {
  return {
    async start(input) {
      try {
        const { executionArn } = await client.send(
          new StartExecutionCommand({
            stateMachineArn,
            name: executionName(input.ticket.ticketId, input.runId),
            input: JSON.stringify(input),
          }),
        );
        return { executionArn: executionArn ?? '' };
      } catch (error) {
        const e = error as Error;
        const certainty = surelyNotCarriedOut(error) || refusedByService(error) ? 'NOT_STARTED' : 'UNKNOWN';
        throw new StartError(certainty, `${e.name}: ${e.message}`);
      }
    },
  };
}
