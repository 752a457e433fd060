import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import { GetCommand } from '@aws-sdk/lib-dynamodb';

import { describe, expect, it } from 'vitest';
import { postalMimeParser } from '#adapters/mail/parser';
import { mailTicketId } from '#domain/intake/mail';
import { referenceOf } from '#domain/replies/reference';
import { opsCall, plainMessage, sendBySmtp } from '#fixtures/clients';
import { useLocalStack } from '#fixtures/local-stack';
import { MAIL_EXPECTATIONS } from '#fixtures/mail-expectations';
import { storedItem } from '#fixtures/stored';
import { LOCAL_FORWARD_TO } from '#lib/project';
import { finalTicket } from '#lib/local/replay';
import type { LocalStack } from '#lib/local/stack';
import type { TicketRecord } from '#use-cases/ports';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'mail');
let stack: LocalStack;
useLocalStack((started) => (stack = started));

const sendBySmtpHere = (raw: Uint8Array) => sendBySmtp(stack, raw);

const heldItems = async () =>
  (
    (await (
      await fetch(`${stack.urls.api}/escalations?limit=100`, {
        headers: { authorization: `Bearer ${stack.opsToken('ops')}` },
      })
    ).json()) as { escalations: Array<{ reasons?: string[]; heldMail?: { bytes: number } }> }
  ).escalations.filter((e) => e.heldMail);

// One scenario, in order: the fixtures are a scenario in file-name order (a thread's reply after its original).
describe('smtp', { shuffle: false }, () => {
  describe('every mail fixture through the SMTP listener, in file-name order', { shuffle: false }, () => {
    it('has an expectation for each fixture', () => {
      expect(
        readdirSync(DIR)
          .filter((f) => f.endsWith('.eml'))
          .sort(),
      ).toEqual(Object.keys(MAIL_EXPECTATIONS).sort());
    });

    it.each(Object.entries(MAIL_EXPECTATIONS))('%s', async (file, expected) => {
      const raw = readFileSync(path.join(DIR, file));
      const ticketId = mailTicketId(await postalMimeParser.parse(raw));

      const sent = await sendBySmtpHere(raw);

      expect(sent.response).toMatch(/^250/);
      if ('refused' in expected) expect(sent.response).toContain(`REFUSED ${expected.refused.as}`);
      if ('ticket' in expected) {
        const record = await finalTicket(stack, ticketId, 30_000);
        expect(record).toMatchObject({ status: 'DECIDED', ...expected.ticket });
        if (expected.confirmsEarlier) {
          const { Item } = await stack.documentClient.send(
            new GetCommand({ TableName: stack.tableNames.tickets, Key: { ticketId: String(record?.confirmsFixOf) } }),
          );
          expect((Item as TicketRecord | undefined)?.confirmedFixed?.byTicketId).toBe(ticketId);
        }
      } else {
        const { Item } = await stack.documentClient.send(
          new GetCommand({ TableName: stack.tableNames.tickets, Key: { ticketId } }),
        );
        expect(Item).toBeUndefined();
        if ('held' in expected) {
          const held = await heldItems();
          expect(held.some((e) => e.heldMail?.bytes === raw.length && String(e.reasons).includes(expected.held))).toBe(
            true,
          );
        }
      }
    });
  });
});

const utf8Message = (from: string, id: string, body: string, subject = 'POS机刷卡提示97') =>
  plainMessage({ from: `早餐店 <${from}>`, id: `${id}@breakfast.example`, subject, body });

describe('international addresses through the SMTP listener (RFC 6531, SMTPUTF8)', () => {
  it('answers a sender at an international domain, the domain in punycode as SES needs it', async () => {
    const id = `idn-${Date.now()}`;
    // No terminal named: the reply (asking for it) goes to the sender, not to a registered contact.
    const raw = utf8Message('owner@早餐店.example', id, '刷卡一直提示97终端未登记，怎么办');
    const ticketId = mailTicketId(await postalMimeParser.parse(raw));

    const sent = await sendBySmtp(stack, raw, 'owner@早餐店.example');
    await finalTicket(stack, ticketId, 30_000);
    const record = await storedItem<TicketRecord>(stack, 'tickets', { ticketId });
    const reply = (await stack.mailbox()).find((m) => m.subject.includes(`[${referenceOf(ticketId)}]`));

    expect(sent.response).toContain(`ACCEPTED ${ticketId}`);
    expect(record).toMatchObject({ ticket: { from: 'owner@早餐店.example' }, emailStatus: 'SENT' });
    expect(reply?.destination.to).toEqual([`owner@${domainToASCII('早餐店.example')}`]);
    expect(reply?.headers).toContainEqual({ name: 'Auto-Submitted', value: 'auto-replied' });
  });

  it('takes mail from a non-ASCII local part, and queues the reply SES cannot send, saying why', async () => {
    const raw = utf8Message('老板@早餐店.example', `utf8-${Date.now()}`, '刷卡一直提示97终端未登记，怎么办');
    const ticketId = mailTicketId(await postalMimeParser.parse(raw));

    await sendBySmtp(stack, raw, '老板@早餐店.example');
    await finalTicket(stack, ticketId, 30_000);
    const record = await storedItem<TicketRecord>(stack, 'tickets', { ticketId });
    const held = await heldItems();

    expect(record).toMatchObject({
      ticket: { from: '老板@早餐店.example' },
      emailStatus: 'FAILED',
      undelivered: { reason: 'REJECTED', detail: expect.stringContaining('local part is not ASCII') },
    });
    expect(held.filter((e) => String(e.reasons).includes(ticketId))).toEqual([]);
  });
});

describe('mail that is not about code 97', () => {
  it('is kept, found by its sender in the ticket search, and forwarded whole to the normal support desk', async () => {
    const id = `fee-${Date.now()}`;
    const raw = utf8Message(
      'accounts@tea-garden.example',
      id,
      '请问这个月的刷卡手续费为什么比上个月高？',
      '手续费问题',
    );
    const ticketId = mailTicketId(await postalMimeParser.parse(raw));

    const sent = await sendBySmtp(stack, raw);
    const found = await opsCall(stack, 'GET', '/tickets?from=Accounts@Tea-Garden.example');
    const forward = (await stack.mailbox()).find(
      (m) => m.destination.to.includes(LOCAL_FORWARD_TO) && m.subject === 'Fwd: 手续费问题',
    );

    expect(sent.response).toContain(`NOT_TRIGGERED ${ticketId}`);
    expect(found.status).toBe(200);
    expect(found.body.tickets).toEqual([
      expect.objectContaining({
        ticketId,
        outcome: 'NOT_TRIGGERED',
        emails: [expect.objectContaining({ from: 'forward', to: LOCAL_FORWARD_TO, status: 'FORWARDED' })],
      }),
    ]);
    const attached = (forward as { attachments?: Array<{ filename?: string; content: string }> } | undefined)
      ?.attachments?.[0];
    expect(attached?.filename).toBe('original.eml');
    expect(Buffer.from(attached?.content ?? '', 'base64').equals(Buffer.from(raw))).toBe(true);
  });
});
