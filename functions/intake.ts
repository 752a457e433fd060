import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { detectTrigger } from '#triage/trigger';
import { parseTicketLine } from '#triage/validate';
import { requiredEnv } from '#commons/env';
import { sfnClient } from '#commons/aws/sfn';
import { jsonResponse } from '#commons/http';
import { httpHandler, log } from '#commons/middleware';
import { deleteUnstartedTicket, putNewTicket, type TicketItem } from '#commons/tickets-store';
import type { WorkflowInput } from '#commons/workflow-state';

const stateMachineArn = requiredEnv('STATE_MACHINE_ARN');


const executionName = (ticketId: string) => `${ticketId.replace(/[^A-Za-z0-9_.-]/g, '_')}-${Date.now()}`;

function requestBody(event: APIGatewayProxyEventV2): string {
  const raw = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

/**
 * POST /tickets. 400 names the bad field; 202 accepts a first delivery (and starts the workflow
 * when it mentions code 97); 200 with `duplicate: true` answers a ticketId already delivered,
 * with that delivery's outcome so far; 503 when the workflow could not be started (nothing kept).
 */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const parsed = parseTicketLine(requestBody(event));
  if (!parsed.ok) return jsonResponse(400, { error: parsed.error, field: parsed.field });
  const { ticket } = parsed;

  const trigger = detectTrigger(ticket.subject, ticket.body);
  const now = new Date().toISOString();
  const item: TicketItem = {
    ticketId: ticket.ticketId,
    ticket,
    receivedAt: ticket.receivedAt,
    receivedAtEpochMs: Date.parse(ticket.receivedAt),
    status: trigger.triggered ? 'PROCESSING' : 'DECIDED',
    triggered: trigger.triggered,
    triggerEvidence: trigger.evidence,
    createdAt: now,
    ...(trigger.triggered ? {} : { outcome: 'NOT_TRIGGERED', findings: [], decidedAt: now }),
  };

  const stored = await putNewTicket(item);
  if (!stored.created) {
    const { existing } = stored;
    return jsonResponse(200, {
      ticketId: existing.ticketId,
      duplicate: true,
      status: existing.status,
      outcome: existing.outcome ?? null,
      diagnosis: existing.diagnosis ?? null,
      findings: existing.findings ?? [],
    });
  }
  if (!trigger.triggered) {
    return jsonResponse(202, { ticketId: ticket.ticketId, duplicate: false, triggered: false, outcome: 'NOT_TRIGGERED' });
  }

  const input: WorkflowInput = { ticket, trigger: { evidence: trigger.evidence } };
  try {
    const { executionArn } = await sfnClient.send(new StartExecutionCommand({
      stateMachineArn,
      name: executionName(ticket.ticketId),
      input: JSON.stringify(input),
    }));
    return jsonResponse(202, { ticketId: ticket.ticketId, duplicate: false, triggered: true, executionArn });
  } catch (error) {
    log('error', 'could not start the triage workflow', { ticketId: ticket.ticketId, detail: String(error) });
    await deleteUnstartedTicket(ticket.ticketId);
    return jsonResponse(503, { error: 'the triage workflow could not be started; deliver the ticket again', ticketId: ticket.ticketId });
  }
});
