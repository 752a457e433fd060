import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';

import { describe, expect, it } from 'vitest';
import { postalMimeParser } from '#adapters/mail/parser';
import { mailTicketId } from '#domain/intake/mail';
import { sendBySmtp } from '#fixtures/clients';
import { useLocalStack } from '#fixtures/local-stack';
import { MAIL_EXPECTATIONS } from '#fixtures/mail-expectations';
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
