import { inHours } from '#domain/time';
import type { AsOf, RecordsRead, StaleRecord } from '#domain/triage/types';

type Behind = Pick<StaleRecord, 'entity' | 'record'> & { asOf: AsOf | undefined };

/** How old a record may be before a decision resting on it says so. */
export const DEFAULT_RECORDS_MAX_AGE_HOURS = 24;

/** When a decision is made, and the age past which a record it reads counts as stale. */
export interface FreshnessRule {
  at: string;
  maxAgeMs: number;
}

/** Every record a terminal's decision rests on, named as the packet names it. */
function recordsBehind(records: RecordsRead): Behind[] {
  const { terminal, merchant, model, invoices } = records;
  return [
    { entity: 'terminal', record: `terminal ${terminal.terminalId}`, asOf: terminal.asOf },
    ...(merchant
      ? [{ entity: 'merchant', record: `merchant ${merchant.merchantId}`, asOf: merchant.asOf } as const]
      : []),
    ...(model ? [{ entity: 'model', record: `model ${model.brand} ${model.model}`, asOf: model.asOf } as const] : []),
    ...invoices.map((i) => ({ entity: 'invoice', record: `invoice ${i.invoiceId}`, asOf: i.asOf }) as const),
  ];
}

/**
 * The records behind a decision that were received longer ago than the rule's maximum age,
 * oldest first. A record with no stamp (stored before records were stamped) is not judged.
 */
export function staleRecords(records: RecordsRead, rule: FreshnessRule): StaleRecord[] {
  const now = Date.parse(rule.at);
  return recordsBehind(records)
    .flatMap(({ entity, record, asOf }): StaleRecord[] =>
      asOf && now - Date.parse(asOf.receivedAt) > rule.maxAgeMs
        ? [
            {
              entity,
              record,
              version: asOf.version,
              receivedAt: asOf.receivedAt,
              ageHours: inHours(now - Date.parse(asOf.receivedAt), 1),
            },
          ]
        : [],
    )
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.record.localeCompare(b.record));
}

/** The oldest time any invoice read was received, or null when none carries a stamp. */
export function invoicesAsOf(records: RecordsRead): string | null {
  const times = records.invoices.flatMap((i) => (i.asOf ? [i.asOf.receivedAt] : []));
  return times.length ? times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)) : null;
}

/** The packet's line for the stale records. */
export function staleReason(stale: readonly StaleRecord[], maxAgeMs: number): string {
  const listed = stale.map((s) => `${s.record} (version ${s.version}, received ${s.receivedAt}, ${s.ageHours} h ago)`);
  return `RECORDS_STALE: older than ${inHours(maxAgeMs, 1)} h when decided: ${listed.join(', ')}`;
}
