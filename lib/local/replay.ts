import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TicketRecord } from '#use-cases/ports';
import type { LocalStack, SentEmail } from './stack.ts';

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

/**
 * Delivers one raw ticket line through the stack's intake URL (the path a helpdesk uses), waits
 * for its workflow, and reports the stored decision and the mail the SES service received.
 */
export async function deliver(stack: LocalStack, line: string): Promise<ReplayResult> {
  const since = Math.floor(Date.now() / 1000);
  const earlier = new Set((await stack.mailbox(since)).map((m) => m.messageId));
  const response = await fetch(`${stack.urls.api}/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: line,
  });
  const answer = (await response.json()) as {
    ticketId?: string;
    error?: string;
    executionArn?: string;
    duplicate?: boolean;
  };
  if (response.status === 400) return { ...blank(ticketIdIn(line), 'REJECTED'), error: answer.error ?? 'rejected' };
  if (response.status !== 200 && response.status !== 202) {
    throw new Error(`intake answered ${response.status}: ${answer.error ?? JSON.stringify(answer)}`);
  }
  if (answer.executionArn) await stack.stepFunctions.waitFor(answer.executionArn);

  const ticketId = String(answer.ticketId);
  const { Item } = await stack.documentClient.send(
    new GetCommand({ TableName: stack.tableNames.tickets, Key: { ticketId }, ConsistentRead: true }),
  );
  const item = Item as (TicketRecord & { outcome?: string }) | undefined;
  if (!item) throw new Error(`ticket ${ticketId} was accepted but is not stored`);
  const mail = (await stack.mailbox(since)).filter((m) => !earlier.has(m.messageId));
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
