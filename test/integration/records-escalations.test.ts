import { describe, expect, it } from 'vitest';
import { opsCall } from '#fixtures/clients';
import { useLocalStack } from '#fixtures/local-stack';
import { eventually, storedItem } from '#fixtures/stored';
import { applyChange, deliver, finalTicket } from '#lib/local/replay';
import type { LocalStack } from '#lib/local/stack';

let stack: LocalStack;
useLocalStack((started) => (stack = started), { rerunOnRecordChange: true });

type Item = {
  status: string;
  diagnosis: string;
  recordsChanged?: Array<Record<string, unknown>>;
  audit?: Array<{ action: string; by: string; detail?: string }>;
};

async function escalated(ticketId: string, from: string, body: string) {
  const result = await deliver(
    stack,
    JSON.stringify({ ticketId, receivedAt: '2026-11-20T10:00:00+08:00', from, subject: 'POS提示97', body }),
  );
  expect(result.outcome).toBe('ESCALATED');
  return String(result.escalationId);
}

const item = async (escalationId: string) => (await storedItem<Item>(stack, 'escalations', { escalationId })) as Item;

const terminalChange = (changeId: string, record: Record<string, unknown>, version = 1) => ({
  changeId,
  entity: 'terminal',
  op: 'upsert',
  version,
  record: {
    serialNumber: `SN${record.terminalId}`,
    brand: 'PAX',
    model: 'A920',
    firmwareVersion: '3.5.0',
    registration: 'REGISTERED',
    ...record,
  },
});

describe('records changes under open escalations', () => {
  it('marks an item whose merchant is reinstated since, and re-runs it once to the new outcome', async () => {
    const escalationId = await escalated('RW-1', 'risk@frozen-shop.example', '终端号 30000401 一直提示97');
    const before = await item(escalationId);

    const change = await applyChange(stack, {
      changeId: 'RW-CRM-1',
      entity: 'merchant',
      op: 'upsert',
      version: 1,
      record: {
        merchantId: '898500000000104',
        name: '风控测试商户',
        contactEmail: 'risk@frozen-shop.example',
        status: 'ACTIVE',
        language: 'zh',
      },
    });
    const rerun = await finalTicket(stack, 'RW-1.R1', 30_000);
    const renamed = await applyChange(stack, {
      changeId: 'RW-CRM-1B',
      entity: 'merchant',
      op: 'upsert',
      version: 2,
      record: {
        merchantId: '898500000000104',
        name: '风控测试商户（新）',
        contactEmail: 'risk@frozen-shop.example',
        status: 'ACTIVE',
        language: 'zh',
      },
    });
    const after = await item(escalationId);
    const shown = await opsCall(stack, 'GET', `/escalations/${escalationId}`);

    expect(before.diagnosis).toBe('MERCHANT_INACTIVE');
    expect(change.result).toBe('APPLIED');
    expect(renamed.result).toBe('APPLIED');
    expect(after.recordsChanged?.map((m) => m.changeId)).toEqual(['RW-CRM-1', 'RW-CRM-1B']);
    expect(after.recordsChanged?.[0]).toEqual(
      expect.objectContaining({
        changeId: 'RW-CRM-1',
        entity: 'merchant',
        version: 1,
        record: expect.objectContaining({ status: 'ACTIVE' }),
      }),
    );
    // Re-run once: a second change leaves it to the reviewer.
    expect(after.audit?.filter((e) => e.action === 'RERUN')).toEqual([
      expect.objectContaining({ by: 'records-feed', detail: 'RW-1.R1' }),
    ]);
    expect({ outcome: rerun?.outcome, diagnosis: rerun?.diagnosis }).toEqual({
      outcome: 'AUTO_RESOLVED',
      diagnosis: 'SIGN_IN_REQUIRED',
    });
    expect(shown.body.recordsChanged).toHaveLength(2);
  }, 60_000);

  it('marks a TERMINAL_NOT_FOUND item once the terminal it named is registered, once per change', async () => {
    const escalationId = await escalated('RW-2', 'new.shop@mail.example', '终端号 39990001 报97');

    const first = await applyChange(
      stack,
      terminalChange('RW-CRM-2', { terminalId: '39990001', merchantId: '898500000000101' }),
    );
    const again = await applyChange(
      stack,
      terminalChange('RW-CRM-2', { terminalId: '39990001', merchantId: '898500000000101' }),
    );
    const rerun = await finalTicket(stack, 'RW-2.R1', 30_000);
    const marked = await item(escalationId);

    expect([first.result, again.result]).toEqual(['APPLIED', 'STALE']);
    expect(marked.recordsChanged?.map((m) => m.changeId)).toEqual(['RW-CRM-2']);
    expect(rerun?.outcome).toBe('AUTO_RESOLVED');
  }, 60_000);

  it('marks a MERCHANT_MISMATCH item when its merchant pays, but leaves the re-run to a reviewer', async () => {
    const escalationId = await escalated('RW-3', 'tea@old-street.example', '终端号 30000101 报97');
    const paid = {
      changeId: 'RW-BILL-1',
      entity: 'invoice',
      op: 'upsert',
      version: 5,
      record: {
        invoiceId: 'INV-RW-1',
        merchantId: '898500000000101',
        period: '2026-10',
        amountDueFen: 5000,
        amountPaidFen: 5000,
        dueDate: '2026-11-10',
        status: 'PAID',
      },
    };

    await applyChange(stack, paid);
    const marked = await eventually(
      () => item(escalationId),
      (i) => (i.recordsChanged?.length ?? 0) > 0,
    );
    const otherTerminal = await applyChange(
      stack,
      terminalChange('RW-CRM-3', {
        terminalId: '30000501',
        merchantId: '898500000000101',
        brand: 'Acme',
        model: 'X1',
        firmwareVersion: '1.0.0',
      }),
    );
    const after = await item(escalationId);

    expect(marked.diagnosis).toBe('MERCHANT_MISMATCH');
    expect(marked.recordsChanged?.map((m) => m.changeId)).toEqual(['RW-BILL-1']);
    expect(otherTerminal.result).toBe('APPLIED');
    expect(after.recordsChanged?.map((m) => m.changeId)).toEqual(['RW-BILL-1']);
    expect((after.audit ?? []).some((e) => e.action === 'RERUN')).toBe(false);
  }, 60_000);
});
