import { getModel } from '#adapters/dynamodb/records';
import { stepHandler } from '#adapters/lambda/middleware';
import type { RecordsResult, TerminalStepInput } from '#handlers/steps/state';

export const handler = stepHandler<TerminalStepInput, Pick<RecordsResult, 'model'>>(async ({ identify }) => {
  const { brand, model } = identify.identification.terminal;
  return { model: await getModel(brand, model) };
});
