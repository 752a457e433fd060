import { getModel } from '#commons/records-store';
import { stepHandler } from '#commons/middleware';
import type { RecordsResult, TerminalStepInput } from '#commons/workflow-state';

export const handler = stepHandler<TerminalStepInput, Pick<RecordsResult, 'model'>>(async ({ identify }) => {
  const { brand, model } = identify.identification.terminal;
  return { model: await getModel(brand, model) };
});
