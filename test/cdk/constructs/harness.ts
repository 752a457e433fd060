import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { DefinitionBody, Pass, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { FunctionSettings } from '#lib/function-access';
import { createTriageTables } from '#lib/triage-tables';
import { DEFAULT_OBSERVABILITY } from '#workflows/triage-workflow';

/**
 * One construct in a stack of its own, with what it is given made up beside it (tables, an
 * HTTP API, a state machine, a bucket), so a test asserts what the construct adds and no more.
 * Bundling is skipped: the templates name the handlers, they do not build them.
 */
export function inStack(add: (stack: Stack, given: ReturnType<typeof givens>) => void): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'UnderTest', { env: { account: '111111111111', region: 'us-east-1' } });
  add(stack, givens(stack));
  return Template.fromStack(stack);
}

function givens(stack: Stack) {
  const settings: FunctionSettings = {
    tables: createTriageTables(stack),
    observability: DEFAULT_OBSERVABILITY,
    senderAddress: 'support@acquirer.example',
  };
  return {
    settings,
    api: new HttpApi(stack, 'GivenApi', { createDefaultStage: false }),
    stateMachine: new StateMachine(stack, 'GivenMachine', {
      definitionBody: DefinitionBody.fromChainable(new Pass(stack, 'GivenPass')),
    }),
    mailBucket: new Bucket(stack, 'GivenBucket'),
  };
}

/** The environment a function of the template is given, by the function's logical ID prefix. */
export function environmentOf(template: Template, idPrefix: string): Record<string, unknown> {
  const [, fn] =
    Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(idPrefix)) ?? [];
  return (fn?.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
}
