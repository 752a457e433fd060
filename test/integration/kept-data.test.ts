import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_RECORDS } from '#fixtures/local-stack';
import { freePort } from '#lib/local/ports';
import { finalTicket } from '#lib/local/replay';
import { startLocalStack } from '#lib/local/stack';
import { standardWebhookHeaders } from '#lib/local/webhook-signing';
import type { Records } from '#domain/triage/types';

const dataDir = mkdtempSync(path.join(tmpdir(), 'code97-kept-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Every start on the same ports: the handlers' SDK clients keep the endpoints they were made with. */
const ports = { dynamodb: await freePort(), ses: await freePort(), stepfunctions: await freePort() };

/**
 * A start on the kept data, and back: what it said while starting, and one terminal as stored;
 * then, if asked, that terminal edited by hand, as an operator fixing a record would.
 */
async function startWith(records: Records, terminalId: string, handEdit?: Record<string, unknown>) {
  const said: string[] = [];
  const stack = await startLocalStack({
    records,
    dataDir,
    ports,
    scheduleEveryMs: 600_000,
    progress: (m) => said.push(m),
  });
  try {
    const { Item } = await stack.documentClient.send(
      new GetCommand({ TableName: stack.tableNames.terminals, Key: { terminalId } }),
    );
    if (handEdit)
      await stack.documentClient.send(
        new PutCommand({ TableName: stack.tableNames.terminals, Item: { ...Item, ...handEdit } }),
      );
    return { said, terminal: Item };
  } finally {
    await stack.stop();
  }
}

describe('a start on kept data', () => {
  it('leaves the records alone when they are the ones last seeded, and seeds them again when they changed', async () => {
    // Prepare
    const [first] = FIXTURE_RECORDS.terminals;
    if (!first) throw new Error('the fixture records hold no terminal');
    const changed: Records = {
      ...FIXTURE_RECORDS,
      terminals: FIXTURE_RECORDS.terminals.map((t) =>
        t.terminalId === first.terminalId ? { ...t, firmwareVersion: '9.9.9' } : t,
      ),
    };

    // Act
    const seeded = await startWith(FIXTURE_RECORDS, first.terminalId, { firmwareVersion: '0.0.1-hand-edited' });
    const kept = await startWith(FIXTURE_RECORDS, first.terminalId);
    const reseeded = await startWith(changed, first.terminalId);

    // Assess
    expect(seeded.said).toContain(
      `seeded ${FIXTURE_RECORDS.merchants.length + FIXTURE_RECORDS.terminals.length + FIXTURE_RECORDS.models.length + FIXTURE_RECORDS.invoices.length} records`,
    );
    expect(kept.said).toContain('the records are as last seeded; kept, not written again');
    expect(kept.said.some((m) => m.startsWith('seeding'))).toBe(false);
    expect(seeded.terminal).toMatchObject({ firmwareVersion: first.firmwareVersion });
    expect(kept.terminal).toMatchObject({ firmwareVersion: '0.0.1-hand-edited' });
    expect(reseeded.said).toContain('seeding the records');
    expect(reseeded.terminal).toMatchObject({ firmwareVersion: '9.9.9' });
  }, 120_000);
});

describe('the Mail-out page on kept data', () => {
  it('shows the mail sent before a restart after it, as the tickets are kept', async () => {
    // Data of its own: the seeding test above counts what a first start on its folder seeds.
    const keptIn = path.join(dataDir, 'mail-out', 'dynamodb');
    const mailDir = path.join(dataDir, 'mail-out', 'mail');
    const start = () =>
      startLocalStack({ records: FIXTURE_RECORDS, dataDir: keptIn, mailDir, ports, scheduleEveryMs: 600_000 });
    const body = JSON.stringify({
      ticketId: `KEPT-MAIL-${Date.now()}`,
      receivedAt: '2026-11-20T10:00:00+08:00',
      from: 'stranger@kept.example',
      subject: 'POS 97',
      body: '刷卡提示97终端未登记',
    });
    const first = await start();
    let subject: string | undefined;
    try {
      await fetch(`${first.urls.api}/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...standardWebhookHeaders(first.webhookSecrets.triage, body) },
        body,
      });
      await finalTicket(first, JSON.parse(body).ticketId, 30_000);
      subject = (await first.mailbox()).find((m) => m.destination.to.includes('stranger@kept.example'))?.subject;
    } finally {
      await first.stop();
    }
    const second = await start();
    try {
      expect(subject).toBeDefined();
      expect((await second.mailbox()).map((m) => m.subject)).toContain(subject);
    } finally {
      await second.stop();
    }
  });

  it('keeps the tables, the raw mail and the sent mail readable by this user alone', async () => {
    const keptIn = path.join(dataDir, 'private', 'dynamodb');
    const mailDir = path.join(dataDir, 'private', 'mail');
    const stack = await startLocalStack({ dataDir: keptIn, mailDir, ports, scheduleEveryMs: 600_000 });
    let rawMail: string;
    try {
      const raw = 'From: owner@kept.example\r\nTo: support@acquirer.example\r\nSubject: POS 97\r\n\r\n刷卡提示97\r\n';
      await stack.inbox.receive(Buffer.from(raw));
      rawMail =
        readdirSync(mailDir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile() && !e.name.endsWith('.jsonl'))
          .map((e) => path.join(e.parentPath, e.name))[0] ?? '';
    } finally {
      await stack.stop();
    }
    const others = (file: string) => statSync(file).mode & 0o077;

    expect(rawMail).not.toBe('');
    expect(others(keptIn)).toBe(0);
    expect(others(rawMail)).toBe(0);
    expect(others(path.dirname(rawMail))).toBe(0);
    expect(others(path.join(mailDir, 'sent.jsonl'))).toBe(0);
  });
});
