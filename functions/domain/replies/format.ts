import type { Invoice, Language } from '#domain/triage/types';

/** `****0012`: enough to tell terminals apart, not enough to reuse. */
export function maskTid(terminalId: string): string {
  return `****${terminalId.slice(-4)}`;
}

/** Integer fen to yuan with two decimals, no floating point on the way. */
export function formatYuan(fen: number, language: Language): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = `${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
  return language === 'zh' ? `${sign}¥${yuan}` : `${sign}CNY ${yuan}`;
}

export const outstandingFen = (invoice: Invoice) => invoice.amountDueFen - invoice.amountPaidFen;

export function invoiceLine(invoice: Invoice, language: Language): string {
  const due = formatYuan(invoice.amountDueFen, language);
  const paid = formatYuan(invoice.amountPaidFen, language);
  const owed = formatYuan(outstandingFen(invoice), language);
  return language === 'zh'
    ? `${invoice.invoiceId}（${invoice.period} 账期）：应缴 ${due}，已缴 ${paid}，未缴 ${owed}，到期日 ${invoice.dueDate}`
    : `${invoice.invoiceId} (period ${invoice.period}): due ${due}, paid ${paid}, outstanding ${owed}, due date ${invoice.dueDate}`;
}
