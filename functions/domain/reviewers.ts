/** A reviewer's name as accounts are made: 1 to 64 of letters, digits and `. _ @ + -`. */
export const REVIEWER_NAME = /^[\w.@+-]{1,64}$/;

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;
const MAX_EMAIL = 254;

type Read<T> = ({ ok: true } & T) | { ok: false; field: string; error: string };

const notObject = { ok: false, field: 'body', error: 'the body must be a JSON object' } as const;
const isObject = (body: unknown): body is Record<string, unknown> =>
  body !== null && typeof body === 'object' && !Array.isArray(body);

/**
 * A new reviewer's account as an admin asks for it: a name (not an email address: the sign-in
 * takes the email as an alias of the name), the email the invitation goes to, and whether the
 * account is an admin's.
 */
export function readNewReviewer(body: unknown): Read<{ name: string; email: string; admin: boolean }> {
  if (!isObject(body)) return notObject;
  const { name, email, admin = false } = body;
  if (typeof name !== 'string' || !REVIEWER_NAME.test(name) || name.includes('@'))
    return { ok: false, field: 'name', error: 'name must be 1 to 64 of letters, digits, . _ + - (no @)' };
  if (typeof email !== 'string' || email.length > MAX_EMAIL || !EMAIL.test(email))
    return { ok: false, field: 'email', error: 'email must be an email address' };
  if (typeof admin !== 'boolean') return { ok: false, field: 'admin', error: 'admin must be true or false' };
  return { ok: true, name, email, admin };
}

/**
 * A change an admin makes to an account: admin or not, enabled or not (at least one). No admin
 * changes their own: the last admin could not undo it, and a demoted one could not undo the demotion.
 */
export function readReviewerChange(
  body: unknown,
  name: string,
  by: string,
): Read<{ change: { admin?: boolean; enabled?: boolean } }> {
  if (!isObject(body)) return notObject;
  const change: { admin?: boolean; enabled?: boolean } = {};
  for (const field of ['admin', 'enabled'] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return { ok: false, field, error: `${field} must be true or false` };
    change[field] = value;
  }
  if (change.admin === undefined && change.enabled === undefined)
    return { ok: false, field: 'body', error: 'say admin or enabled (true or false)' };
  if (name === by)
    return { ok: false, field: 'reviewerName', error: 'no admin changes their own account; another admin can' };
  return { ok: true, change };
}
