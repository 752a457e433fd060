import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { systemClock, timingFromEnv } from '#adapters/lambda/env';
import { stepHandler } from '#adapters/lambda/middleware';
import { recordsSeen, type DecidedState } from '#handlers/steps/state';
import { recordDecision } from '#use-cases/record-decision';

const deps = { tickets: dynamoTickets, clock: systemClock, timing: timingFromEnv() };

export const handler = stepHandler<DecidedState, { result: 'RECORDED' | 'ALREADY_RECORDED' }>(async (state) => {
  const { decision, reply, suggestedReply } = state.triage;
  return { result: await recordDecision(deps, { ticket: state.ticket, decision, reply, suggestedReply, recordsRead: recordsSeen(state) }) };
});
