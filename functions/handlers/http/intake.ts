import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { newId, systemClock, timingFromEnv } from '#adapters/lambda/env';
import { jsonBody, jsonResponse } from '#adapters/lambda/http';
import { logger } from '#adapters/lambda/logger';
import { httpHandler } from '#adapters/lambda/middleware';
import { sfnWorkflowStarter } from '#adapters/sfn/workflow-starter';
import { MAX_TICKET_BYTES } from '#domain/triage/validate';
import { acceptTicket } from '#use-cases/accept-ticket';

const deps = { tickets: dynamoTickets, workflow: sfnWorkflowStarter(), clock: systemClock, newId, timing: timingFromEnv() };

/**
 * POST /tickets. 413 for a body too large to hold a ticket; 400 names the bad field; 202
 * accepts a first delivery; 200 with `duplicate: true` answers a ticketId already delivered,
 * with that delivery's outcome so far; 503 when the ticket could not be stored.
 */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const body = jsonBody(event, MAX_TICKET_BYTES);
  if (body.tooLarge) return jsonResponse(413, { error: `a ticket is at most ${MAX_TICKET_BYTES} bytes of JSON`, field: null });
  if (!body.ok) return jsonResponse(400, { error: body.error, field: null });
  const result = await acceptTicket(deps, body.value);
  logger.info('intake', { result: result.kind, ticketId: 'ticketId' in result ? result.ticketId : result.kind === 'DUPLICATE' ? result.existing.ticketId : null });
  switch (result.kind) {
    case 'INVALID':
      return jsonResponse(400, { error: result.error, field: result.field });
    case 'DUPLICATE': {
      const { existing } = result;
      return jsonResponse(200, {
        ticketId: existing.ticketId,
        duplicate: true,
        status: existing.status,
        outcome: existing.outcome ?? null,
        diagnosis: existing.diagnosis ?? null,
        findings: existing.findings ?? [],
      });
    }
    case 'NOT_TRIGGERED':
      return jsonResponse(202, { ticketId: result.ticketId, duplicate: false, triggered: false, outcome: 'NOT_TRIGGERED' });
    case 'ACCEPTED':
      return jsonResponse(202, { ticketId: result.ticketId, duplicate: false, triggered: true, executionArn: result.executionArn });
    case 'UNAVAILABLE':
      return jsonResponse(503, { error: 'the ticket could not be stored; deliver it again', ticketId: result.ticketId });
  }
});
