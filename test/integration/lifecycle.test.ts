import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Email } from '#domain/replies/compose';
import type { Decision, Ticket } from '#domain/triage/types';
import { readRecordsFile } from '#lib/local/records';
import { startLocalStack, type LocalStack } from '#lib/local/stack';
import {
  DeliveryError,
  StartError,
  type Mailer,
  type ReplyLimits,
  type TicketRepository,
  type WorkflowStarter,
} from '#use-cases/ports';
import { DEFAULT_TIMING } from '#use-cases/timing';
import { recordingStarter, scriptedMailer } from '#fixtures/memory/services';
import { storedItem } from '#fixtures/stored';

/**
 * The lifecycle use cases against the real DynamoDB adapters (DynamoDB Local), with the mail
 * service, the workflow service and the clock scripted, one test per way a ticket used to
 * end up stuck, silent or mailed twice.
 */

type Adapters = {
  tickets: TicketRepository;
  deliveredAutoResolvesOn: (terminalId: string, fromMs: number, toMs: number) => Promise<Array<{ ticketId: string }>>;
  sesMailer: (sender: string, client: SESv2Client) => Mailer;
  sfnWorkflowStarter: (arn: string, client: SFNClient) => WorkflowStarter;
  replyLimits: ReplyLimits;
};
type UseCases = {
  acceptTicket: typeof import('#use-cases/accept-ticket').acceptTicket;
  deliverReply: typeof import('#use-cases/deliver-reply').deliverReply;
  recordDecision: typeof import('#use-cases/record-decision').recordDecision;
  recordFailure: typeof import('#use-cases/record-failure').recordFailure;
  reconcile: typeof import('#use-cases/reconcile').reconcile;
};

let stack: LocalStack;
let blackHole: Server;
let blackHoleUrl: string;
const sockets: Socket[] = [];
let a: Adapters;
let u: UseCases;

beforeAll(async () => {
  stack = await startLocalStack({
    records: readRecordsFile(path.join(import.meta.dirname, '..', 'fixtures', 'records.json')),
  });
  // Imported once the stack has set the endpoints the SDK clients read.
  const tickets = (await import('#adapters/dynamodb/tickets')).dynamoTickets(stack.db);
  a = {
    tickets,
    deliveredAutoResolvesOn: tickets.deliveredAutoResolvesOn,
    sesMailer: (await import('#adapters/ses/mailer')).sesMailer,
    sfnWorkflowStarter: (await import('#adapters/sfn/workflow-starter')).sfnWorkflowStarter,
    replyLimits: (await import('#adapters/dynamodb/reply-limits')).dynamoReplyLimits(stack.db),
  };
  u = {
    acceptTicket: (await import('#use-cases/accept-ticket')).acceptTicket,
    deliverReply: (await import('#use-cases/deliver-reply')).deliverReply,
    recordDecision: (await import('#use-cases/record-decision')).recordDecision,
    recordFailure: (await import('#use-cases/record-failure')).recordFailure,
    reconcile: (await import('#use-cases/reconcile')).reconcile,
  };
  // A service that takes the connection and never answers.
  blackHole = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  blackHoleUrl = `http://127.0.0.1:${(blackHole.address() as { port: number }).port}`;
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => blackHole?.close(resolve));
  await stack?.stop();
});

const clockAt = (iso = '2026-11-20T02:00:00Z') => {
  let now = new Date(iso);
  return { now: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
};

/** The DynamoDB adapter, with some operations failing as many times as asked. */
function flaky(failures: Partial<Record<keyof TicketRepository, number>>): TicketRepository {
  return new Proxy(a.tickets, {
    get(target, name: keyof TicketRepository) {
      const original = target[name] as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        if ((failures[name] ?? 0) > 0) {
          failures[name] = (failures[name] ?? 0) - 1;
          throw Object.assign(new Error(`${name} failed (scripted)`), { name: 'InternalServerError' });
        }
        return original.apply(target, args);
      };
    },
  });
}

/** The tickets table as one test sees it: other tests' tickets never fall due here. */
function only(ticketIds: string[], tickets: TicketRepository = a.tickets): TicketRepository {
  return {
    ...tickets,
    due: async (now, limit) =>
      (await tickets.due(now, 10_000)).filter((r) => ticketIds.includes(r.ticketId)).slice(0, limit),
  };
}

const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  ticketId: `LC-${randomUUID().slice(0, 8)}`,
  receivedAt: '2026-11-20T10:00:00+08:00',
  from: 'Owner@Bakery-West.example',
  subject: 'POS提示97',
  body: '刷卡一直提示97终端未登记',
  ...over,
});

