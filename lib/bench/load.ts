import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeAll, type WriteRequest } from '#adapters/dynamodb/batch';
import { stampedItem, TABLE_OF, versionItem } from '#adapters/dynamodb/record-changes';
import { readLoadRow } from '#domain/records/load';
import type { Merchant, Terminal } from '#domain/triage/types';
import type { LocalStack } from '#lib/local/stack';
import { runLoad } from '#lib/records/load-command';

/** Batches the plain loop keeps in flight: as many as the seed, which is tuned to DynamoDB Local. */
const PLAIN_CONCURRENCY = 16;

export interface LoadBench {
  rows: number;
  /** `records load` over an export file: rows a second, from its start to its last write. */
  loadRowsPerSecond: number;
  /** A plain BatchWriteItem loop of the same rows: each line parsed and put with its versions item, no read and no rule. */
  plainRowsPerSecond: number;
  ratio: number;
  /** A BatchWriteItem loop of the records alone: what keeping versions beside them costs. */
  recordsOnlyRowsPerSecond: number;
}

/** `rows` rows of an export, a sixth of them merchants and the rest their terminals, every ID carrying `prefix`. */
function exportRows(rows: number, prefix: number, merchants: Merchant[], terminals: Terminal[]) {
  const mid = (i: number) => `89${prefix}${String(i).padStart(12, '0')}`;
  const tid = (i: number) => `${prefix}${String(i).padStart(7, '0')}`;
  const merchantCount = Math.ceil(rows / 6);
  return [
    ...Array.from({ length: merchantCount }, (_, i) => ({
      entity: 'merchant',
      version: 3,
      record: { ...(merchants[i % merchants.length] as Merchant), merchantId: mid(i) },
    })),
    ...Array.from({ length: rows - merchantCount }, (_, i) => ({
      entity: 'terminal',
      version: 3,
      record: {
        ...(terminals[i % terminals.length] as Terminal),
        terminalId: tid(i),
        merchantId: mid(i % merchantCount),
      },
    })),
  ];
}

const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));

/**
 * The bulk load against DynamoDB Local's own ceiling, measured in the same run: a plain
 * BatchWriteItem loop of the items a load writes (each record and its versions item), the
 * records alone, `records load` over a file of as many rows, and the plain loop again, each on
 * IDs of its own.
 */
export async function loadBench(
  stack: LocalStack,
  options: { rows: number; merchants: Merchant[]; terminals: Terminal[] },
): Promise<LoadBench> {
  const { client } = stack.db;
  const dir = mkdtempSync(path.join(tmpdir(), 'code97-load-bench-'));
  const fileOf = (prefix: number) => {
    const file = path.join(dir, `export-${prefix}.jsonl`);
    const rows = exportRows(options.rows, prefix, options.merchants, options.terminals);
    writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    return file;
  };
  // The plain loop as someone would write it: each line of the file parsed and put as it stands,
  // beside its versions item (or without, for the records alone), no read, no check, no order.
  const plain = async (file: string, withVersions: boolean) => {
    const started = performance.now();
    const stamp = { receivedAt: new Date().toISOString(), loadId: 'bench-plain' };
    const items = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .flatMap((line, i): WriteRequest[] => {
        const read = readLoadRow(JSON.parse(line), i + 1);
        if (!read.ok) throw new Error(`the bench's row ${i + 1} is refused: ${read.error}`);
        const { change } = read;
        const record = {
          table: stack.tableNames[TABLE_OF[change.entity]],
          put: stampedItem(change.entity, change.record, change.version, stamp),
        };
        return withVersions
          ? [record, { table: stack.tableNames.recordVersions, put: { ...versionItem(change, stamp) } }]
          : [record];
      });
    await writeAll(client, items, PLAIN_CONCURRENCY);
    return rate(options.rows, performance.now() - started);
  };
  const plainBefore = await plain(fileOf(1), true);
  const recordsOnlyRowsPerSecond = await plain(fileOf(2), false);

  const file = fileOf(3);
  const started = performance.now();
  const code = await runLoad({
    file,
    db: stack.db,
    checkpoints: path.join(dir, 'checkpoints'),
    stdout: () => undefined,
    stderr: () => undefined,
    stop: { requested: false },
  });
  const loadRowsPerSecond = rate(options.rows, performance.now() - started);
  if (code !== 0) throw new Error(`records load ended with ${code}`);
  // The plain loop once more after the load, its better run the ceiling: neither side gains from coming later.
  const plainRowsPerSecond = Math.max(plainBefore, await plain(fileOf(4), true));
  rmSync(dir, { recursive: true, force: true });
  return {
    rows: options.rows,
    loadRowsPerSecond,
    plainRowsPerSecond,
    ratio: +(loadRowsPerSecond / plainRowsPerSecond).toFixed(2),
    recordsOnlyRowsPerSecond,
  };
}
