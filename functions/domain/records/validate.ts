import { IDENTIFIER } from '#domain/triage/identifiers';
import type { Records } from '#domain/triage/types';
import { VERSION_FORMAT } from '#domain/triage/version';

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

const SCHEMA: Record<keyof Records, Field[]> = {
  merchants: [
    str('merchantId', IDENTIFIER.mid.pattern, IDENTIFIER.mid.expect),
    str('name'),
    str('contactEmail', /^[^\s@]+@[^\s@]+$/, 'an email address'),
    oneOf('status', ['ACTIVE', 'SUSPENDED', 'CLOSED']),
    oneOf('language', ['zh', 'en']),
  ],
  terminals: [
    str('terminalId', IDENTIFIER.tid.pattern, IDENTIFIER.tid.expect),
    str('serialNumber', IDENTIFIER.serial.pattern, IDENTIFIER.serial.expect),
    str('merchantId', IDENTIFIER.mid.pattern, IDENTIFIER.mid.expect),
    str('brand'),
    str('model'),
    oneOf('registration', ['REGISTERED', 'PENDING_ACTIVATION', 'PENDING_REVIEW', 'REJECTED', 'DEREGISTERED']),
    str('firmwareVersion', VERSION_FORMAT.pattern, VERSION_FORMAT.expect),
  ],
  models: [str('brand'), str('model'), str('minFirmwareVersion', VERSION_FORMAT.pattern, VERSION_FORMAT.expect)],
  invoices: [
    str('invoiceId'),
    str('merchantId', IDENTIFIER.mid.pattern, IDENTIFIER.mid.expect),
    str('period', /^\d{4}-\d{2}$/, 'YYYY-MM'),
    fen('amountDueFen'),
    fen('amountPaidFen'),
    str('dueDate', /^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
    oneOf('status', ['OPEN', 'PAID', 'DISPUTED']),
  ],
};

/** What is wrong with one record of a section, each problem prefixed with `at` (a path). */
export function recordProblems(section: keyof Records, record: Record<string, unknown>, at: string): string[] {
  return SCHEMA[section].filter((f) => !f.check(record[f.name])).map((f) => `${at}.${f.name} must be ${f.expect}`);
}

/** The fields a record of the section has; a change naming any other is refused. */
export const fieldsOf = (section: keyof Records): string[] => SCHEMA[section].map((f) => f.name);

/** Checks a records document against the contract; every problem is listed with its path. */
export function validateRecords(input: unknown): { ok: true; records: Records } | { ok: false; errors: string[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: ['records must be a JSON object with merchants, terminals, models and invoices'] };
  }
  const doc = input as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of Object.keys(doc)) if (!(key in SCHEMA)) errors.push(`unknown section ${key}`);
  for (const section of Object.keys(SCHEMA) as Array<keyof Records>) {
    const list = doc[section] ?? [];
    if (!Array.isArray(list)) {
      errors.push(`${section} must be an array`);
      continue;
    }
    list.forEach((entry: unknown, i) => {
      errors.push(...recordProblems(section, (entry ?? {}) as Record<string, unknown>, `${section}[${i}]`));
    });
  }
  if (errors.length) return { ok: false, errors };
  const records = Object.fromEntries(Object.keys(SCHEMA).map((k) => [k, doc[k] ?? []])) as unknown as Records;
  return { ok: true, records };
}
