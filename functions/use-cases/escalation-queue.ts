import { QUEUE_STATUSES, readResolve, type QueueStatus } from '#domain/queue';
import type { Clock, EscalationPage, EscalationRepository, QueueChange } from '#use-cases/ports';

export const MAX_PAGE = 100;
const MAX_FILTER = 64;

export type QueueResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; error: string; field?: string };

const invalid = (field: string, error: string): QueueResult<never> => ({ ok: false, status: 400, error, field });

export interface QueueDeps {
  escalations: EscalationRepository;
  clock: Clock;
}

/** The ops queue, newest first, a page at a time, by status and optionally by diagnosis, merchant or terminal. */
export async function listEscalations(
  deps: Pick<QueueDeps, 'escalations'>,
  query: Partial<Record<'status' | 'diagnosis' | 'merchantId' | 'terminalId' | 'limit' | 'cursor', string>>,
): Promise<QueueResult<EscalationPage & { status: QueueStatus }>> {
  const status = query.status ?? 'OPEN';
  const limit = Number(query.limit ?? 50);
  if (!(QUEUE_STATUSES as readonly string[]).includes(status)) return invalid('status', `status must be one of ${QUEUE_STATUSES.join(', ')}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) return invalid('limit', `limit must be a whole number from 1 to ${MAX_PAGE}`);
  for (const field of ['diagnosis', 'merchantId', 'terminalId'] as const) {
    const value = query[field];
    if (value !== undefined && (value === '' || value.length > MAX_FILTER)) return invalid(field, `${field} must be 1 to ${MAX_FILTER} characters`);
  }
  try {
    const page = await deps.escalations.list({
      status: status as QueueStatus,
      diagnosis: query.diagnosis ?? null,
      merchantId: query.merchantId ?? null,
      terminalId: query.terminalId ?? null,
      limit,
      cursor: query.cursor ?? null,
    });
    return { ok: true, value: { status: status as QueueStatus, ...page } };
  } catch (error) {
    if (error instanceof RangeError) return invalid('cursor', 'cursor is not one this API gave out');
    throw error;
  }
}

export async function getEscalation(deps: Pick<QueueDeps, 'escalations'>, escalationId: string): Promise<QueueResult<Record<string, unknown>>> {
  const item = await deps.escalations.get(escalationId);
  return item ? { ok: true, value: item } : { ok: false, status: 404, error: `no escalation ${escalationId}` };
}

/** Why a change was refused, in the reviewer's terms, from the item as it is now. */
function refusal(change: Exclude<QueueChange, { kind: 'DONE' }>, escalationId: string, by: string): QueueResult<never> {
  if (change.kind === 'NOT_FOUND') return { ok: false, status: 404, error: `no escalation ${escalationId}` };
  const { status, claimedBy } = change.item as { status?: string; claimedBy?: string | null };
  if (status === 'CLAIMED' && claimedBy !== by) return { ok: false, status: 409, error: `escalation ${escalationId} is claimed by ${claimedBy}` };
  if (status === 'RESOLVED') return { ok: false, status: 409, error: `escalation ${escalationId} is already resolved` };
  return { ok: false, status: 409, error: `escalation ${escalationId} is ${String(status).toLowerCase()}; claim it first` };
}

const outcome = (change: QueueChange, escalationId: string, by: string): QueueResult<Record<string, unknown>> =>
  change.kind === 'DONE' ? { ok: true, value: change.item } : refusal(change, escalationId, by);

/** Takes an open escalation for one reviewer; of two reviewers claiming at once, exactly one gets it. */
export async function claimEscalation(deps: QueueDeps, input: { escalationId: string; by: string }): Promise<QueueResult<Record<string, unknown>>> {
  return outcome(await deps.escalations.claim({ ...input, at: deps.clock.now() }), input.escalationId, input.by);
}

/** Gives a claimed escalation back to the queue; only its reviewer can. */
export async function releaseEscalation(deps: QueueDeps, input: { escalationId: string; by: string }): Promise<QueueResult<Record<string, unknown>>> {
  return outcome(await deps.escalations.release({ ...input, at: deps.clock.now() }), input.escalationId, input.by);
}

/** Resolves a claimed escalation (replied, fixed in records, rejected, duplicate) with a note; only its reviewer can. */
export async function resolveEscalation(
  deps: QueueDeps,
  input: { escalationId: string; by: string; body: unknown },
): Promise<QueueResult<Record<string, unknown>>> {
  const read = readResolve(input.body);
  if (!read.ok) return invalid(read.field, read.error);
  const { escalationId, by } = input;
  return outcome(await deps.escalations.resolve({ escalationId, by, resolution: read.resolution, note: read.note, at: deps.clock.now() }), escalationId, by);
}
