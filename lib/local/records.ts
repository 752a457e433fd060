import { readFileSync } from 'node:fs';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { merchantItem } from '../../functions/commons/records-store.ts';
import type { TableKey } from '../../functions/commons/table-schema.ts';
import type { Records } from '../../functions/commons/triage/types.ts';

type Field = { name: string; check: (v: unknown) => boolean; expect: string };

const str = (name: string, pattern?: RegExp, expect = 'a string'): Field => ({
  name,
  check: (v) => typeof v === 'string' && v.length > 0 && (!pattern || pattern.test(v)),
  expect,
});
const oneOf = (name: string, values: string[]): Field => ({
  name,
  check: (v) => typeof v === 'string' && values.includes(v),
  expect: `one of ${values.join(', ')}`,
});
const fen = (name: string): Field => ({
  name,
  check: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  expect: 'a whole number of fen, 0 or more',
});

const VERSION = /^\d+(\.\d+)*$/;
const SCHEMA: Record<keyof Records, Field[]> = {
  merchants: [
    str('merchantId', /^\d{15}$/, '15 digits'),
    str('name'),
    str('contactEmail', /^[^\s@]+@[^\s@]+$/, 'an email address'),
    oneOf('status', ['ACTIVE', 'SUSPENDED', 'CLOSED']),
    oneOf('language', ['zh', 'en']),
  ],
  terminals: [
    str('terminalId', /^[0-9A-Z]{8}$/, '8 digits or upper-case letters'),
    str('serialNumber', /^[0-9A-Za-z]{6,20}$/, '6 to 20 letters and digits'),
    str('merchantId', /^\d{15}$/, '15 digits'),
    str('brand'),
    str('model'),
    oneOf('registration', ['REGISTERED', 'PENDING_ACTIVATION', 'PENDING_REVIEW', 'REJECTED', 'DEREGISTERED']),
    str('firmwareVersion', VERSION, 'a dotted version such as 3.4.2'),
  ],
  models: [str('brand'), str('model'), str('minFirmwareVersion', VERSION, 'a dotted version such as 3.4.0')],
  invoices: [
    str('invoiceId'),
    str('merchantId', /^\d{15}$/, '15 digits'),
    str('period', /^\d{4}-\d{2}$/, 'YYYY-MM'),
    fen('amountDueFen'),
    fen('amountPaidFen'),
    str('dueDate', /^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
    oneOf('status', ['OPEN', 'PAID', 'DISPUTED']),
  ],
};

/** Checks a records document against the contract; every problem is listed with its path. */
export function validateRecords(input: unknown): { ok: true; records: Records } | { ok: false; errors: string[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: ['records must be a JSON object with merchants, terminals, models and invoices'] };
  }
  const doc = input as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of Object.keys(doc)) if (!(key in SCHEMA)) errors.push(`unknown section ${key}`);
  for (const [section, fields] of Object.entries(SCHEMA)) {
    const list = doc[section] ?? [];
    if (!Array.isArray(list)) {
      errors.push(`${section} must be an array`);
      continue;
    }
    list.forEach((entry: unknown, i) => {
      const record = (entry ?? {}) as Record<string, unknown>;
      for (const f of fields) {
        if (!f.check(record[f.name])) errors.push(`${section}[${i}].${f.name} must be ${f.expect}`);
      }
    });
  }
  if (errors.length) return { ok: false, errors };
  const records = Object.fromEntries(Object.keys(SCHEMA).map((k) => [k, doc[k] ?? []])) as unknown as Records;
  return { ok: true, records };
}

export function readRecordsFile(file: string): Records {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read records from ${file}: ${(error as Error).message}`);
  }
  const result = validateRecords(parsed);
  if (!result.ok) {
    const shown = result.errors.slice(0, 20).join('\n  ');
    const more = result.errors.length > 20 ? `\n  … and ${result.errors.length - 20} more` : '';
    throw new Error(`${file} is not a valid records file:\n  ${shown}${more}`);
  }
  return result.records;
}

/** Writes the records in batches of 25, retrying what DynamoDB leaves unprocessed. */
export async function seedRecords(
  client: DynamoDBDocumentClient,
  records: Records,
  tableNames: Record<Exclude<TableKey, 'tickets' | 'escalations'>, string>,
): Promise<number> {
  const puts: Array<[string, Record<string, unknown>]> = [
    ...records.merchants.map((m) => [tableNames.merchants, merchantItem(m)] as [string, Record<string, unknown>]),
    ...records.terminals.map((t) => [tableNames.terminals, { ...t }] as [string, Record<string, unknown>]),
    ...records.models.map((m) => [tableNames.models, { ...m }] as [string, Record<string, unknown>]),
    ...records.invoices.map((i) => [tableNames.invoices, { ...i }] as [string, Record<string, unknown>]),
  ];
  for (let i = 0; i < puts.length; i += 25) {
    let request: Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>> = {};
    for (const [table, item] of puts.slice(i, i + 25)) (request[table] ??= []).push({ PutRequest: { Item: item } });
    for (let attempt = 0; Object.keys(request).length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept items unprocessed after 8 retries');
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: request }));
      request = (UnprocessedItems ?? {}) as typeof request;
      if (Object.keys(request).length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
  return puts.length;
}
