import { describe, expect, it } from 'vitest';
import { postalMimeParser } from '#adapters/mail/parser';
import { mailTicketId } from '#domain/intake/mail';
import { REPLY_LIMIT } from '#domain/replies/reply-limit';
import { plainMessage, sendBySmtp } from '#fixtures/clients';
import { useLocalStack } from '#fixtures/local-stack';
import { storedItem } from '#fixtures/stored';
import { finalTicket } from '#lib/local/replay';
import type { SentEmail } from '#lib/local/mail-service';
import type { LocalStack } from '#lib/local/stack';
import type { TicketRecord } from '#use-cases/ports';

let stack: LocalStack;
useLocalStack((started) => (stack = started));

const ROUNDS = 12;

/** A message from a responder that sends no automatic-mail header at all: plain text, a person's From. */
const fromResponder = (from: string, id: string, subject: string, body: string, inReplyTo?: string) =>
  plainMessage({
    from,
    id: `${id}@responder.example`,
    subject,
    body,
    ...(inReplyTo ? { inReplyTo: `${inReplyTo}@email.amazonses.com` } : {}),
  });

const sentTo = async (address: string): Promise<SentEmail[]> =>
  (await stack.mailbox()).filter((m) => m.destination.to.includes(address));

/** Delivers a responder's message and waits for its ticket to be final. */
async function deliver(raw: Uint8Array): Promise<string> {
  const ticketId = mailTicketId(await postalMimeParser.parse(raw));
  await sendBySmtp(stack, raw);
  await finalTicket(stack, ticketId, 30_000);
  return ticketId;
}

describe('auto-responders that send no header, answering each other', () => {
  it('answers one that replies in the thread to every email once, and hands the rest to a person', async () => {
    const responder = `frontdesk-${Date.now()}@loop-shop.example`;
    let ticketId = await deliver(fromResponder(responder, 'loop-0', 'POS机刷卡提示97', '刷卡一直提示97，怎么办'));
    for (let round = 1; round <= ROUNDS; round++) {
      const [latest] = (await sentTo(responder)).slice(-1);
      if (!latest) break;
      // It answers whatever came last, quoting our subject and naming our message, every time.
      ticketId = await deliver(
        fromResponder(
          responder,
          `loop-${round}`,
          `Re: ${latest.subject}`,
          '您好，您的邮件已收到，我们会尽快回复。',
          latest.messageId,
        ),
      );
    }
    const last = await storedItem<TicketRecord>(stack, 'tickets', { ticketId });

    expect(await sentTo(responder)).toHaveLength(1);
    expect(last).toMatchObject({ undelivered: { reason: 'WITHHELD' } });
  });

  it(`answers one that writes anew about 97 every few seconds ${REPLY_LIMIT.replies} times, then hands it to a person`, async () => {
    const responder = `autoack-${Date.now()}@loop-shop.example`;
    const ticketIds: string[] = [];
    for (let round = 0; round < ROUNDS; round++)
      ticketIds.push(
        await deliver(
          fromResponder(responder, `anew-${round}`, `工单 ${round}：POS机刷卡提示97`, '系统已记录：刷卡提示97'),
        ),
      );
    const withheld = await Promise.all(
      ticketIds.map(async (id) => (await storedItem<TicketRecord>(stack, 'tickets', { ticketId: id }))?.undelivered),
    );

    expect(await sentTo(responder)).toHaveLength(REPLY_LIMIT.replies);
    expect(withheld.filter((u) => u?.reason === 'WITHHELD')).toHaveLength(ROUNDS - REPLY_LIMIT.replies);
  });
});
