import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { db } from '#adapters/lambda/db';
import { systemClock } from '#adapters/lambda/env';
import { logger } from '#adapters/lambda/logger';
import { stepHandler } from '#adapters/lambda/middleware';
import { recordsSeen, type DecidedState } from '#handlers/steps/state';
import { recordDecision } from '#use-cases/record-decision';

const deps = { tickets: dynamoTickets(db), clock: systemClock };

export const handler = stepHandler<DecidedState, { result: 'RECORDED' | 'ALREADY_RECORDED' }>(async (state) => {
  const { decision, reply, suggestedReply } = state.triage;
  const result = await recordDecision(deps, {
    ticket: state.ticket,
    thread: state.thread,
    decision,
    reply,
    suggestedReply,
    recordsRead: recordsSeen(state),
  });
  logger.info('decision', {
    result,
    outcome: decision.outcome,
    diagnosis: decision.diagnosis,
    findings: decision.findings,
    terminalId: decision.terminalId,
  });
  return { result };
});
