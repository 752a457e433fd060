import { describe, expect, it } from 'vitest';
import { identify } from '#domain/triage/identify';
import type { ExtractedIdentifiers } from '#domain/triage/types';
import { memoryLookup, merchant, terminal } from '#fixtures/domain';

const shop = merchant();
const other = merchant({ merchantId: '898600000000002', contactEmail: 'boss@other.example', name: 'Other' });
const only = terminal();
const pair = [
  terminal({ terminalId: '40000002', serialNumber: 'SN40000002', merchantId: other.merchantId }),
  terminal({ terminalId: '40000003', serialNumber: 'SN40000003', merchantId: other.merchantId }),
];
const records = { merchants: [shop, other], terminals: [only, ...pair] };

const ids = (over: Partial<ExtractedIdentifiers> = {}): ExtractedIdentifiers => ({
  terminalIds: [],
  serialNumbers: [],
  merchantIds: [],
  bareTokens: [],
  sender: 'nobody@mail.example',
  ...over,
});

describe('identify', () => {
  it('names the terminal whose TID is on record', async () => {
    const result = await identify(ids({ terminalIds: ['40000002'] }), memoryLookup(records));

    expect(result).toMatchObject({
      kind: 'TERMINAL',
      via: 'TID',
      terminal: { terminalId: '40000002' },
      senderMerchants: [],
    });
  });

  it('names the terminal whose SN is on record', async () => {
    const result = await identify(ids({ serialNumbers: ['SN40000003'] }), memoryLookup(records));

    expect(result).toMatchObject({ kind: 'TERMINAL', via: 'SN', terminal: { terminalId: '40000003' } });
  });

  it('names the terminal a bare token matches, as a TID or as an SN', async () => {
    expect(await identify(ids({ bareTokens: ['40000001'] }), memoryLookup(records))).toMatchObject({
      via: 'BARE',
      terminal: { terminalId: '40000001' },
    });
    expect(await identify(ids({ bareTokens: ['PXA920RS0001'] }), memoryLookup(records))).toMatchObject({
      via: 'BARE',
      terminal: { terminalId: '40000001' },
    });
  });

  it('finds a serial number typed in lower case', async () => {
    expect(await identify(ids({ serialNumbers: ['sn40000003'] }), memoryLookup(records))).toMatchObject({
      via: 'SN',
      terminal: { terminalId: '40000003' },
    });
  });

  it('is TERMINAL_NOT_FOUND when a given TID or SN matches no record', async () => {
    expect(await identify(ids({ terminalIds: ['49999999'] }), memoryLookup(records))).toMatchObject({
      kind: 'TERMINAL_NOT_FOUND',
    });
    expect(await identify(ids({ serialNumbers: ['NOPE1234'] }), memoryLookup(records))).toMatchObject({
      kind: 'TERMINAL_NOT_FOUND',
    });
  });

  it('ignores a bare token that matches nothing', async () => {
    const result = await identify(
      ids({ bareTokens: ['ABCD1234'], sender: 'owner@riverside.example' }),
      memoryLookup(records),
    );

    expect(result).toMatchObject({ kind: 'TERMINAL', via: 'ONLY_TERMINAL', terminal: { terminalId: '40000001' } });
  });

  it('is MERCHANT_NOT_FOUND when only an unknown MID is given', async () => {
    expect(await identify(ids({ merchantIds: ['898600000009999'] }), memoryLookup(records))).toMatchObject({
      kind: 'MERCHANT_NOT_FOUND',
    });
  });

  it("takes a known merchant's only terminal", async () => {
    const result = await identify(ids({ merchantIds: [shop.merchantId] }), memoryLookup(records));

    expect(result).toMatchObject({ kind: 'TERMINAL', via: 'ONLY_TERMINAL', namedMerchantIds: [shop.merchantId] });
  });

  it('matches the sender to a contact email case-insensitively', async () => {
    const result = await identify(ids({ sender: 'owner@riverside.example' }), memoryLookup(records));

    expect(result).toMatchObject({ kind: 'TERMINAL', senderMerchants: [{ merchantId: shop.merchantId }] });
  });

  it('needs info, naming the merchant, when it has several terminals', async () => {
    const result = await identify(ids({ sender: 'boss@other.example' }), memoryLookup(records));

    expect(result).toMatchObject({ kind: 'NEEDS_INFO', merchant: other, choices: { more: false } });
    expect(result.kind === 'NEEDS_INFO' && result.choices?.terminals.map((t) => t.merchantId)).toEqual([
      other.merchantId,
      other.merchantId,
    ]);
  });

  it("reads no more than nine of a merchant's terminals to tell one from several and list eight, however many it has", async () => {
    const fleet = Array.from({ length: 5000 }, (_, i) =>
      terminal({ terminalId: `5${String(i).padStart(7, '0')}`, merchantId: other.merchantId }),
    );
    const lookup = memoryLookup({ merchants: [shop, other], terminals: fleet });
    const asked: number[] = [];
    const counting = {
      ...lookup,
      terminalsOfMerchant: async (id: string, atMost: number) => (
        asked.push(atMost), lookup.terminalsOfMerchant(id, atMost)
      ),
    };

    const result = await identify(ids({ sender: 'boss@other.example' }), counting);

    expect(result).toMatchObject({ kind: 'NEEDS_INFO', merchant: other, choices: { more: true } });
    expect(result.kind === 'NEEDS_INFO' && result.choices?.terminals).toHaveLength(8);
    expect(asked).toEqual([9]);
  });

  it('takes the only terminal across every merchant the sender is the contact of', async () => {
    const sibling = merchant({ merchantId: '898600000000003', contactEmail: 'OWNER@riverside.example' });

    const result = await identify(
      ids({ sender: 'owner@riverside.example' }),
      memoryLookup({ merchants: [...records.merchants, sibling], terminals: records.terminals }),
    );

    expect(result).toMatchObject({
      kind: 'TERMINAL',
      via: 'ONLY_TERMINAL',
      terminal: { terminalId: '40000001' },
      senderMerchants: [shop, sibling],
    });
  });

  it('needs info without a merchant when nothing identifies one', async () => {
    expect(await identify(ids(), memoryLookup(records))).toEqual({ kind: 'NEEDS_INFO', merchant: null });
  });

  it("does not list the merchant's terminals once a terminal is found", async () => {
    const lookup = memoryLookup(records);

    await identify(ids({ terminalIds: ['40000001'], sender: 'owner@riverside.example' }), lookup);

    expect(lookup.calls.some((c) => c.startsWith('terminals:'))).toBe(false);
  });

  it('keeps every named MID for the mismatch check, on record or not', async () => {
    const result = await identify(
      ids({ terminalIds: ['40000001'], merchantIds: ['898600000009999'] }),
      memoryLookup(records),
    );

    expect(result).toMatchObject({ kind: 'TERMINAL', namedMerchantIds: ['898600000009999'] });
  });
});
