import { Construct } from 'constructs';
import { INDEX } from '#adapters/dynamodb/schema';
import { ENV } from '#adapters/lambda/env-names';
import { TriageWorkflow } from '#workflows/triage-workflow';
import {
  type Access,
  CONTENT,
  type FunctionSettings,
  keepLogicalId,
  mayEmail,
  READ,
  REPLY_LIMITS,
  triageFunction,
} from './function-access.ts';

/** What sending a reply needs: claim and settle it on the ticket, escalate it when undelivered. */
const REPLY_ACCESS: Access = {
  tickets: { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
  escalations: { actions: ['dynamodb:UpdateItem'] },
  content: CONTENT,
  replyLimits: REPLY_LIMITS,
};

/** The triage state machine and the nine step functions it runs, each allowed only its own reads and writes. */
export class TriageSteps extends Construct {
  readonly workflow: TriageWorkflow;

  constructor(scope: Construct, id: string, settings: FunctionSettings, props: { recordsMaxAgeHours: number }) {
    super(scope, id);
    const step = (name: string, file: string, access: Access) =>
      triageFunction(this, name, settings, `handlers/steps/${file}`, access);
    const { senderAddress } = settings;
    const decide = step('Decide', 'decide.ts', {});
    decide.addEnvironment(ENV.recordsMaxAgeHours, String(props.recordsMaxAgeHours));
    this.workflow = new TriageWorkflow(
      this,
      'Triage',
      {
        identifyTerminal: step('IdentifyTerminal', 'identify-terminal.ts', {
          terminals: { actions: READ, indexes: [INDEX.terminalsBySerialNumber.name, INDEX.terminalsByMerchant.name] },
          merchants: { actions: READ, indexes: [INDEX.merchantsByContactEmail.name] },
        }),
        loadMerchantAccount: step('LoadMerchantAccount', 'load-merchant-account.ts', {
          merchants: { actions: ['dynamodb:GetItem'] },
          invoices: { actions: ['dynamodb:Query'] },
        }),
        loadFirmwareBaseline: step('LoadFirmwareBaseline', 'load-firmware-baseline.ts', {
          models: { actions: ['dynamodb:GetItem'] },
        }),
        loadTicketHistory: step('LoadTicketHistory', 'load-ticket-history.ts', {
          tickets: { actions: ['dynamodb:Query'], indexes: [INDEX.ticketsAutoResolvedByTerminal.name] },
        }),
        decide,
        recordDecision: step('RecordDecision', 'record-decision.ts', {
          tickets: { actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'] },
          escalations: { actions: ['dynamodb:PutItem'] },
          content: CONTENT,
        }),
        sendReply: mayEmail(step('SendReply', 'send-reply.ts', REPLY_ACCESS), senderAddress),
        recordDelivery: step('RecordDelivery', 'record-delivery.ts', {
          tickets: { actions: ['dynamodb:UpdateItem'] },
        }),
        escalateFailure: mayEmail(step('EscalateFailure', 'escalate-failure.ts', REPLY_ACCESS), senderAddress),
      },
      settings.observability,
    );
    keepLogicalId(this.workflow.stateMachine, 'TriageStateMachine1E159CF4');
  }
}
