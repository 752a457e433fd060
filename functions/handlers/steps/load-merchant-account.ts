import { getMerchant, invoicesOf } from '#adapters/dynamodb/records';
import { stepHandler } from '#adapters/lambda/middleware';
import type { RecordsResult, TerminalStepInput } from '#handlers/steps/state';

/** The merchant the terminal is bound to, and its invoices (one GetItem, one Query). */
export const handler = stepHandler<TerminalStepInput, Pick<RecordsResult, 'merchant' | 'invoices'>>(
  async ({ identify }) => {
    const { merchantId } = identify.identification.terminal;
    const [merchant, invoices] = await Promise.all([getMerchant(merchantId), invoicesOf(merchantId)]);
    return { merchant, invoices };
  },
);
