import { referenceOf } from '#domain/replies/reference';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS, FaultInjector } from '#lib/local/faults';
import { deliver } from '#lib/local/replay';
import type { LocalStack } from '#lib/local/stack';
import { FIXTURE_RECORDS, useLocalStack } from '#fixtures/local-stack';
import type { Ticket } from '#domain/triage/types';
import { storedItem } from '#fixtures/stored';

let stack: LocalStack;
let sequence = 0;

useLocalStack((started) => (stack = started));

function ticket(fields: Partial<Ticket> & Pick<Ticket, 'from' | 'body'>): Ticket {
  sequence += 1;
  return { ticketId: `IT-${sequence}`, receivedAt: '2026-11-20T10:00:00+08:00', subject: 'POS问题', ...fields };
}

const send = (t: Ticket | string) => deliver(stack, typeof t === 'string' ? t : JSON.stringify(t));

const stored = (table: keyof LocalStack['tableNames'], key: Record<string, string>) => storedItem(stack, table, key);

/** The text of the email sent for a ticket (matched by its reference in the subject). */
async function emailText(ticketId: string | null): Promise<string> {
  const mail = await stack.mailbox();
  return mail.find((m) => m.subject.startsWith(`[${referenceOf(String(ticketId))}]`))?.body.text ?? '';
}

