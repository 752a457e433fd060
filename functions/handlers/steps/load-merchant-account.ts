import { dynamoRecords } from '#adapters/dynamodb/records';
import { db } from '#adapters/lambda/db';
import { stepHandler } from '#adapters/lambda/middleware';
import type { RecordsResult, TerminalStepInput } from '#handlers/steps/state';

const records = dynamoRecords(db);

/** The merchant the terminal is bound to, and its invoices (one GetItem, one Query). */
export const handler = stepHandler<TerminalStepInput, Pick<RecordsResult, 'merchant' | 'invoices'>>(
  async ({ identify }) => {
    const { merchantId } = identify.identification.terminal;
    const [merchant, invoices] = await Promise.all([records.merchantById(merchantId), records.invoicesOf(merchantId)]);
    return { merchant, invoices };
  },
);
