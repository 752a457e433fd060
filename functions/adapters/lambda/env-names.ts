/**
 * The variables a function's template sets, by what they hold: the stacks write them and
 * functions/adapters/lambda/env.ts reads them, so the two cannot name a variable differently.
 * The tables' variables are TABLE_ENV, beside the tables' keys.
 */
export const ENV = {
  /** The triage state machine a ticket's run is started on. */
  stateMachineArn: 'STATE_MACHINE_ARN',
  /** The verified SES identity every email is sent from. */
  senderAddress: 'SENDER_ADDRESS',
  /** The support inbox merchants write to. */
  inboxAddress: 'INBOX_ADDRESS',
  /** The acquirer's normal support desk, which mail that is not about code 97 is forwarded to. */
  notTriggeredForwardTo: 'NOT_TRIGGERED_FORWARD_TO',
  /** The bucket, and the key prefix in it, where SES keeps each raw message. */
  mailBucket: 'MAIL_BUCKET',
  mailPrefix: 'MAIL_PREFIX',
  /** The SNS topic ops alerts go to, and the hours an escalation may wait unclaimed. */
  alertTopicArn: 'ALERT_TOPIC_ARN',
  slaHours: 'SLA_HOURS',
  /** The Cognito user pool of the reviewers' accounts. */
  opsUserPoolId: 'OPS_USER_POOL_ID',
  /** The Secrets Manager secrets the intake routes verify signatures with. */
  triageWebhookSecretArn: 'TRIAGE_WEBHOOK_SECRET_ARN',
  zendeskWebhookSecretArn: 'ZENDESK_WEBHOOK_SECRET_ARN',
  /** The Standard Webhooks secret the acquirer's systems sign POST /records/changes with. */
  recordsWebhookSecretArn: 'RECORDS_WEBHOOK_SECRET_ARN',
  /** Hours a record may go unconfirmed by the acquirer's systems before a decision resting on it says so. */
  recordsMaxAgeHours: 'RECORDS_MAX_AGE_HOURS',
  /** `true`: a records change re-runs the open escalations it can clear, by itself. */
  rerunOnRecordChange: 'RERUN_ON_RECORD_CHANGE',
  /** The lifecycle's deadlines (LifecycleTiming), when not the defaults. */
  decideWithinMs: 'DECIDE_WITHIN_MS',
  sendWithinMs: 'SEND_WITHIN_MS',
  maxRuns: 'MAX_RUNS',
  /** debug, info (the default), warn, error or off. */
  logLevel: 'LOG_LEVEL',
} as const;
