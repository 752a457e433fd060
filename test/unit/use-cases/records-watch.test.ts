import { describe, expect, it } from 'vitest';
import type { RecordChange } from '#domain/records/changes';
import type { RecordChangeMark, WatchedItem } from '#domain/records/watch';
import type { OpenEscalationWatch } from '#use-cases/ports';
import { noteRecordChange } from '#use-cases/records-watch';

function memoryWatch(items: Record<string, WatchedItem[]>): OpenEscalationWatch & { marks: Map<string, string[]> } {
  const marks = new Map<string, string[]>();
  return {
    marks,
    waitingOn: async (key) => items[key] ?? [],
    async mark(escalationId, mark: RecordChangeMark) {
      const held = marks.get(escalationId) ?? [];
      if (held.includes(mark.changeId)) return false;
      marks.set(escalationId, [...held, mark.changeId]);
      return true;
    },
  };
}

const open = (escalationId: string, terminalId: string | null, diagnosis: string, findings = [diagnosis]) => ({
  escalationId,
  terminalId,
  diagnosis,
  findings,
});
const terminalChange = (terminalId: string, changeId = `C-${terminalId}`): RecordChange => ({
  changeId,
  entity: 'terminal',
  op: 'upsert',
  version: 2,
  key: { terminalId },
  record: { terminalId, merchantId: '898600000000001' },
});
const AT = { merchantId: '898600000000001', receivedAt: '2026-11-20T02:00:00.000Z' };

describe('noteRecordChange', () => {
  const items = {
    'merchant#898600000000001': [
      open('ESC-A', '40000001', 'TERMINAL_DEREGISTERED'),
      open('ESC-B', '40000002', 'APPLICATION_INCOMPLETE'),
      open('ESC-C', '40000001', 'FEE_DISPUTE', ['FEE_DISPUTE', 'REPEAT_CONTACT']),
    ],
    'terminal#40000001': [open('ESC-D', null, 'TERMINAL_NOT_FOUND')],
  };

  it("marks the items on the changed terminal and those that did not find it, not the merchant's others", async () => {
    const watch = memoryWatch(items);

    const noted = await noteRecordChange({ watch, rerun: null }, terminalChange('40000001'), AT);

    expect(noted).toEqual({ marked: ['ESC-A', 'ESC-C', 'ESC-D'], rerun: [] });
  });

  it('re-runs with the setting on what a record can clear, once per change, never a repeat contact', async () => {
    const watch = memoryWatch(items);
    const reruns: string[] = [];
    const deps = { watch, rerun: async (id: string) => void reruns.push(id) };

    await noteRecordChange(deps, terminalChange('40000001'), AT);
    await noteRecordChange(deps, terminalChange('40000001'), AT);

    expect(reruns).toEqual(['ESC-A', 'ESC-D']);
    expect(watch.marks.get('ESC-A')).toEqual(['C-40000001']);
  });

  it("marks every item of a merchant for an invoice's change, and none for a model's", async () => {
    const watch = memoryWatch(items);
    const invoice: RecordChange = {
      changeId: 'BILL-1',
      entity: 'invoice',
      op: 'delete',
      version: 3,
      key: { invoiceId: 'INV-1' },
    };
    const model: RecordChange = {
      changeId: 'MODEL-1',
      entity: 'model',
      op: 'delete',
      version: 3,
      key: { brand: 'PAX', model: 'A920' },
    };

    const byInvoice = await noteRecordChange({ watch, rerun: null }, invoice, AT);
    const byModel = await noteRecordChange({ watch, rerun: null }, model, AT);

    expect(byInvoice.marked).toEqual(['ESC-A', 'ESC-B', 'ESC-C']);
    expect(byModel.marked).toEqual([]);
  });
});