const decision = (terminalId: string, over: Partial<Decision> = {}): Decision => ({
  outcome: 'AUTO_RESOLVED',
  diagnosis: 'SIGN_IN_REQUIRED',
  findings: ['SIGN_IN_REQUIRED'],
  overdueInvoices: [],
  merchantId: '898500000000101',
  terminalId,
  language: 'zh',
  replyTo: 'Owner@Bakery-West.example',
  reasons: ['SIGN_IN_REQUIRED: records in order'],
  ...over,
});

// One address per ticket: these tests are about one reply each, not about how often one address is answered.
const draft = (t: Ticket): Email => ({
  to: `Owner+${t.ticketId}@Bakery-West.example`,
  subject: `[${t.ticketId}] 处理方法`,
  text: '请重新签到。',
  language: 'zh',
  kind: 'FIX',
});

/** What delivering a reply runs on here: the real tickets and reply limits, the given mailer, the test's clock. */
const deliverDeps = (mailer: Mailer, clock = clockAt()) => ({
  tickets: a.tickets,
  mailer,
  clock,
  newId: randomUUID,
  timing: DEFAULT_TIMING,
  replyLimits: a.replyLimits,
});

const ownTerminal = () => `9${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

/** A ticket accepted and decided, its reply not yet sent: where Send reply starts. */
async function decided(clock = clockAt(), over: Partial<Decision> = {}) {
  const t = ticket();
  const { workflow, started } = recordingStarter();
  await u.acceptTicket({ tickets: a.tickets, workflow, clock, newId: randomUUID, timing: DEFAULT_TIMING }, t);
  const d = decision(ownTerminal(), over);
  await u.recordDecision(
    { tickets: a.tickets, clock },
    { ticket: t, decision: d, reply: draft(t), suggestedReply: null, recordsRead: {} },
  );
  return { t, d, runId: String(started[0]?.runId) };
}

const escalation = (ticketId: string) => storedItem(stack, 'escalations', { escalationId: `ESC-${ticketId}` });

describe('the reply guarantee', () => {
  it('sends once when the bookkeeping after the send fails once, and a retry of the step sends nothing', async () => {
    const { t, runId } = await decided();
    const { mailer, sent } = scriptedMailer();
    const deps = {
      tickets: flaky({ markReplySent: 1 }),
      mailer,
      clock: clockAt(),
      newId: randomUUID,
      timing: DEFAULT_TIMING,
      replyLimits: a.replyLimits,
    };

    const first = await u.deliverReply(deps, { ticketId: t.ticketId, runId, email: draft(t) });
    const retry = await u.deliverReply(deps, { ticketId: t.ticketId, runId, email: draft(t) });

    expect(first).toMatchObject({ result: 'SENT', recorded: true });
    expect(retry).toEqual({ result: 'ALREADY_SENT' });
    expect(sent).toHaveLength(1);
    expect(await a.tickets.get(t.ticketId)).toMatchObject({ emailStatus: 'SENT' });
  });

  it('hands a send whose answer never came back to ops instead of sending again', async () => {
    const { t, runId } = await decided();
    const { mailer, sent } = scriptedMailer();
    const deps = {
      tickets: flaky({ markReplySent: 99 }),
      mailer,
      clock: clockAt(),
      newId: randomUUID,
      timing: DEFAULT_TIMING,
      replyLimits: a.replyLimits,
    };

    const first = await u.deliverReply(deps, { ticketId: t.ticketId, runId, email: draft(t) });
    const retry = await u.deliverReply(
      { ...deps, tickets: a.tickets },
      { ticketId: t.ticketId, runId, email: draft(t) },
    );

    expect(first).toMatchObject({ result: 'SENT', recorded: false });
    expect(retry).toEqual({ result: 'NOT_DELIVERED' });
    expect(sent).toHaveLength(1);
    expect(await escalation(t.ticketId)).toMatchObject({
      diagnosis: 'REPLY_NOT_DELIVERED',
      undeliveredReply: { reason: 'UNKNOWN' },
    });
  });

  it('fails a hanging SES call on its timeout and puts the drafted reply in the queue', async () => {
    const { t, runId } = await decided();
    const hanging = new SESv2Client({
      endpoint: blackHoleUrl,
      maxAttempts: 1,
      requestHandler: { requestTimeout: 500, connectionTimeout: 500, throwOnRequestTimeout: true },
    });
    const deps = {
      tickets: a.tickets,
      mailer: a.sesMailer('support@acquirer.example', hanging),
      clock: clockAt(),
      newId: randomUUID,
      timing: DEFAULT_TIMING,
      replyLimits: a.replyLimits,
    };

    const result = await u.deliverReply(deps, { ticketId: t.ticketId, runId, email: draft(t) });

    expect(result).toEqual({ result: 'NOT_DELIVERED' });
    const stored = await a.tickets.get(t.ticketId);
    expect(stored).toMatchObject({ outcome: 'ESCALATED', diagnosis: 'REPLY_NOT_DELIVERED', emailStatus: 'UNKNOWN' });
    expect(stored?.watchAtEpochMs).toBeUndefined();
    expect(await escalation(t.ticketId)).toMatchObject({
      undeliveredReply: { reason: 'UNKNOWN', email: { text: '请重新签到。' } },
    });
  });

  it('queues a reply the mail service refused', async () => {
    const { t, runId } = await decided();
    const { mailer } = scriptedMailer(new DeliveryError('REJECTED', 'MessageRejected: address blacklisted'));

    const result = await u.deliverReply(deliverDeps(mailer), { ticketId: t.ticketId, runId, email: draft(t) });

    expect(result).toEqual({ result: 'NOT_DELIVERED' });
    expect(await escalation(t.ticketId)).toMatchObject({ undeliveredReply: { reason: 'REJECTED' } });
  });

  it('gives the claim back when SES surely did not take the send, so the retry sends it once', async () => {
    const { t, runId } = await decided();
    const { mailer, sent } = scriptedMailer(new DeliveryError('NOT_SENT', 'ThrottlingException: Rate exceeded'));
    const deps = deliverDeps(mailer);

    await expect(u.deliverReply(deps, { ticketId: t.ticketId, runId, email: draft(t) })).rejects.toThrow(
      /Rate exceeded/,
    );
    const retry = await u.deliverReply(deps, { ticketId: t.ticketId, runId, email: draft(t) });

    expect(retry).toMatchObject({ result: 'SENT' });
    expect(sent).toHaveLength(1);
  });

  it('counts an auto-resolve for REPEAT_CONTACT only once its reply is delivered', async () => {
    const terminal = ownTerminal();
    const clock = clockAt();
    const undelivered = await decided(clock, { terminalId: terminal });
    const delivered = await decided(clock, { terminalId: terminal });
    const deps = (mailer: Mailer) => ({
      tickets: a.tickets,
      mailer,
      clock,
      newId: randomUUID,
      timing: DEFAULT_TIMING,
      replyLimits: a.replyLimits,
    });

    await u.deliverReply(deps(scriptedMailer(new DeliveryError('REJECTED', 'refused')).mailer), {
      ticketId: undelivered.t.ticketId,
      runId: undelivered.runId,
      email: draft(undelivered.t),
    });
    await u.deliverReply(deps(scriptedMailer().mailer), {
      ticketId: delivered.t.ticketId,
      runId: delivered.runId,
      email: draft(delivered.t),
    });

    const counted = await a.deliveredAutoResolvesOn(terminal, 0, Date.parse('2027-01-01T00:00:00Z'));
    expect(counted.map((c) => c.ticketId)).toEqual([delivered.t.ticketId]);
  });
});

describe('nothing stuck, and a true answer from the intake', () => {
  const deps = (workflow: WorkflowStarter, clock = clockAt(), tickets = a.tickets) => ({
    tickets,
    workflow,
    clock,
    newId: randomUUID,
    timing: DEFAULT_TIMING,
    replyLimits: a.replyLimits,
  });

  it('answers accepted within seconds when StartExecution hangs, and the reconciler starts the run', async () => {
    const hanging = new SFNClient({
      endpoint: blackHoleUrl,
      maxAttempts: 1,
      requestHandler: { requestTimeout: 500, connectionTimeout: 500, throwOnRequestTimeout: true },
    });
    const clock = clockAt();
    const t = ticket();

    const answer = await u.acceptTicket(
      deps(a.sfnWorkflowStarter('arn:aws:states:us-east-1:000000000000:stateMachine:X', hanging), clock),
      t,
    );
    clock.advance(DEFAULT_TIMING.decideWithinMs + 1);
    const { workflow, started } = recordingStarter();
    const report = await u.reconcile({ ...deps(workflow, clock, only([t.ticketId])), mailer: scriptedMailer().mailer });

    expect(answer).toEqual({ kind: 'ACCEPTED', ticketId: t.ticketId, executionArn: null });
    expect(report.redriven).toBe(1);
    expect(started.map((s) => s.ticket.ticketId)).toContain(t.ticketId);
    expect(await a.tickets.get(t.ticketId)).toMatchObject({ status: 'PROCESSING', runs: 2 });
  });

  it('answers 503 when the ticket cannot be stored, and the same delivery again is a first delivery', async () => {
    const t = ticket();

    const refused = await u.acceptTicket(deps(recordingStarter().workflow, clockAt(), flaky({ create: 1 })), t);
    const kept = await a.tickets.get(t.ticketId);
    const again = await u.acceptTicket(deps(recordingStarter().workflow), t);

    expect(refused).toMatchObject({ kind: 'UNAVAILABLE' });
    expect(kept).toBeNull();
    expect(again).toMatchObject({ kind: 'ACCEPTED' });
  });

  it('accepts and keeps a ticket whose start was refused, and the reconciler starts it', async () => {
    const clock = clockAt();
    const t = ticket();

    const answer = await u.acceptTicket(
      deps(recordingStarter(new StartError('NOT_STARTED', 'ThrottlingException')).workflow, clock),
      t,
    );
    clock.advance(DEFAULT_TIMING.decideWithinMs + 1);
    const { workflow, started } = recordingStarter();
    await u.reconcile({ ...deps(workflow, clock, only([t.ticketId])), mailer: scriptedMailer().mailer });

    expect(answer).toEqual({ kind: 'ACCEPTED', ticketId: t.ticketId, executionArn: null });
    expect(started.map((s) => s.ticket.ticketId)).toEqual([t.ticketId]);
  });

  it('escalates a ticket whose runs never finish, with the acknowledgement to the sender', async () => {
    const clock = clockAt();
    const t = ticket({ from: 'someone@elsewhere.example' });
    const { mailer, sent } = scriptedMailer();
    await u.acceptTicket(deps(recordingStarter(new StartError('UNKNOWN', 'no answer')).workflow, clock), t);

    for (let pass = 0; pass < DEFAULT_TIMING.maxRuns; pass++) {
      clock.advance(DEFAULT_TIMING.decideWithinMs + 1);
      await u.reconcile({ ...deps(recordingStarter().workflow, clock, only([t.ticketId])), mailer });
    }

    expect(await a.tickets.get(t.ticketId)).toMatchObject({
      outcome: 'ESCALATED',
      diagnosis: 'PROCESSING_ERROR',
      emailStatus: 'SENT',
    });
    expect(await escalation(t.ticketId)).toMatchObject({ processingError: { Error: 'RunNeverFinished' } });
    expect(sent).toEqual([expect.objectContaining({ to: 'someone@elsewhere.example', kind: 'ACKNOWLEDGEMENT' })]);
  });

  it('leaves a reply a live run is sending to that run until its claim goes stale, then hands it to ops', async () => {
    const clock = clockAt();
    const acceptedAt = clock.now().getTime();
    const { t, runId } = await decided(clock);
    clock.advance(DEFAULT_TIMING.decideWithinMs - 1_000);
    const claim = await a.tickets.claimReply(t.ticketId, {
      runId,
      token: 'live-run',
      at: clock.now(),
      staleBefore: new Date(0),
    });
    const watchedAtClaim = (await a.tickets.get(t.ticketId))?.watchAtEpochMs;
    const staleAt = clock.now().getTime() + DEFAULT_TIMING.sendWithinMs;
    const { mailer, sent } = scriptedMailer();
    const pass = () => u.reconcile({ ...deps(recordingStarter().workflow, clock, only([t.ticketId])), mailer });

    clock.advance(1_001);
    const whileLive = await pass();
    const deferredTo = (await a.tickets.get(t.ticketId))?.watchAtEpochMs;
    const nextPass = await pass();
    clock.advance(DEFAULT_TIMING.sendWithinMs);
    const once = await pass();

    expect(claim.kind).toBe('CLAIMED');
    expect(watchedAtClaim).toBe(acceptedAt + DEFAULT_TIMING.decideWithinMs);
    expect(whileLive).toMatchObject({ examined: 1, settled: 1 });
    expect(deferredTo).toBe(staleAt);
    expect(nextPass.examined).toBe(0);
    expect(once).toMatchObject({ examined: 1, escalated: 1 });
    expect(sent).toEqual([]);
    expect(await escalation(t.ticketId)).toMatchObject({
      diagnosis: 'REPLY_NOT_DELIVERED',
      undeliveredReply: { reason: 'UNKNOWN' },
    });
  });

  it('tries a reply the mail service surely did not take again one send deadline later, not on every pass', async () => {
    const clock = clockAt();
    const { t } = await decided(clock);
    const { mailer, sent } = scriptedMailer(new DeliveryError('NOT_SENT', 'ThrottlingException: Rate exceeded'));
    const pass = () => u.reconcile({ ...deps(recordingStarter().workflow, clock, only([t.ticketId])), mailer });

    clock.advance(DEFAULT_TIMING.decideWithinMs + 1);
    const throttled = await pass();
    const retryAt = (await a.tickets.get(t.ticketId))?.watchAtEpochMs;
    const meanwhile = await pass();
    clock.advance(DEFAULT_TIMING.sendWithinMs);
    const later = await pass();

    expect(throttled).toMatchObject({ examined: 1, errors: 1 });
    expect(retryAt).toBe(clock.now().getTime());
    expect(meanwhile.examined).toBe(0);
    expect(later).toMatchObject({ examined: 1, replied: 1 });
    expect(sent).toHaveLength(1);
  });

  it('still finishes a ticket whose failure could not be recorded (escalations unavailable)', async () => {
    const clock = clockAt();
    const t = ticket();
    const { workflow, started } = recordingStarter();
    await u.acceptTicket(deps(workflow, clock), t);
    const failing = {
      tickets: flaky({ escalate: 1 }),
      mailer: scriptedMailer().mailer,
      clock,
      newId: randomUUID,
      timing: DEFAULT_TIMING,
      replyLimits: a.replyLimits,
    };

    await expect(
      u.recordFailure(failing, {
        ticketId: t.ticketId,
        runId: String(started[0]?.runId),
        error: { Error: 'X', Cause: 'y' },
        recordsRead: {},
        decision: null,
        draft: null,
      }),
    ).rejects.toThrow();
    const watched = await a.tickets.get(t.ticketId);
    clock.advance(DEFAULT_TIMING.decideWithinMs + 1);
    const report = await u.reconcile({
      ...deps(recordingStarter().workflow, clock, only([t.ticketId])),
      mailer: scriptedMailer().mailer,
    });

    expect(watched?.watchAtEpochMs).toBeDefined();
    expect(report).toMatchObject({ examined: 1, redriven: 1 });
  });

  it('escalates a failed run with what it knew and acknowledges the sender', async () => {
    const t = ticket();
    const { workflow, started } = recordingStarter();
    await u.acceptTicket(deps(workflow), t);
    const { mailer, sent } = scriptedMailer();
    const d = decision(ownTerminal(), {
      outcome: 'ESCALATED',
      diagnosis: 'FEE_DISPUTE',
      findings: ['FEE_DISPUTE'],
      reasons: ['FEE_DISPUTE: disputed invoice INV-1'],
    });

    const result = await u.recordFailure(deliverDeps(mailer), {
      ticketId: t.ticketId,
      runId: String(started[0]?.runId),
      error: { Error: 'States.Timeout', Cause: 'Record decision timed out' },
      recordsRead: { identify: { via: 'TID' } },
      decision: d,
      draft: draft(t),
    });

    expect(result).toBe('ESCALATED');
    expect(await escalation(t.ticketId)).toMatchObject({
      diagnosis: 'PROCESSING_ERROR',
      findings: ['FEE_DISPUTE'],
      recordsRead: { identify: { via: 'TID' } },
      suggestedReply: { text: '请重新签到。' },
      reasons: expect.arrayContaining([
        expect.stringContaining('Record decision timed out'),
        'FEE_DISPUTE: disputed invoice INV-1',
      ]),
    });
    expect(sent).toEqual([expect.objectContaining({ to: t.from, kind: 'ACKNOWLEDGEMENT' })]);
  });
});

describe('the reply limits on DynamoDB', () => {
  const limit = { replies: 3, windowMs: 60 * 60_000 };

  it('lets three of ten replies raced at once to one address through, and the next once the window has moved', async () => {
    const address = `Racer${randomUUID()}@shop.example`;
    const at = new Date('2026-11-20T02:00:00Z');

    const taken = await Promise.all(Array.from({ length: 10 }, () => a.replyLimits.take(address, at, limit)));
    const sameAddressLowerCase = await a.replyLimits.take(address.toLowerCase(), at, limit);
    const anHourOn = await a.replyLimits.take(address, new Date(at.getTime() + limit.windowMs + 1), limit);

    expect(taken.filter(Boolean)).toHaveLength(3);
    expect(sameAddressLowerCase).toBe(false);
    expect(anHourOn).toBe(true);
  });
});
