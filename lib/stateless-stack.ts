import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { TABLE_ENV, type TableKey } from '../functions/commons/table-schema.ts';
import { TriageWorkflow } from '../workflows/triage-workflow.ts';
import type { TriageTables } from './stateful-stack.ts';
import { TriageFunction } from './triage-function.ts';

export interface StatelessStackProps extends StackProps {
  tables: TriageTables;
  /** The verified SES identity replies are sent from, e.g. `support@acquirer.example`. */
  senderAddress: string;
}

const READ = ['dynamodb:GetItem', 'dynamodb:Query'];

/** The HTTP API (intake and the ops queue), the Lambda adapters and the triage state machine. */
export class StatelessStack extends Stack {
  readonly workflow: TriageWorkflow;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { tables, senderAddress } = props;

    const fn = (id: string, handlerFile: string, access: Partial<Record<TableKey, string[]>>) => {
      const used = Object.keys(access) as TableKey[];
      const f = new TriageFunction(this, id, {
        handlerFile,
        environment: Object.fromEntries(used.map((key) => [TABLE_ENV[key], tables[key].tableName])),
      });
      for (const key of used) tables[key].grant(f, ...(access[key] ?? []));
      return f;
    };

    const identifyTerminal = fn('IdentifyTerminal', 'identify-terminal.ts', { terminals: READ, merchants: READ });
    const loadMerchantAccount = fn('LoadMerchantAccount', 'load-merchant-account.ts', {
      merchants: ['dynamodb:GetItem'],
      invoices: ['dynamodb:Query'],
    });
    const loadFirmwareBaseline = fn('LoadFirmwareBaseline', 'load-firmware-baseline.ts', { models: ['dynamodb:GetItem'] });
    const loadTicketHistory = fn('LoadTicketHistory', 'load-ticket-history.ts', { tickets: ['dynamodb:Query'] });
    const decide = fn('Decide', 'decide.ts', {});
    const recordDecision = fn('RecordDecision', 'record-decision.ts', {
      tickets: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
      escalations: ['dynamodb:PutItem'],
    });
    const sendReply = fn('SendReply', 'send-reply.ts', { tickets: ['dynamodb:UpdateItem'] });
    sendReply.addEnvironment('SENDER_ADDRESS', senderAddress);
    sendReply.addToRolePolicy(new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
      conditions: { StringEquals: { 'ses:FromAddress': senderAddress } },
    }));
    const escalateFailure = fn('EscalateFailure', 'escalate-failure.ts', {
      tickets: ['dynamodb:UpdateItem'],
      escalations: ['dynamodb:UpdateItem'],
    });

    this.workflow = new TriageWorkflow(this, 'Triage', {
      identifyTerminal,
      loadMerchantAccount,
      loadFirmwareBaseline,
      loadTicketHistory,
      decide,
      recordDecision,
      sendReply,
      escalateFailure,
    });

    const intake = fn('Intake', 'intake.ts', {
      tickets: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'],
    });
    intake.addEnvironment('STATE_MACHINE_ARN', this.workflow.stateMachine.stateMachineArn);
    this.workflow.stateMachine.grantStartExecution(intake);

    const api = new HttpApi(this, 'IntakeApi', {
      description: 'Helpdesk tickets in (POST /tickets) and the ops escalation queue (GET /escalations)',
      defaultAuthorizer: new HttpIamAuthorizer(),
    });
    api.addRoutes({
      path: '/tickets',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('IntakeIntegration', intake),
    });

    const listEscalations = fn('ListEscalations', 'list-escalations.ts', { escalations: ['dynamodb:Query'] });
    api.addRoutes({
      path: '/escalations',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('EscalationsIntegration', listEscalations),
    });

    new CfnOutput(this, 'EscalationsUrl', { value: `${api.apiEndpoint}/escalations` });
    new CfnOutput(this, 'IntakeUrl', { value: `${api.apiEndpoint}/tickets` });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
  }
}
