import { isTid } from '#domain/triage/identifiers';
import type { ExtractedIdentifiers, Identification, Merchant, Terminal } from '#domain/triage/types';

/** The records the identification reads; the DynamoDB adapter implements it with key lookups. */
/** The most terminals a request for the TID lists; a merchant with more is asked for the TID alone. */
const MAX_CHOICES = 8;

export interface RecordLookup {
  terminalById(terminalId: string): Promise<Terminal | null>;
  terminalsBySerial(serialNumber: string): Promise<Terminal[]>;
  merchantById(merchantId: string): Promise<Merchant | null>;
  /** Every merchant with this contactEmail, compared case-insensitively. */
  merchantsByEmail(email: string): Promise<Merchant[]>;
  /** At most `atMost` of the merchant's terminals: enough to tell none, one, or several. */
  terminalsOfMerchant(merchantId: string, atMost: number): Promise<Terminal[]>;
}

type Via = 'TID' | 'SN' | 'BARE';

async function firstTerminal(
  ids: ExtractedIdentifiers,
  lookup: RecordLookup,
): Promise<{ terminal: Terminal; via: Via } | null> {
  const bySerial = async (sn: string) =>
    (await lookup.terminalsBySerial(sn))[0] ??
    (sn === sn.toUpperCase() ? null : ((await lookup.terminalsBySerial(sn.toUpperCase()))[0] ?? null));
  const attempts: Array<[Via, () => Promise<Terminal | null>]> = [
    ...ids.terminalIds.map((tid) => ['TID', () => lookup.terminalById(tid)] as [Via, () => Promise<Terminal | null>]),
    ...ids.serialNumbers.map((sn) => ['SN', () => bySerial(sn)] as [Via, () => Promise<Terminal | null>]),
    ...ids.bareTokens.flatMap((token) => [
      ...(isTid(token.toUpperCase())
        ? [['BARE', () => lookup.terminalById(token.toUpperCase())] as [Via, () => Promise<Terminal | null>]]
        : []),
      ['BARE', () => bySerial(token)] as [Via, () => Promise<Terminal | null>],
    ]),
  ];
  for (const [via, attempt] of attempts) {
    const terminal = await attempt();
    if (terminal) return { terminal, via };
  }
  return null;
}

async function firstMerchant(merchantIds: string[], lookup: RecordLookup): Promise<Merchant | null> {
  for (const mid of merchantIds) {
    const merchant = await lookup.merchantById(mid);
    if (merchant) return merchant;
  }
  return null;
}

/**
 * Playbook section 2: a TID or SN on record names the terminal; one given but not on record is
 * TERMINAL_NOT_FOUND; a MID alone that is not on record is MERCHANT_NOT_FOUND; a known merchant
 * (by MID, else by sender) with exactly one terminal names it; anything else needs info.
 */
export async function identify(ids: ExtractedIdentifiers, lookup: RecordLookup): Promise<Identification> {
  const [found, senderMerchants] = await Promise.all([firstTerminal(ids, lookup), lookup.merchantsByEmail(ids.sender)]);
  const located = (terminal: Terminal, via: Via | 'ONLY_TERMINAL'): Identification => ({
    kind: 'TERMINAL',
    terminal,
    via,
    namedMerchantIds: ids.merchantIds,
    senderMerchants,
  });
  if (found) return located(found.terminal, found.via);
  if (ids.terminalIds.length > 0 || ids.serialNumbers.length > 0)
    return { kind: 'TERMINAL_NOT_FOUND', senderMerchants };

  const named = await firstMerchant(ids.merchantIds, lookup);
  if (ids.merchantIds.length > 0 && !named) return { kind: 'MERCHANT_NOT_FOUND', senderMerchants };

  const merchants = named ? [named] : senderMerchants;
  const [first] = merchants;
  if (!first) return { kind: 'NEEDS_INFO', merchant: null };
  // A few terminals per merchant answer "exactly one?" and give the request its list, whatever the fleet's size.
  const terminals = (
    await Promise.all(merchants.map((m) => lookup.terminalsOfMerchant(m.merchantId, MAX_CHOICES + 1)))
  ).flat();
  const [only] = terminals;
  if (terminals.length === 1 && only) return located(only, 'ONLY_TERMINAL');
  const choices = { terminals: terminals.slice(0, MAX_CHOICES), more: terminals.length > MAX_CHOICES };
  return { kind: 'NEEDS_INFO', merchant: first, ...(terminals.length > 1 ? { choices } : {}) };
}
