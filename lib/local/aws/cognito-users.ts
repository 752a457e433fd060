import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';

export interface LocalReviewer {
  name: string;
  email?: string;
  admin?: boolean;
}

interface User {
  name: string;
  email: string | null;
  enabled: boolean;
  groups: string[];
  created: number;
}

type Answer = { status: 200; body: unknown } | { status: 400; type: string; message: string };
const fail = (type: string, message: string): Answer => ({ status: 400, type, message });
const PAGE = 60;

/**
 * The parts of a Cognito user pool the ops API calls (JSON 1.1, `AWSCognitoIdentityProviderService.*`):
 * listing users and group members, reading one, making one, enabling and disabling it, and adding
 * it to or removing it from a group. The pool starts with `initial` and, given `keepIn`, keeps its
 * users in that file across starts. No mail goes out for a new user: locally a reviewer signs in
 * with a token `npm run ops-token` makes.
 */
export function cognitoUsers(options: {
  userPoolId: string;
  groups: readonly string[];
  adminGroup: string;
  initial: readonly LocalReviewer[];
  keepIn?: string;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  const users = new Map<string, User>();
  const kept = options.keepIn ? readKept(options.keepIn) : null;
  for (const user of kept ?? options.initial.map((r) => newUser(r, now()))) users.set(user.name, user);
  const save = () => {
    if (!options.keepIn) return;
    writeFileSync(`${options.keepIn}.tmp`, JSON.stringify([...users.values()], null, 1));
    renameSync(`${options.keepIn}.tmp`, options.keepIn);
  };
  function newUser(r: LocalReviewer, at: number): User {
    return {
      name: r.name,
      email: r.email ?? null,
      enabled: true,
      groups: r.admin ? [options.adminGroup] : [],
      created: at,
    };
  }
  const userType = (u: User) => ({
    Username: u.name,
    Attributes: u.email ? [{ Name: 'email', Value: u.email }] : [],
    Enabled: u.enabled,
    UserStatus: 'CONFIRMED',
    UserCreateDate: u.created / 1_000,
    UserLastModifiedDate: u.created / 1_000,
  });
  const page = (all: User[], token: unknown, limit: unknown) => {
    const start = typeof token === 'string' ? Number(token) : 0;
    const size = typeof limit === 'number' && limit > 0 ? Math.min(limit, PAGE) : PAGE;
    const slice = all.slice(start, start + size);
    return { users: slice.map(userType), next: start + size < all.length ? String(start + size) : undefined };
  };

  const operations: Record<string, (input: Record<string, unknown>) => Answer> = {
    ListUsers(input) {
      const { users: Users, next } = page([...users.values()], input.PaginationToken, input.Limit);
      return { status: 200, body: { Users, ...(next ? { PaginationToken: next } : {}) } };
    },
    ListUsersInGroup(input) {
      const group = String(input.GroupName);
      if (!options.groups.includes(group)) return fail('ResourceNotFoundException', `Group not found: ${group}`);
      const members = [...users.values()].filter((u) => u.groups.includes(group));
      const { users: Users, next } = page(members, input.NextToken, input.Limit);
      return { status: 200, body: { Users, ...(next ? { NextToken: next } : {}) } };
    },
    AdminGetUser(input) {
      return withUser(input, (u) => {
        const { Attributes, ...rest } = userType(u);
        return { status: 200, body: { ...rest, UserAttributes: Attributes } };
      });
    },
    AdminListGroupsForUser(input) {
      return withUser(input, (u) => ({
        status: 200,
        body: { Groups: u.groups.map((GroupName) => ({ GroupName, UserPoolId: options.userPoolId })) },
      }));
    },
    AdminCreateUser(input) {
      const name = String(input.Username ?? '');
      if (!name) return fail('InvalidParameterException', 'Username is required');
      if (users.has(name)) return fail('UsernameExistsException', 'User account already exists');
      const attributes = (input.UserAttributes as Array<{ Name?: string; Value?: string }> | undefined) ?? [];
      const email = attributes.find((a) => a.Name === 'email')?.Value;
      const user = newUser({ name, ...(email ? { email } : {}) }, now());
      users.set(name, user);
      save();
      return { status: 200, body: { User: userType(user) } };
    },
    AdminEnableUser: (input) => change(input, (u) => void (u.enabled = true)),
    AdminDisableUser: (input) => change(input, (u) => void (u.enabled = false)),
    AdminAddUserToGroup: (input) => inGroup(input, (u, group) => void (u.groups = [...new Set([...u.groups, group])])),
    AdminRemoveUserFromGroup: (input) =>
      inGroup(input, (u, group) => void (u.groups = u.groups.filter((g) => g !== group))),
  };
  /** Like a pool with email as a sign-in alias, Admin* calls find a user by name or by email. */
  function byNameOrAlias(username: string): User | undefined {
    return users.get(username) ?? [...users.values()].find((u) => u.email?.toLowerCase() === username.toLowerCase());
  }
  function withUser(input: Record<string, unknown>, then: (user: User) => Answer): Answer {
    const user = byNameOrAlias(String(input.Username ?? ''));
    return user ? then(user) : fail('UserNotFoundException', 'User does not exist.');
  }
  function change(input: Record<string, unknown>, apply: (user: User) => void): Answer {
    return withUser(input, (user) => (apply(user), save(), { status: 200, body: {} }));
  }
  function inGroup(input: Record<string, unknown>, apply: (user: User, group: string) => void): Answer {
    const group = String(input.GroupName ?? '');
    if (!options.groups.includes(group)) return fail('ResourceNotFoundException', `Group not found: ${group}`);
    return change(input, (user) => apply(user, group));
  }

  return (target: string, body: string, res: ServerResponse): void => {
    const operation = operations[target.replace(/^AWSCognitoIdentityProviderService\./, '')];
    let answer: Answer | undefined;
    let input: Record<string, unknown> = {};
    try {
      input = JSON.parse(body || '{}') as Record<string, unknown>;
    } catch {
      answer = fail('InvalidParameterException', 'the request is not JSON');
    }
    answer ??= !operation
      ? fail('InvalidParameterException', `${target} is not served locally`)
      : input.UserPoolId !== options.userPoolId
        ? fail('ResourceNotFoundException', `User pool ${String(input.UserPoolId)} does not exist.`)
        : operation(input);
    res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(answer.status === 200 ? answer.body : { __type: answer.type, message: answer.message }));
  };
}

/** The users an earlier start kept, or null when there are none (a first start). */
function readKept(file: string): User[] | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as User[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`the local user pool's file ${file} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
