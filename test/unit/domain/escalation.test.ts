import { describe, expect, it } from 'vitest';
import { decisionPacket, escalationIdFor, failurePacket, undeliveredPacket } from '#domain/escalation';
import type { Email } from '#domain/replies/compose';
import type { Decision } from '#domain/triage/types';
import { ticket } from '#fixtures/domain';

const t = ticket();
const base = { ticket: t, recordsRead: { identify: { via: 'TID' } }, createdAt: '2026-11-20T02:00:00.000Z' };
const email: Email = {
  to: 'owner@riverside.example',
  subject: `[${t.ticketId}] 处理方法`,
  text: '请重新签到。',
  language: 'zh',
  kind: 'FIX',
};
const decision: Decision = {
  outcome: 'ESCALATED',
  diagnosis: 'FEE_DISPUTE',
  findings: ['FEE_DISPUTE', 'FEES_OVERDUE'],
  overdueInvoices: [],
  merchantId: '898600000000001',
  terminalId: '40000001',
  language: 'zh',
  replyTo: t.from,
  reasons: ['FEE_DISPUTE: disputed invoice INV-1', 'FEES_OVERDUE: INV-2'],
};

describe('escalation packets', () => {
  it('names one escalation per ticket', () => {
    expect(escalationIdFor('ZD-1')).toBe('ESC-ZD-1');
  });

  it('carries every finding, reason, record read and the acknowledgement for a rules escalation', () => {
    const packet = decisionPacket({
      ...base,
      decision,
      suggestedReply: { to: 'a@b.example', subject: 's', text: 't', language: 'zh' },
      acknowledgement: email,
    });

    expect(packet).toMatchObject({
      escalationId: `ESC-${t.ticketId}`,
      status: 'OPEN',
      diagnosis: 'FEE_DISPUTE',
      findings: ['FEE_DISPUTE', 'FEES_OVERDUE'],
      reasons: decision.reasons,
      recordsRead: base.recordsRead,
      acknowledgement: { to: email.to, subject: email.subject },
    });
    expect(packet.processingError).toBeUndefined();
  });

  it('puts the error first and keeps what the rules had found when a run fails', () => {
    const packet = failurePacket({
      ...base,
      error: { Error: 'States.Timeout', Cause: 'x'.repeat(5_000) },
      decision,
      draft: email,
      acknowledgement: null,
    });

    expect(packet.diagnosis).toBe('PROCESSING_ERROR');
    expect(packet.findings).toEqual(decision.findings);
    expect(packet.reasons[0]).toMatch(/^PROCESSING_ERROR: States.Timeout: x+$/);
    expect(packet.reasons[0]?.length).toBe(2_000);
    expect(packet.suggestedReply).toEqual({ to: email.to, subject: email.subject, text: email.text, language: 'zh' });
  });

  it('has no findings and no drafted reply when a run failed before the rules ran', () => {
    const packet = failurePacket({
      ...base,
      error: { Error: 'E', Cause: 'c' },
      decision: null,
      draft: null,
      acknowledgement: null,
    });

    expect(packet).toMatchObject({ findings: [], merchantId: null, terminalId: null, suggestedReply: null });
  });

  it('attaches the undelivered email and says how sure we are that it did not go out', () => {
    const packet = undeliveredPacket({ ...base, decision, email, reason: 'UNKNOWN', detail: 'TimeoutError' });

    expect(packet.diagnosis).toBe('REPLY_NOT_DELIVERED');
    expect(packet.undeliveredReply).toEqual({ reason: 'UNKNOWN', detail: 'TimeoutError', email });
    expect(packet.reasons[0]).toMatch(/may or may not have sent the reply.*TimeoutError/);
    expect(packet.suggestedReply?.text).toBe(email.text);
  });
});
