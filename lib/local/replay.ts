import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { isFinal, type TicketRecord } from '#use-cases/ports';
import type { LocalStack, SentEmail } from './stack.ts';
import { standardWebhookHeaders } from './webhook-signing.ts';

export interface ReplayEmail {
  to: string;
  subject: string;
  language: 'zh' | 'en';
}

/** One line of replay output (contract.md). */
export interface ReplayResult {
  ticketId: string | null;
  outcome: string;
  diagnosis: string | null;
  findings: string[];
  merchantId: string | null;
  terminalId: string | null;
  duplicate: boolean;
  escalationId: string | null;
  emails: ReplayEmail[];
  error?: string;
}

/** Replies are written wholly in one language, and a Chinese subject always carries Han text. */
const languageOf = (email: SentEmail): 'zh' | 'en' => (/\p{Script=Han}/u.test(email.subject) ? 'zh' : 'en');

const ticketIdIn = (line: string): string | null => {
  try {
    const parsed = JSON.parse(line) as { ticketId?: unknown };
    return typeof parsed?.ticketId === 'string' ? parsed.ticketId : null;
  } catch {
    return null;
  }
};

const blank = (ticketId: string | null, outcome: string): ReplayResult => ({
  ticketId,
  outcome,
  diagnosis: null,
  findings: [],
  merchantId: null,
  terminalId: null,
  duplicate: false,
  escalationId: null,
  emails: [],
});

export interface DeliverOptions {
  /** Deliveries tried when the intake answers 5xx or not at all, as a helpdesk retries. */
  attempts?: number;
  /** How long to wait for an accepted ticket to reach a final state. */
  finalWithinMs?: number;
}

interface IntakeAnswer {
  ticketId?: string;
  error?: string;
  executionArn?: string | null;
  duplicate?: boolean;
  triggered?: boolean;
}

async function post(stack: LocalStack, line: string, attempts: number): Promise<{ status: number; answer: IntakeAnswer }> {
  let last = { status: 0, answer: { error: 'the intake did not answer' } as IntakeAnswer };
  // A helpdesk's retries are the same delivery: one webhook-id, signed again at each attempt.
  const id = `msg_${randomUUID()}`;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(`${stack.urls.api}/tickets`, {
        method: 'POST',
        headers: standardWebhookHeaders(stack.webhookSecrets.triage, line, { id }),
        body: line,
      });
      const answer = (await response.json().catch(() => ({ error: `HTTP ${response.status}` }))) as IntakeAnswer;
      last = { status: response.status, answer };
      if (response.status < 500) return last;
    } catch (error) {
      last = { status: 0, answer: { error: `the intake did not answer: ${(error as Error).message}` } };
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(25 * attempt, 250)));
  }
  return last;
}

async function storedTicket(stack: LocalStack, ticketId: string): Promise<TicketRecord | undefined> {
  const { Item } = await stack.documentClient.send(
    new GetCommand({ TableName: stack.tableNames.tickets, Key: { ticketId }, ConsistentRead: true }),
  );
  return Item as TicketRecord | undefined;
}

/** Waits until the ticket is final (nothing left for the reconciler), or the time is up. */
export async function finalTicket(stack: LocalStack, ticketId: string, withinMs: number): Promise<TicketRecord | undefined> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const item = await storedTicket(stack, ticketId);
    if (!item || isFinal(item) || Date.now() > deadline) return item;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Delivers one raw ticket line through the stack's intake URL (the path a helpdesk uses, with
 * its retries on 5xx), waits until the ticket is final, and reports the stored decision and
 * the mail the SES service received for it. A line the intake does not accept is REJECTED
 * with the reason; nothing about the input makes this throw.
 */
export async function deliver(stack: LocalStack, line: string, options: DeliverOptions = {}): Promise<ReplayResult> {
  const since = Math.floor(Date.now() / 1000);
  const earlier = new Set((await stack.mailbox(since)).map((m) => m.messageId));
  const { status, answer } = await post(stack, line, options.attempts ?? 3);
  if (status !== 200 && status !== 202) {
    return { ...blank(ticketIdIn(line), 'REJECTED'), error: answer.error ?? `the intake answered ${status}` };
  }
  const ticketId = String(answer.ticketId);
  if (answer.executionArn) await stack.stepFunctions.waitFor(answer.executionArn);
  const item = await finalTicket(stack, ticketId, options.finalWithinMs ?? 30_000);
  if (!item) throw new Error(`ticket ${ticketId} was accepted but is not stored`);
  const mail = (await stack.mailbox(since)).filter((m) => !earlier.has(m.messageId) && m.subject.includes(`[${ticketId}]`));
  return {
    ticketId,
    outcome: item.outcome ?? item.status,
    diagnosis: item.diagnosis ?? null,
    findings: item.findings ?? [],
    merchantId: item.merchantId ?? null,
    terminalId: item.terminalId ?? null,
    duplicate: answer.duplicate === true,
    escalationId: item.escalationId ?? null,
    emails: mail.map((m) => ({ to: m.destination.to.join(','), subject: m.subject, language: languageOf(m) })),
  };
}
