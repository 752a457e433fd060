import type { Clock, EscalationPage, EscalationRepository } from '#use-cases/ports';

export const ESCALATION_STATUSES = ['OPEN', 'CLOSED'] as const;
export const MAX_PAGE = 100;
const MAX_NOTE = 2_000;
const MAX_NAME = 200;

export type QueueResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; error: string; field?: string };

const invalid = (field: string, error: string): QueueResult<never> => ({ ok: false, status: 400, error, field });

/** The ops queue, newest first, a page at a time. */
export async function listEscalations(
  deps: { escalations: EscalationRepository },
  query: { status?: string; limit?: string; cursor?: string },
): Promise<QueueResult<EscalationPage & { status: string }>> {
  const status = query.status ?? 'OPEN';
  const limit = Number(query.limit ?? 50);
  if (!(ESCALATION_STATUSES as readonly string[]).includes(status)) {
    return invalid('status', `status must be one of ${ESCALATION_STATUSES.join(', ')}`);
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    return invalid('limit', `limit must be a whole number from 1 to ${MAX_PAGE}`);
  }
  try {
    const page = await deps.escalations.list({ status: status as 'OPEN' | 'CLOSED', limit, cursor: query.cursor ?? null });
    return { ok: true, value: { status, ...page } };
  } catch (error) {
    if (error instanceof RangeError) return invalid('cursor', 'cursor is not one this API gave out');
    throw error;
  }
}

/** Takes an escalation out of the open queue, with who closed it and why. */
export async function closeEscalation(
  deps: { escalations: EscalationRepository; clock: Clock },
  input: { escalationId: string; body: unknown },
): Promise<QueueResult<{ escalationId: string; status: 'CLOSED'; closedAt: string }>> {
  const body = input.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body) || body === null) return invalid('body', 'the body must be a JSON object');
  const { note = '', closedBy = 'ops' } = body as Record<string, unknown>;
  if (typeof note !== 'string' || note.length > MAX_NOTE) return invalid('note', `note must be a string of at most ${MAX_NOTE} characters`);
  if (typeof closedBy !== 'string' || closedBy.length === 0 || closedBy.length > MAX_NAME) {
    return invalid('closedBy', `closedBy must be a non-empty string of at most ${MAX_NAME} characters`);
  }
  const { escalationId } = input;
  const closed = await deps.escalations.close({ escalationId, by: closedBy, note, at: deps.clock.now() });
  switch (closed.kind) {
    case 'CLOSED':
      return { ok: true, value: { escalationId, status: 'CLOSED', closedAt: closed.closedAt } };
    case 'ALREADY_CLOSED':
      return { ok: false, status: 409, error: `escalation ${escalationId} is already closed` };
    case 'NOT_FOUND':
      return { ok: false, status: 404, error: `no escalation ${escalationId}` };
  }
}
