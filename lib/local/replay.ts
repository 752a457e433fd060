import { referenceOf } from '#domain/replies/reference';
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { isFinal, type TicketRecord } from '#use-cases/ports';
import type { LocalStack, SentEmail } from './stack.ts';
import type { Verdicts } from './mail-inbox.ts';
import { defaultSenderSecret, standardWebhookHeaders } from './webhook-signing.ts';

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
  /** Mail only: the earlier ticket this message answers, and whether it confirmed that ticket's fix. */
  thread?: string | null;
  confirms?: string | null;
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

/** The answers of a delivery's attempts that all failed, counted by status and error: what a REJECTED line says of them. */
function failedAttempts(answers: Array<{ status: number; answer: IntakeAnswer }>): string {
  const counts = new Map<string, number>();
  for (const { status, answer } of answers) {
    const what = `${status} ${answer.error ?? ''}`.trim();
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return [...counts].map(([what, n]) => `${n} × ${what}`).join('; ');
}

async function post(
  stack: LocalStack,
  line: string,
  attempts: number,
): Promise<{ status: number; answer: IntakeAnswer }> {
  let last = { status: 0, answer: { error: 'the intake did not answer' } as IntakeAnswer };
  const answers: Array<typeof last> = [];
  // A helpdesk's retries are the same delivery: one webhook-id, signed again at each attempt.
  const id = `msg_${randomUUID()}`;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(`${stack.urls.api}/tickets`, {
        method: 'POST',
        headers: standardWebhookHeaders(defaultSenderSecret(stack.webhookSecrets.triage), line, { id }),
        body: line,
      });
      const answer = (await response.json().catch(() => ({ error: `HTTP ${response.status}` }))) as IntakeAnswer;
      last = { status: response.status, answer };
      if (response.status < 500) return last;
    } catch (error) {
      last = { status: 0, answer: { error: `the intake did not answer: ${(error as Error).message}` } };
    }
    answers.push(last);
    // Backing off as a helpdesk does (theirs go on for days), up to 2 s between attempts: a stack
    // that stops answering for a few seconds (DynamoDB Local under load) is waited out, not given up on.
    await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 2_000)));
  }
  return answers.length > 1
    ? {
        status: last.status,
        answer: { ...last.answer, error: `${attempts} attempts failed: ${failedAttempts(answers)}` },
      }
    : last;
}

async function storedTicket(stack: LocalStack, ticketId: string): Promise<TicketRecord | undefined> {
  const { Item } = await stack.documentClient.send(
    new GetCommand({ TableName: stack.tableNames.tickets, Key: { ticketId }, ConsistentRead: true }),
  );
  return Item as TicketRecord | undefined;
}

/** Waits until the ticket is final (nothing left for the reconciler), or the time is up. */
export async function finalTicket(
  stack: LocalStack,
  ticketId: string,
  withinMs: number,
): Promise<TicketRecord | undefined> {
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
  const before = await mailSoFar(stack);
  const { status, answer } = await post(stack, line, options.attempts ?? 3);
  if (status !== 200 && status !== 202) {
    return { ...blank(ticketIdIn(line), 'REJECTED'), error: answer.error ?? `the intake answered ${status}` };
  }
  return outcomeOf(
    stack,
    String(answer.ticketId),
    answer.executionArn ?? null,
    answer.duplicate === true,
    before,
    options,
  );
}

/** The mail service's messages so far, to tell the ones a delivery causes. */
async function mailSoFar(stack: LocalStack) {
  const since = Math.floor(Date.now() / 1000);
  return { since, earlier: new Set((await stack.mailbox(since)).map((m) => m.messageId)) };
}

/**
 * Delivers one raw message to the support inbox (as SES receiving would), waits until its
 * ticket is final, and reports it as a replay line; a message that is not a ticket (held,
 * refused) is REJECTED with the reason.
 */
export async function deliverMail(
  stack: LocalStack,
  raw: Uint8Array,
  options: DeliverOptions & { verdicts?: Partial<Verdicts> } = {},
): Promise<ReplayResult> {
  const before = await mailSoFar(stack);
  const summary = await stack.inbox.receive(raw, options.verdicts);
  if (!summary.ticketId || summary.kind === 'HELD' || summary.kind === 'REFUSED' || summary.kind === 'INVALID') {
    return { ...blank(summary.ticketId, 'REJECTED'), error: `${summary.kind}: ${summary.reason ?? 'not a ticket'}` };
  }
  const result = await outcomeOf(
    stack,
    summary.ticketId,
    summary.executionArn,
    summary.kind === 'DUPLICATE',
    before,
    options,
  );
  return { ...result, thread: summary.thread, confirms: summary.confirms };
}

async function outcomeOf(
  stack: LocalStack,
  ticketId: string,
  executionArn: string | null,
  duplicate: boolean,
  { since, earlier }: Awaited<ReturnType<typeof mailSoFar>>,
  options: DeliverOptions,
): Promise<ReplayResult> {
  if (executionArn) await stack.stepFunctions.waitFor(executionArn);
  const item = await finalTicket(stack, ticketId, options.finalWithinMs ?? 30_000);
  if (!item) throw new Error(`ticket ${ticketId} was accepted but is not stored`);
  const mail = (await stack.mailbox(since)).filter(
    (m) => !earlier.has(m.messageId) && m.subject.includes(`[${referenceOf(ticketId)}]`),
  );
  return {
    ticketId,
    outcome: item.outcome ?? item.status,
    diagnosis: item.diagnosis ?? null,
    findings: item.findings ?? [],
    merchantId: item.merchantId ?? null,
    terminalId: item.terminalId ?? null,
    duplicate,
    escalationId: item.escalationId ?? null,
    emails: mail.map((m) => ({ to: m.destination.to.join(','), subject: m.subject, language: languageOf(m) })),
  };
}

/** One line of replay output for a `{"change": …}` line (contract, "Records change"). */
export interface ChangeLine {
  change: string | null;
  result: string;
  error?: string;
}

/**
 * Applies a replay file's change through the feed's signed route, as the acquirer's systems
 * would send it, and reports it as the contract's change line. A route that does not answer
 * (or answers 5xx) is tried again: every change applies once, so a retry is safe.
 */
export async function applyChange(stack: LocalStack, change: unknown, attempts = 3): Promise<ChangeLine> {
  const body = JSON.stringify(change);
  let last = 'the records route did not answer';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(`${stack.urls.api}/records/changes`, {
        method: 'POST',
        headers: standardWebhookHeaders(stack.webhookSecrets.records, body),
        body,
      });
      const answer = (await response.json().catch(() => ({}))) as {
        outcomes?: Array<{ changeId: string | null; result: string; error?: string }>;
        error?: string;
      };
      const outcome = answer.outcomes?.[0];
      if (response.status < 500 && !outcome)
        return {
          change: null,
          result: 'REFUSED',
          error: answer.error ?? `the records route answered ${response.status}`,
        };
      if (outcome && outcome.result !== 'FAILED')
        return { change: outcome.changeId, result: outcome.result, ...(outcome.error ? { error: outcome.error } : {}) };
      last = outcome?.error ?? `the records route answered ${response.status}`;
    } catch (error) {
      last = `the records route did not answer: ${(error as Error).message}`;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 2_000)));
  }
  throw new Error(`a change could not be applied in ${attempts} attempts: ${last}`);
}
