import type { RecordLookup } from '#triage/identify';
import type { Invoice, Merchant, Records, Terminal, Ticket } from '#triage/types';

export const merchant = (over: Partial<Merchant> = {}): Merchant => ({
  merchantId: '898600000000001',
  name: '河畔咖啡',
  contactEmail: 'Owner@Riverside.example',
  status: 'ACTIVE',
  language: 'zh',
  ...over,
});

export const terminal = (over: Partial<Terminal> = {}): Terminal => ({
  terminalId: '40000001',
  serialNumber: 'PXA920RS0001',
  merchantId: '898600000000001',
  brand: 'PAX',
  model: 'A920',
  registration: 'REGISTERED',
  firmwareVersion: '3.5.0',
  ...over,
});

export const invoice = (over: Partial<Invoice> = {}): Invoice => ({
  invoiceId: 'INV-U-1',
  merchantId: '898600000000001',
  period: '2026-10',
  amountDueFen: 10000,
  amountPaidFen: 0,
  dueDate: '2026-11-10',
  status: 'OPEN',
  ...over,
});

export const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  ticketId: 'U-1',
  receivedAt: '2026-11-20T10:00:00+08:00',
  from: 'owner@riverside.example',
  subject: 'POS提示97',
  body: '刷卡提示97终端未登记',
  ...over,
});

/** An in-memory RecordLookup that also counts the lookups made. */
export function memoryLookup(records: Pick<Records, 'merchants' | 'terminals'>): RecordLookup & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    terminalById: async (id) => (calls.push(`tid:${id}`), records.terminals.find((t) => t.terminalId === id) ?? null),
    terminalsBySerial: async (sn) => (calls.push(`sn:${sn}`), records.terminals.filter((t) => t.serialNumber === sn)),
    merchantById: async (id) => (calls.push(`mid:${id}`), records.merchants.find((m) => m.merchantId === id) ?? null),
    merchantsByEmail: async (email) => (
      calls.push(`email:${email}`),
      records.merchants.filter((m) => m.contactEmail.toLowerCase() === email.toLowerCase())
    ),
    terminalsOfMerchant: async (id) => (calls.push(`terminals:${id}`), records.terminals.filter((t) => t.merchantId === id)),
  };
}
