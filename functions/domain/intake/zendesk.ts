import type { Channel } from '#domain/triage/types';

/**
 * The JSON body a Zendesk trigger sends (Admin Center → Objects and rules → Triggers → action
 * "Notify by webhook"), with Zendesk's placeholders. The README shows the same template.
 */
export const ZENDESK_BODY_TEMPLATE = {
  ticket_id: '{{ticket.id}}',
  comment_id: '{{ticket.latest_comment.id}}',
  updated_at: '{{ticket.updated_at_with_timestamp}}',
  requester_email: '{{ticket.requester.email}}',
  subject: '{{ticket.title}}',
  comment: '{{ticket.latest_comment.value}}',
  via: '{{ticket.via}}',
  merchant_id: '{{ticket.organization.external_id}}',
} as const;

type ZendeskField = keyof typeof ZENDESK_BODY_TEMPLATE;

/** The contract field each Zendesk field becomes, so an error names the field the admin wrote. */
const ZENDESK_FIELD_OF: Record<string, ZendeskField> = {
  ticketId: 'ticket_id',
  receivedAt: 'updated_at',
  from: 'requester_email',
  subject: 'subject',
  body: 'comment',
  channel: 'via',
  merchantId: 'merchant_id',
};

export const zendeskFieldFor = (ticketField: string | null): string | null =>
  ticketField === null ? null : (ZENDESK_FIELD_OF[ticketField] ?? ticketField);

/** Zendesk's "via" (Mail, Web form, Chat, Messaging, API…) as the contract's channel. */
function channelOf(via: string): Channel {
  const v = via.toLowerCase();
  if (v.includes('mail')) return 'email';
  if (v.includes('chat') || v.includes('messaging')) return 'chat';
  return 'web';
}

export type ZendeskMapping =
  | { ok: true; ticket: Record<string, unknown> }
  | { ok: false; error: string; field: string | null };

const asText = (value: unknown) => (typeof value === 'number' ? String(value) : value);

/**
 * A Zendesk delivery as the contract's ticket. Each comment is its own ticket
 * (`ZD-<ticket>-<comment>`), so a merchant's follow-up on the same Zendesk ticket is triaged
 * again, while Zendesk's retries of one comment stay one ticket; so the comment's ID is
 * required. Other placeholders Zendesk rendered empty are left out.
 */
export function ticketFromZendesk(input: unknown): ZendeskMapping {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, error: 'a Zendesk delivery must be a JSON object', field: null };
  }
  const doc = input as Record<string, unknown>;
  const unknown = Object.keys(doc).find((k) => !(k in ZENDESK_BODY_TEMPLATE));
  if (unknown !== undefined) return { ok: false, error: `unknown field ${unknown}`, field: unknown };
  const value = (field: ZendeskField) => {
    const v = asText(doc[field]);
    return typeof v === 'string' && v.trim() === '' ? undefined : v;
  };
  const id = value('ticket_id');
  if (typeof id !== 'string' || !/^\d{1,20}$/.test(id)) {
    return { ok: false, error: 'ticket_id must be the Zendesk ticket number', field: 'ticket_id' };
  }
  const commentId = value('comment_id');
  // Without it every comment of a ticket would be one ticketId, and a merchant's follow-up a "duplicate".
  if (commentId === undefined) {
    return {
      ok: false,
      error: `comment_id is missing or empty: the trigger's JSON body must set it to ${ZENDESK_BODY_TEMPLATE.comment_id}`,
      field: 'comment_id',
    };
  }
  if (typeof commentId !== 'string' || !/^\d{1,24}$/.test(commentId)) {
    return { ok: false, error: 'comment_id must be the Zendesk comment number', field: 'comment_id' };
  }
  const via = value('via');
  const ticket: Record<string, unknown> = {
    ticketId: `ZD-${id}-${commentId}`,
    receivedAt: value('updated_at'),
    from: value('requester_email'),
    subject: doc.subject ?? '',
    body: doc.comment ?? '',
    ...(typeof via === 'string' ? { channel: channelOf(via) } : {}),
    ...(value('merchant_id') !== undefined ? { merchantId: value('merchant_id') } : {}),
  };
  return { ok: true, ticket };
}
