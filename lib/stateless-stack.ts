import { CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { INDEX, TABLE_ENV, type TableKey } from '../functions/commons/table-schema.ts';
import { TriageWorkflow } from '../workflows/triage-workflow.ts';
import type { TriageTables } from './stateful-stack.ts';
import { TriageFunction } from './triage-function.ts';

export interface StatelessStackProps extends StackProps {
  tables: TriageTables;
  /** The verified SES identity replies are sent from, e.g. `support@acquirer.example`. */
  senderAddress: string;
}

interface TableAccess {
  actions: string[];
  /** Indexes the function queries; permissions name each one rather than index/*. */
  indexes?: string[];
}

const READ = ['dynamodb:GetItem', 'dynamodb:Query'];

/** The HTTP API (intake and the ops queue), the Lambda adapters and the triage state machine. */
export class StatelessStack extends Stack {
  readonly workflow: TriageWorkflow;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { tables, senderAddress } = props;

    const fn = (id: string, handlerFile: string, access: Partial<Record<TableKey, TableAccess>>) => {
      const used = Object.keys(access) as TableKey[];
      const f = new TriageFunction(this, id, {
        handlerFile,
        environment: Object.fromEntries(used.map((key) => [TABLE_ENV[key], tables[key].tableName])),
      });
      for (const key of used) {
        const { actions, indexes = [] } = access[key] ?? { actions: [] };
        const { tableArn } = tables[key];
        f.addToRolePolicy(new PolicyStatement({ actions, resources: [tableArn, ...indexes.map((i) => `${tableArn}/index/${i}`)] }));
      }
      return f;
    };

    const identifyTerminal = fn('IdentifyTerminal', 'identify-terminal.ts', {
      terminals: { actions: READ, indexes: [INDEX.terminalsBySerialNumber.name, INDEX.terminalsByMerchant.name] },
      merchants: { actions: READ, indexes: [INDEX.merchantsByContactEmail.name] },
    });
    const loadMerchantAccount = fn('LoadMerchantAccount', 'load-merchant-account.ts', {
      merchants: { actions: ['dynamodb:GetItem'] },
      invoices: { actions: ['dynamodb:Query'] },
    });
    const loadFirmwareBaseline = fn('LoadFirmwareBaseline', 'load-firmware-baseline.ts', { models: { actions: ['dynamodb:GetItem'] } });
    const loadTicketHistory = fn('LoadTicketHistory', 'load-ticket-history.ts', {
      tickets: { actions: ['dynamodb:Query'], indexes: [INDEX.ticketsAutoResolvedByTerminal.name] },
    });
    const decide = fn('Decide', 'decide.ts', {});
    const recordDecision = fn('RecordDecision', 'record-decision.ts', {
      tickets: { actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'] },
      escalations: { actions: ['dynamodb:PutItem'] },
    });
    const sendReply = fn('SendReply', 'send-reply.ts', { tickets: { actions: ['dynamodb:UpdateItem'] } });
    sendReply.addEnvironment('SENDER_ADDRESS', senderAddress);
    const senderDomain = senderAddress.split('@').pop() ?? senderAddress;
    sendReply.addToRolePolicy(new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [senderAddress, senderDomain].map((identity) =>
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
      ),
      conditions: { StringEquals: { 'ses:FromAddress': senderAddress } },
    }));
    const escalateFailure = fn('EscalateFailure', 'escalate-failure.ts', {
      tickets: { actions: ['dynamodb:UpdateItem'] },
      escalations: { actions: ['dynamodb:UpdateItem'] },
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
      tickets: { actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'] },
    });
    intake.addEnvironment('STATE_MACHINE_ARN', this.workflow.stateMachine.stateMachineArn);
    this.workflow.stateMachine.grantStartExecution(intake);

    const api = new HttpApi(this, 'IntakeApi', {
      description: 'Helpdesk tickets in (POST /tickets) and the ops escalation queue (GET /escalations)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH })),
      },
    });
    api.addRoutes({
      path: '/tickets',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('IntakeIntegration', intake),
    });

    const listEscalations = fn('ListEscalations', 'list-escalations.ts', {
      escalations: { actions: ['dynamodb:Query'], indexes: [INDEX.escalationsByStatus.name] },
    });
    api.addRoutes({
      path: '/escalations',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('EscalationsIntegration', listEscalations),
    });

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The product pins Node.js 22, the runtime the local stack and its Step Functions runner are tested on.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray trace segments and CloudWatch Logs delivery for Express executions accept no resource-level permissions.',
    });

    const closeEscalation = fn('CloseEscalation', 'close-escalation.ts', { escalations: { actions: ['dynamodb:UpdateItem'] } });
    api.addRoutes({
      path: '/escalations/{escalationId}/close',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('CloseEscalationIntegration', closeEscalation),
    });

    new CfnOutput(this, 'EscalationsUrl', { value: `${api.apiEndpoint}/escalations` });
    new CfnOutput(this, 'IntakeUrl', { value: `${api.apiEndpoint}/tickets` });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
  }
}