describe('tickets through the local workflow', () => {
  it('auto-resolves a healthy terminal with sign-in steps to the registered contact', async () => {
    const result = await send(
      ticket({ from: 'OWNER@bakery-west.example', body: '刷卡一直提示97终端未登记，终端号 30000101' }),
    );

    expect(result).toMatchObject({
      outcome: 'AUTO_RESOLVED',
      diagnosis: 'SIGN_IN_REQUIRED',
      findings: ['SIGN_IN_REQUIRED'],
    });
    expect(result.emails).toEqual([expect.objectContaining({ to: 'Owner@Bakery-West.example', language: 'zh' })]);
    const text = await emailText(result.ticketId);
    expect(text).toContain('****0101');
    expect(text).not.toContain('30000101');
    expect(text).toContain('PAX');
  });

  it('escalates a second ticket on the same terminal within 168 hours as REPEAT_CONTACT', async () => {
    await send(
      ticket({
        from: 'owner@bakery-west.example',
        receivedAt: '2027-02-01T10:00:00+08:00',
        body: '刷卡提示97，终端号 30000101',
      }),
    );

    const result = await send(
      ticket({
        from: 'owner@bakery-west.example',
        receivedAt: '2027-02-03T10:00:00+08:00',
        body: '签到了还是报97，终端号 30000101',
      }),
    );

    expect(result).toMatchObject({ outcome: 'ESCALATED', diagnosis: 'REPEAT_CONTACT', findings: ['REPEAT_CONTACT'] });
    expect(result.escalationId).toMatch(/^ESC-/);
  });

  it('sends an English firmware fix when the ticket is written in English', async () => {
    const result = await send(
      ticket({
        from: 'team@harbourside.example',
        subject: 'Error 97',
        body: 'Our Verifone (TID 30000201) shows error 97.',
      }),
    );

    expect(result).toMatchObject({ outcome: 'AUTO_RESOLVED', diagnosis: 'FIRMWARE_OUTDATED', terminalId: '30000201' });
    expect(result.emails).toEqual([expect.objectContaining({ to: 'team@harbourside.example', language: 'en' })]);
    expect(await emailText(result.ticketId)).toContain('1.12.0');
  });

  it('lists overdue invoices and their total in yuan with the activation steps', async () => {
    const result = await send(ticket({ from: 'ops@dongmen-market.example', body: 'LANDI那台显示97，SN: LDA8CC0301' }));

    expect(result).toMatchObject({
      outcome: 'AUTO_RESOLVED',
      diagnosis: 'NOT_ACTIVATED',
      findings: ['NOT_ACTIVATED', 'FEES_OVERDUE'],
    });
    const text = await emailText(result.ticketId);
    expect(text).toContain('INV-T-0301');
    expect(text).toContain('INV-T-0302');
    expect(text).not.toContain('INV-T-0303');
    expect(text).toContain('356.00');
  });

  it('mails the fix to the registered contact, not to an unverified sender', async () => {
    const result = await send(ticket({ from: 'cashier@gmail.example', body: '收银机报97，终端号 30000302' }));

    expect(result).toMatchObject({ outcome: 'AUTO_RESOLVED', findings: ['FEES_OVERDUE', 'FIRMWARE_OUTDATED'] });
    expect(result.emails.map((e) => e.to)).toEqual(['ops@dongmen-market.example']);
  });

  it('writes an escalation packet with every finding and acknowledges the sender without account data', async () => {
    const result = await send(ticket({ from: 'ops@dongmen-market.example', body: 'Newland 终端号：3000A303 提示97' }));

    expect(result).toMatchObject({ outcome: 'ESCALATED', diagnosis: 'TERMINAL_DEREGISTERED' });
    expect(result.findings).toEqual(['TERMINAL_DEREGISTERED', 'FEES_OVERDUE']);
    const ack = await emailText(result.ticketId);
    expect(ack).toContain(referenceOf(String(result.ticketId)));
    expect(ack).not.toMatch(/INV-T|356|DEREGISTERED|注销/);
    const packet = await stored('escalations', { escalationId: String(result.escalationId) });
    expect(packet).toMatchObject({
      status: 'OPEN',
      ticketId: result.ticketId,
      findings: ['TERMINAL_DEREGISTERED', 'FEES_OVERDUE'],
    });
    expect(JSON.stringify(packet?.recordsRead)).toContain('INV-T-0301');
    expect(packet?.suggestedReply).toEqual(expect.objectContaining({ language: 'zh' }));
    expect(packet?.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^TERMINAL_DEREGISTERED: terminal 3000A303 registration is DEREGISTERED/),
      ]),
    );
  });

  it("keeps a long ticket's text out of the items its steps rewrite, and gives it back whole", async () => {
    const body = `Newland 终端号：3000A303 提示97\n${'营业中，刷卡一直失败。'.repeat(2_000)}`;
    const result = await send(
      ticket({ from: 'ops@dongmen-market.example', subject: `POS ${'很急'.repeat(300)}`, body }),
    );
    const raw = async (table: 'tickets' | 'escalations', key: Record<string, string>) =>
      (
        await stack.documentClient.send(
          new GetCommand({ TableName: stack.tableNames[table], Key: key, ConsistentRead: true }),
        )
      ).Item ?? {};

    const item = await raw('tickets', { ticketId: String(result.ticketId) });
    const queued = await raw('escalations', { escalationId: String(result.escalationId) });

    expect(result).toMatchObject({ outcome: 'ESCALATED', diagnosis: 'TERMINAL_DEREGISTERED' });
    for (const kept of [item, queued]) {
      // At most the search's excerpt (300 characters) is kept with the queue item.
      expect(JSON.stringify(kept)).not.toContain('营业中，刷卡一直失败。'.repeat(30));
      expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThan(3_000);
    }
    expect(item).toMatchObject({
      ticketRef: expect.stringMatching(/^ticket#/),
      replyRef: expect.stringMatching(/^reply#/),
    });
    expect((queued.ticket as { subject: string }).subject).toHaveLength(201);
    expect(((await stored('tickets', { ticketId: String(result.ticketId) }))?.ticket as Ticket).body).toBe(body);
    expect(((await stored('escalations', { escalationId: String(result.escalationId) }))?.ticket as Ticket).body).toBe(
      body,
    );
  });

  it.each([
    ['MERCHANT_INACTIVE', { from: 'risk@frozen-shop.example', body: 'POS 错误码 97，终端号 30000401' }],
    ['APPLICATION_INCOMPLETE', { from: 'tea@old-street.example', body: '资料提交了，机身号 PXS90EE0502 还是显示97' }],
    ['MERCHANT_MISMATCH', { from: 'team@harbourside.example', body: 'Moved a PAX here, TID 30000101, says code 97' }],
    ['TERMINAL_NOT_FOUND', { from: 'new.shop@mail.example', body: '终端号 39999999 一刷卡就报97' }],
    ['MERCHANT_NOT_FOUND', { from: 'new.shop@mail.example', body: '商户号 898500000009999 的POS显示97' }],
  ])('escalates %s', async (diagnosis, fields) => {
    const result = await send(ticket(fields));

    expect(result).toMatchObject({ outcome: 'ESCALATED', diagnosis });
    expect(result.emails).toEqual([expect.objectContaining({ to: fields.from })]);
  });

  it('asks a merchant with several terminals which one, at the registered address', async () => {
    const result = await send(
      ticket({
        from: 'someone@else.example',
        body: 'One of our terminals shows terminal not registered. MID 898500000000103',
      }),
    );

    expect(result).toMatchObject({ outcome: 'NEEDS_INFO', diagnosis: 'NEEDS_INFO', findings: [], terminalId: null });
    expect(result.emails).toEqual([expect.objectContaining({ to: 'ops@dongmen-market.example', language: 'en' })]);
    expect(await emailText(result.ticketId)).not.toMatch(/INV-T|30000301|LDA8CC0301/);
  });

  it('asks an unknown sender for the TID and SN', async () => {
    const result = await send(ticket({ from: 'stranger@mail.example', body: '刷卡显示97终端未登记，急！' }));

    expect(result).toMatchObject({ outcome: 'NEEDS_INFO', merchantId: null });
    expect(result.emails.map((e) => e.to)).toEqual(['stranger@mail.example']);
  });

  it('replies for a brand with no guide on record without failing', async () => {
    const result = await send(
      ticket({
        from: 'owner@bakery-west.example',
        receivedAt: '2026-11-21T10:00:00+08:00',
        body: 'Acme 那台报97，终端号 30000501',
      }),
    );

    expect(result).toMatchObject({ outcome: 'AUTO_RESOLVED', diagnosis: 'SIGN_IN_REQUIRED' });
    expect(await emailText(result.ticketId)).toContain('****0501');
  });

  it('leaves a ticket without code 97 for normal handling', async () => {
    const result = await send(
      ticket({ from: 'owner@bakery-west.example', body: '上个月有一笔97元的手续费，请问怎么算的？终端号 30000101' }),
    );

    expect(result).toMatchObject({ outcome: 'NOT_TRIGGERED', diagnosis: null, emails: [] });
  });

  it('processes a second delivery of a ticketId once: same decision, no email', async () => {
    const first = ticket({ from: 'risk@frozen-shop.example', body: '终端号 30000401 报97' });
    const original = await send(first);
    const again = await send(first);

    expect(again).toMatchObject({
      duplicate: true,
      outcome: original.outcome,
      diagnosis: original.diagnosis,
      emails: [],
    });
  });

  it.each([
    ['{"ticketId": "X-1"', /not JSON/],
    [JSON.stringify({ ticketId: 'X-2', from: 'a@b.example', subject: 's', body: '97' }), /receivedAt/],
    [
      JSON.stringify({
        ticketId: 'X 3',
        receivedAt: '2026-11-20T10:00:00+08:00',
        from: 'a@b.example',
        subject: 's',
        body: '',
      }),
      /ticketId/,
    ],
    [
      JSON.stringify({
        ticketId: 'X-4',
        receivedAt: '2026-11-20T10:00:00+08:00',
        from: 'a@b.example',
        subject: 's',
        body: '',
        priority: 'high',
      }),
      /priority/,
    ],
  ])('rejects a bad ticket and keeps nothing of it: %s', async (line, message) => {
    const mailBefore = (await stack.mailbox()).length;

    const result = await send(line);

    expect(result.outcome).toBe('REJECTED');
    expect(result.error).toMatch(message);
    expect((await stack.mailbox()).length).toBe(mailBefore);
    if (result.ticketId) expect(await stored('tickets', { ticketId: result.ticketId })).toBeUndefined();
  });

  it('records each step in the execution history', async () => {
    const before = new Set(stack.stepFunctions.executions.keys());
    await send(
      ticket({
        from: 'team@harbourside.example',
        body: 'code 97 again on TID 30000201',
        receivedAt: '2026-11-30T10:00:00+08:00',
      }),
    );

    const [execution] = [...stack.stepFunctions.executions.values()].filter((e) => !before.has(e.executionArn));
    const entered = execution?.events.filter((e) => e.type === 'StateEntered').map((e) => e.state?.name);
    expect(entered).toEqual(
      expect.arrayContaining(['Identify terminal', 'Check records', 'Decide', 'Record decision', 'Send reply']),
    );
    expect(execution?.status).toBe('SUCCEEDED');
  });

  it('loads a records file into the tables with npm run seed', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'code97-seed-')), 'records.json');
    writeFileSync(
      file,
      JSON.stringify({
        merchants: [
          { ...FIXTURE_RECORDS.merchants[0], merchantId: '898500000000999', contactEmail: 'Seeded@Shop.example' },
        ],
      }),
    );

    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, '..', '..', 'bin', 'seed.ts'), '--records', file],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          MERCHANTS_TABLE: stack.tableNames.merchants,
          TERMINALS_TABLE: stack.tableNames.terminals,
          MODELS_TABLE: stack.tableNames.models,
          INVOICES_TABLE: stack.tableNames.invoices,
        },
      },
    );

    expect(run.stderr).toContain('wrote 1 records');
    expect(await stored('merchants', { merchantId: '898500000000999' })).toMatchObject({
      contactEmailKey: 'seeded@shop.example',
    });
  });

  it('escalates with the error and what was known when a step keeps failing, and acknowledges the sender', async () => {
    stack.runtime.faults = new FaultInjector({
      ...DEFAULT_FAULTS,
      rate: 1,
      kinds: ['fail'],
      targets: ['lambda'],
      functions: ['LoadFirmwareBaseline'],
    });
    let result: Awaited<ReturnType<typeof send>>;
    try {
      result = await send(
        ticket({
          from: 'team@harbourside.example',
          body: 'TID 30000201 shows code 97',
          receivedAt: '2026-12-20T10:00:00+08:00',
        }),
      );
    } finally {
      stack.runtime.faults = null;
    }

    expect(result).toMatchObject({ outcome: 'ESCALATED', diagnosis: 'PROCESSING_ERROR', terminalId: null });
    expect(result.emails).toEqual([expect.objectContaining({ to: 'team@harbourside.example', language: 'en' })]);
    const packet = await stored('escalations', { escalationId: String(result.escalationId) });
    expect(packet?.processingError).toEqual(expect.objectContaining({ Error: 'Lambda.ServiceException' }));
    expect(packet?.recordsRead).toMatchObject({
      identify: { identification: { kind: 'TERMINAL', terminal: { terminalId: '30000201' } } },
    });
  });
});
